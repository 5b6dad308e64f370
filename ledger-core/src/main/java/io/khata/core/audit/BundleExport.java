package io.khata.core.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.block.ValidatorSet;
import java.io.IOException;
import java.io.OutputStream;
import java.util.NavigableMap;

/**
 * Writes a chain's blocks as bundle records, one block at a time. The same records serve a
 * whole bundle file ({@link #bundle}) and one page of a node's bulk endpoint ({@link #page}).
 */
public final class BundleExport {
    private BundleExport() {
    }

    /** Writes a complete bundle of heights {@code from..to} of {@code source}. */
    public static void bundle(ChainSource source, String chainId, long from, long to, OutputStream out) throws IOException {
        checkRange(source, from, to);
        BundleWriter writer = new BundleWriter(out);
        writer.start(chainId, from, to);
        NavigableMap<Long, ValidatorSet> sets = source.validatorSets();
        if (from > 1) {
            byte[] grandparent = from > 2 ? headerBytes(source, from - 2) : new byte[0];
            writer.anchor(grandparent, headerBytes(source, from - 1), from, inForce(sets, from - 1), inForce(sets, from),
                    inForce(sets, from + 1));
        }
        for (long height = from; height <= to; height++) {
            writer.block(height, required(source.blockBytes(height).orElse(null), height),
                    required(source.commitBytes(height).orElse(null), height));
            ValidatorSet changed = sets.get(height + 2);
            if (changed != null) {
                writer.validators(height + 2, changed);
            }
        }
        writer.end();
    }

    /**
     * One page of the bulk endpoint: the sets in force at {@code from - 1} (from height 1 on),
     * {@code from} and {@code from + 1} as VALIDATORS records, then BLOCK records from
     * {@code from}, each followed by the VALIDATORS record of the set it puts in force, until
     * {@code to} or until {@code bytesBudget} is spent (always at least one block).
     *
     * @return the last height written
     */
    public static long page(ChainSource source, long from, long to, long bytesBudget, OutputStream out) throws IOException {
        checkRange(source, from, to);
        NavigableMap<Long, ValidatorSet> sets = source.validatorSets();
        for (long height = Math.max(1, from - 1); height <= from + 1; height++) {
            BundleWriter.writeRecord(out, BundleFormat.VALIDATORS, BundleWriter.toWire(height, inForce(sets, height)).toByteArray());
        }
        long written = 0;
        long height = from;
        for (; height <= to && (height == from || written < bytesBudget); height++) {
            byte[] block = required(source.blockBytes(height).orElse(null), height);
            byte[] commit = required(source.commitBytes(height).orElse(null), height);
            byte[] payload = io.khata.proto.audit.AuditBlock.newBuilder().setHeight(height)
                    .setBlock(com.google.protobuf.ByteString.copyFrom(block))
                    .setCommit(com.google.protobuf.ByteString.copyFrom(commit)).build().toByteArray();
            BundleWriter.writeRecord(out, BundleFormat.BLOCK, payload);
            written += payload.length;
            ValidatorSet changed = sets.get(height + 2);
            if (changed != null) {
                BundleWriter.writeRecord(out, BundleFormat.VALIDATORS, BundleWriter.toWire(height + 2, changed).toByteArray());
            }
        }
        return height - 1;
    }

    /** The header bytes inside stored block bytes. */
    public static byte[] headerOf(byte[] blockBytes) throws IOException {
        try {
            return io.khata.proto.Block.parseFrom(blockBytes).getHeader().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("a stored block does not decode: " + e.getMessage(), e);
        }
    }

    private static byte[] headerBytes(ChainSource source, long height) throws IOException {
        return headerOf(required(source.blockBytes(height).orElse(null), height));
    }

    private static ValidatorSet inForce(NavigableMap<Long, ValidatorSet> sets, long height) {
        return sets.floorEntry(Math.max(1, height)).getValue();
    }

    private static void checkRange(ChainSource source, long from, long to) {
        if (from < 1 || to < from || to > source.height()) {
            throw new IllegalArgumentException("no blocks " + from + ".." + to + " in a chain of height " + source.height());
        }
    }

    private static byte[] required(byte[] bytes, long height) throws IOException {
        if (bytes == null) {
            throw new IOException("the source holds no block or commit at height " + height);
        }
        return bytes;
    }
}
