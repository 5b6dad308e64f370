package io.khata.net.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.proto.Envelope;
import io.khata.proto.Status;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void encodesABigEndianLengthThenTheEnvelopeAndDecodesItBack() throws InvalidProtocolBufferException {
        Envelope envelope = Envelope.newBuilder().setStatus(Status.newBuilder().setHeight(7).setRound(2)).build();
        byte[] frame = Frames.encode(envelope, 1024);
        int size = envelope.getSerializedSize();
        assertEquals(4 + size, frame.length);
        assertEquals(size, java.nio.ByteBuffer.wrap(frame).getInt());
        assertEquals(envelope, Frames.decode(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 4, frame.length))));
    }

    @Test
    void anEnvelopeExactlyAtTheLimitIsSentAndOneByteMoreIsNot() {
        Envelope envelope = Envelope.newBuilder().setStatus(Status.newBuilder().setHeight(7)).build();
        int size = envelope.getSerializedSize();
        assertEquals(4 + size, Frames.encode(envelope, size).length);
        assertThrows(IllegalArgumentException.class, () -> Frames.encode(envelope, size - 1));
    }

    @Test
    void decodingRefusesAnEnvelopeWithoutAKnownMessage() {
        assertThrows(InvalidProtocolBufferException.class, () -> Frames.decode(Unpooled.EMPTY_BUFFER));
        assertThrows(InvalidProtocolBufferException.class,
                () -> Frames.decode(Unpooled.wrappedBuffer(new byte[] {(byte) 0xF8, 0x06, 0x01})));
    }
}
