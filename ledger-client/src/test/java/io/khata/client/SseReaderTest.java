package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {
    private static SseReader reader(String text, int frameBytesMax) {
        return new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), frameBytesMax);
    }

    @Test
    void readsFramesWithAnyLineEndingSkippingCommentsAndUnknownFields() throws Exception {
        SseReader frames = reader(": hello\r\nid: 1\r\nevent: block\r\nretry: 10\r\nfoo: bar\r\ndata: {\"a\":1}\r\n\r\n"
                + "id:2\revent:block\rdata: x\rdata: y\r\r"
                + "data: no id change\n\n"
                + "id: 4\nevent: block\ndata: cut off by the end", 1024);
        assertEquals(new SseReader.Frame("1", "block", "{\"a\":1}"), frames.next());
        assertEquals(new SseReader.Frame("2", "block", "x\ny"), frames.next());
        assertEquals(new SseReader.Frame("2", "message", "no id change"), frames.next());
        assertNull(frames.next());
    }

    @Test
    void aLineOrAFrameOverTheLimitIsRefusedBeforeItIsHeld() {
        assertThrows(SseReader.FrameTooLarge.class, () -> reader("data: " + "x".repeat(2000), 1024).next());
        assertThrows(SseReader.FrameTooLarge.class, () -> reader(("data: " + "x".repeat(500) + "\n").repeat(3) + "\n", 1024)
                .next());
        assertThrows(SseReader.FrameTooLarge.class, () -> reader(":" + "k".repeat(5000) + "\n", 1024).next());
    }
}
