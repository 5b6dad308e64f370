package io.khata.net.p2p;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.proto.Envelope;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The wire framing: a 4-byte big-endian length, then that many bytes of one {@link Envelope}.
 * Outbound frames are encoded once into a byte array that every peer's queue shares.
 */
final class Frames {
    static final int LENGTH_BYTES = 4;

    private Frames() {
    }

    /** Length prefix and envelope in one array; the envelope must hold a message and fit {@code envelopeBytesMax}. */
    static byte[] encode(Envelope envelope, int envelopeBytesMax) {
        if (envelope.getMessageCase() == Envelope.MessageCase.MESSAGE_NOT_SET) {
            throw new IllegalArgumentException("an envelope must carry a message");
        }
        int size = envelope.getSerializedSize();
        if (size > envelopeBytesMax) {
            throw new IllegalArgumentException(
                    "a " + envelope.getMessageCase() + " envelope of " + size + " bytes is over the frame limit of "
                            + envelopeBytesMax);
        }
        byte[] frame = new byte[LENGTH_BYTES + size];
        frame[0] = (byte) (size >>> 24);
        frame[1] = (byte) (size >>> 16);
        frame[2] = (byte) (size >>> 8);
        frame[3] = (byte) size;
        CodedOutputStream output = CodedOutputStream.newInstance(frame, LENGTH_BYTES, size);
        try {
            envelope.writeTo(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        output.checkNoSpaceLeft();
        return frame;
    }

    /**
     * Decodes the body of one frame (the length already stripped); a decode failure, a missing
     * message or a field this schema does not know at the envelope's top level throws
     * {@link InvalidProtocolBufferException} (an unknown oneof case decodes to no message).
     */
    static Envelope decode(ByteBuf body) throws InvalidProtocolBufferException {
        Envelope envelope = Envelope.parseFrom(body.nioBuffer());
        if (envelope.getMessageCase() == Envelope.MessageCase.MESSAGE_NOT_SET) {
            throw new InvalidProtocolBufferException("the envelope carries no known message");
        }
        if (!envelope.getUnknownFields().asMap().isEmpty()) {
            throw new InvalidProtocolBufferException("the envelope has fields this schema does not know: "
                    + envelope.getUnknownFields().asMap().keySet());
        }
        return envelope;
    }
}
