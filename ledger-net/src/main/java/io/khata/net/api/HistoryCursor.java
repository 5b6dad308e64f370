package io.khata.net.api;

import io.khata.core.store.TxLocation;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The opaque cursor of an account history page: the position (height, index) of the last
 * transaction handed out, as 12 bytes in unpadded base64url. A position, not an offset, so
 * blocks committed between two page reads never shift the next page. Clients must not build
 * cursors themselves; a cursor that does not decode to a position in the chain is refused.
 */
final class HistoryCursor {
    private static final int BYTES = 12;
    private static final int TEXT_CHARS = 16;

    private HistoryCursor() {
    }

    static String encode(TxLocation location) {
        byte[] bytes = ByteBuffer.allocate(BYTES).putLong(location.height()).putInt(location.index()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static TxLocation decode(String text) throws ApiException {
        if (text.length() != TEXT_CHARS) {
            throw bad();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
        if (bytes.length != BYTES) {
            throw bad();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long height = buffer.getLong();
        int index = buffer.getInt();
        if (height < 1 || index < 0 || !encode(new TxLocation(height, index)).equals(text)) {
            throw bad();
        }
        return new TxLocation(height, index);
    }

    private static ApiException bad() {
        return new ApiException(400, "bad_cursor", "the cursor is not one this API handed out; pass next_cursor"
                + " from the previous page unchanged, or no cursor for the newest page");
    }
}
