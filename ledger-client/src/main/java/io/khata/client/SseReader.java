package io.khata.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events frames (the WHATWG event-stream format) from a byte stream, bounded:
 * a line longer than the frame limit, or a frame whose data adds up past it, stops the reader
 * with {@link FrameTooLarge} before more than the limit is held. Lines end in LF, CRLF or CR;
 * lines starting with ':' are comments (the server's keep-alives) and are skipped; unknown fields
 * are ignored as the format requires.
 */
final class SseReader {
    /** One dispatched event: the last {@code id:} seen, its {@code event:} type and its data lines joined by LF. */
    record Frame(String id, String event, String data) {
    }

    static final class FrameTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        FrameTooLarge(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final int frameBytesMax;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean pendingLineFeed;
    private String lastId;

    SseReader(InputStream in, int frameBytesMax) {
        this.in = in;
        this.frameBytesMax = frameBytesMax;
    }

    /** The next frame with data, or null at the end of the stream (a frame cut off by the end is dropped). */
    Frame next() throws IOException {
        String event = null;
        StringBuilder data = null;
        int dataChars = 0;
        while (true) {
            String text = readLine();
            if (text == null) {
                return null;
            }
            if (text.isEmpty()) {
                if (data != null) {
                    return new Frame(lastId, event == null ? "message" : event, data.toString());
                }
                event = null;
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1 + (colon + 1 < text.length() && text.charAt(colon + 1) == ' ' ? 1 : 0));
            switch (field) {
                case "data":
                    dataChars += value.length() + 1;
                    if (dataChars > frameBytesMax) {
                        throw new FrameTooLarge("an event's data is over the limit of " + frameBytesMax + " bytes");
                    }
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    break;
                case "event":
                    event = value;
                    break;
                case "id":
                    if (value.indexOf('\0') < 0) {
                        lastId = value;
                    }
                    break;
                default:
                    break; // "retry" and unknown fields: ignored
            }
        }
    }

    /** One line without its terminator, or null at the end of the stream. */
    private String readLine() throws IOException {
        line.reset();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (pendingLineFeed) {
                pendingLineFeed = false;
                if (b == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                pendingLineFeed = true;
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= frameBytesMax) {
                throw new FrameTooLarge("a line of the event stream is over the limit of " + frameBytesMax + " bytes");
            }
            line.write(b);
        }
    }
}
