package io.khata.net.api;

import io.khata.core.audit.BundleExport;
import io.khata.core.audit.ChainSource;
import io.khata.core.ledger.Ledger;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /blocks?from=H1&to=H2}: the bulk endpoint an audit export reads. The answer
 * ({@code application/octet-stream}) is a sequence of audit bundle records (type byte, 4-byte
 * big-endian length, protobuf payload; see {@code io.khata.core.audit}): the validator sets in
 * force at H1-1, H1 and H1+1, then each block from H1 with its commit certificate exactly as
 * stored, each followed by the set it puts in force when it changes one. One answer holds at most
 * {@value #BLOCKS_MAX} blocks and stops after about {@value #BYTES_BUDGET} bytes (always at least
 * one block), so a request never makes the node hold more than that; the header
 * {@value #LAST_HEIGHT_HEADER} says where it stopped, and the client asks again from there.
 */
final class BlockRangeReply {
    static final int BLOCKS_MAX = 1_000;
    static final long BYTES_BUDGET = 8L * 1024 * 1024;
    static final String LAST_HEIGHT_HEADER = "X-Khata-Last-Height";

    private BlockRangeReply() {
    }

    /** The page's bytes and the last height in it. */
    record Page(byte[] body, long lastHeight) {
    }

    static Page page(Ledger ledger, QueryStringDecoder uri) throws ApiException {
        return page(ledger, uri, BLOCKS_MAX, BYTES_BUDGET);
    }

    /** A page under other bounds, for tests of the paging. */
    static Page page(Ledger ledger, QueryStringDecoder uri, long blocksMax, long bytesBudget) throws ApiException {
        long height = ledger.height();
        long from = parameter(uri, "from", -1);
        long to = parameter(uri, "to", height);
        if (from < 1) {
            throw new ApiException(400, "bad_height", "give the first height as from=H, a positive integer");
        }
        if (from > height) {
            throw new ApiException(404, "not_found", "no block at height " + from + "; the chain is at " + height);
        }
        if (to < from) {
            throw new ApiException(400, "bad_height", "to=" + to + " is below from=" + from);
        }
        long last = Math.min(Math.min(to, height), from + blocksMax - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            long written = BundleExport.page(ChainSource.of(ledger), from, last, bytesBudget, out);
            return new Page(out.toByteArray(), written);
        } catch (IOException e) {
            throw new IllegalStateException("the node's own blocks " + from + ".." + last + " cannot be read", e);
        }
    }

    private static long parameter(QueryStringDecoder uri, String name, long absent) throws ApiException {
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            String value = values.get(0);
            throw new ApiException(400, "bad_height", name + " must be an integer, got '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }
}
