package io.khata.net.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.audit.BundleExport;
import io.khata.core.audit.BundleFormat;
import io.khata.core.audit.BundleReader;
import io.khata.core.audit.BundleRecord;
import io.khata.core.audit.BundleWriter;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.codec.ProtoJson;
import io.khata.core.crypto.PublicKey;
import io.khata.net.apiclient.ApiAccessOptions;
import io.khata.proto.api.StatusResponse;
import io.khata.proto.audit.AuditBlock;
import io.khata.proto.audit.AuditValidatorSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports over a node's HTTP API: {@code GET /status} for the chain id and height, then
 * {@code GET /blocks?from=&to=} page by page, copying each page's records into the bundle as
 * they arrive. Nothing the node sends is trusted here: the verifier authenticates every byte,
 * so this only checks what it needs to assemble the file (heights in order, the framing).
 */
final class HttpExport {

    /** The validator sets a page starts with: those in force at from - 1, from and from + 1. */
    private static final int LEADING_SETS = 3;

    private final HttpClient http;
    private final String token;
    private final String base;
    private final long pageBlocks;

    /** Asks for at most {@code pageBlocks} blocks per request (the node may send fewer). */
    HttpExport(String nodeUrl, long pageBlocks) {
        this(nodeUrl, pageBlocks, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), null);
    }

    /** With the client (its TLS trust) and the bearer token (or null) of a secured API. */
    HttpExport(String nodeUrl, long pageBlocks, HttpClient http, String token) {
        this.http = http;
        this.token = token;
        if (pageBlocks < 1) {
            throw new IllegalArgumentException("--page-blocks must be at least 1, got " + pageBlocks);
        }
        this.base = nodeUrl.endsWith("/") ? nodeUrl.substring(0, nodeUrl.length() - 1) : nodeUrl;
        this.pageBlocks = pageBlocks;
    }

    /** Writes heights {@code from..to} (to the node's height when null); returns the range written. */
    long[] export(long from, Long to, OutputStream out) throws IOException, InterruptedException {
        StatusResponse.Builder status = StatusResponse.newBuilder();
        ProtoJson.mergeIgnoringUnknown(getText("/status"), status);
        String chainId = status.getChainId();
        long height = status.getHeight();
        long last = to == null ? height : to;
        if (from < 1 || last < from || last > height) {
            throw new IllegalArgumentException("no blocks " + from + ".." + last + " on a node at height " + height);
        }
        BundleWriter writer = new BundleWriter(out);
        writer.start(chainId, from, last);
        long next = from;
        boolean first = true;
        while (next <= last) {
            long pageLast = Math.min(last, next + pageBlocks - 1);
            List<BundleRecord> page = page(next, pageLast);
            List<ValidatorSet> leading = new ArrayList<>();
            int index = 0;
            for (; index < page.size() && page.get(index).type() == BundleFormat.VALIDATORS; index++) {
                leading.add(set(page.get(index)));
            }
            if (first && from > 1) {
                writeAnchor(writer, from, leading);
            }
            first = false;
            long before = next;
            for (; index < page.size(); index++) {
                BundleRecord record = page.get(index);
                if (record.type() == BundleFormat.BLOCK) {
                    long recordHeight = AuditBlock.parseFrom(record.payload()).getHeight();
                    if (recordHeight != next) {
                        throw new IOException("the node sent block " + recordHeight + " where " + next + " comes next");
                    }
                    next++;
                }
                writer.copy(record);
            }
            if (next == before) {
                throw new IOException("the node sent no block from height " + before);
            }
        }
        writer.end();
        return new long[] {from, last};
    }

    private void writeAnchor(BundleWriter writer, long from, List<ValidatorSet> leading) throws IOException, InterruptedException {
        if (leading.size() != LEADING_SETS) {
            throw new IOException("the node sent " + leading.size() + " validator sets before block " + from + ", not 3");
        }
        List<BundleRecord> headers = page(Math.max(1, from - 2), from - 1);
        byte[] grandparent = new byte[0];
        byte[] parent = null;
        for (BundleRecord record : headers) {
            if (record.type() == BundleFormat.BLOCK) {
                AuditBlock block = AuditBlock.parseFrom(record.payload());
                byte[] header = BundleExport.headerOf(block.getBlock().toByteArray());
                if (block.getHeight() == from - 1) {
                    parent = header;
                } else if (block.getHeight() == from - 2) {
                    grandparent = header;
                }
            }
        }
        if (parent == null) {
            throw new IOException("the node sent no block at height " + (from - 1));
        }
        writer.anchor(grandparent, parent, from, leading.get(0), leading.get(1), leading.get(2));
    }

    private List<BundleRecord> page(long from, long to) throws IOException, InterruptedException {
        HttpRequest request = ApiAccessOptions.authorize(HttpRequest.newBuilder(URI.create(base + "/blocks?from=" + from
                        + "&to=" + to)), token).timeout(Duration.ofSeconds(120)).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET /blocks?from=" + from + " answered HTTP " + response.statusCode() + ": "
                        + new String(body.readNBytes(4096), StandardCharsets.UTF_8));
            }
            BundleReader reader = new BundleReader(body, BundleFormat.recordBytesMax(Limits.DEFAULT));
            List<BundleRecord> records = new ArrayList<>();
            long recordsMax = LEADING_SETS + 2 * (to - from + 1);
            for (Result<BundleRecord> next = reader.next(); next != null; next = reader.next()) {
                if (records.size() >= recordsMax) {
                    throw new IOException("the node sent more than " + recordsMax + " records for blocks " + from + ".." + to);
                }
                if (!next.isOk()) {
                    throw new IOException("the node's answer is not a sequence of records: " + next.rejection().message());
                }
                records.add(next.value());
            }
            return records;
        }
    }

    private static ValidatorSet set(BundleRecord record) throws InvalidProtocolBufferException {
        List<Validator> validators = new ArrayList<>();
        for (io.khata.proto.ValidatorEntry entry : AuditValidatorSet.parseFrom(record.payload()).getValidatorsList()) {
            validators.add(new Validator(entry.getId(), PublicKey.of(entry.getKey().toByteArray()), entry.getPower()));
        }
        return new ValidatorSet(validators);
    }

    private String getText(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(ApiAccessOptions.authorize(HttpRequest.newBuilder(URI.create(base + path)),
                        token).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }
}
