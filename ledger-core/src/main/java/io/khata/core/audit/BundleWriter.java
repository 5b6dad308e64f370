package io.khata.core.audit;

import com.google.protobuf.ByteString;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.proto.audit.AuditAnchor;
import io.khata.proto.audit.AuditBlock;
import io.khata.proto.audit.AuditEnd;
import io.khata.proto.audit.AuditStart;
import io.khata.proto.audit.AuditValidatorSet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Writes an audit bundle record by record, one block at a time, so an export never holds more
 * than the block in hand. The caller gives the records in the format's order; {@link #end}
 * writes the trailer with the running checksum. The writer does not close the stream.
 */
public final class BundleWriter {
    private final DigestOutputStream out;
    private long blockCount;
    private long lastHeight;

    public BundleWriter(OutputStream out) throws IOException {
        this.out = new DigestOutputStream(out, sha256());
        this.out.write(BundleFormat.MAGIC);
        this.out.write(ByteBuffer.allocate(4).putInt(BundleFormat.VERSION).array());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public void start(String chainId, long fromHeight, long toHeight) throws IOException {
        record(BundleFormat.START, AuditStart.newBuilder().setChainId(chainId).setFromHeight(fromHeight)
                .setToHeight(toHeight).build().toByteArray());
    }

    /** The anchor of a bundle that starts at {@code fromHeight} &gt; 1 (see {@link AuditAnchor}). */
    public void anchor(byte[] grandparentHeader, byte[] parentHeader, long fromHeight, ValidatorSet parent,
                       ValidatorSet first, ValidatorSet second) throws IOException {
        record(BundleFormat.ANCHOR, AuditAnchor.newBuilder()
                .setGrandparentHeader(ByteString.copyFrom(grandparentHeader))
                .setParentHeader(ByteString.copyFrom(parentHeader))
                .setParentValidators(toWire(fromHeight - 1, parent))
                .setFirstValidators(toWire(fromHeight, first))
                .setSecondValidators(toWire(fromHeight + 1, second))
                .build().toByteArray());
    }

    public void block(long height, byte[] blockBytes, byte[] commitBytes) throws IOException {
        record(BundleFormat.BLOCK, AuditBlock.newBuilder().setHeight(height).setBlock(ByteString.copyFrom(blockBytes))
                .setCommit(ByteString.copyFrom(commitBytes)).build().toByteArray());
        blockCount++;
        lastHeight = height;
    }

    public void validators(long effectiveHeight, ValidatorSet set) throws IOException {
        record(BundleFormat.VALIDATORS, toWire(effectiveHeight, set).toByteArray());
    }

    /** Copies a record already in the bundle's framing, such as one a node's bulk endpoint sent. */
    public void copy(BundleRecord record) throws IOException {
        if (record.type() == BundleFormat.BLOCK) {
            AuditBlock block = AuditBlock.parseFrom(record.payload());
            blockCount++;
            lastHeight = block.getHeight();
        }
        record(record.type(), record.payload());
    }

    /** Writes the trailer and flushes; the bundle is complete. */
    public void end() throws IOException {
        Hash checksum = Hash.of(out.getMessageDigest().digest());
        out.on(false);
        byte[] payload = AuditEnd.newBuilder().setBlockCount(blockCount).setLastHeight(lastHeight)
                .setChecksum(ByteString.copyFrom(checksum.toByteArray())).build().toByteArray();
        writeRecord(out, BundleFormat.END, payload);
        out.flush();
    }

    public long blockCount() {
        return blockCount;
    }

    public long lastHeight() {
        return lastHeight;
    }

    private void record(int type, byte[] payload) throws IOException {
        writeRecord(out, type, payload);
    }

    /** The framing of one record: type byte, 4-byte big-endian length, payload. */
    public static void writeRecord(OutputStream out, int type, byte[] payload) throws IOException {
        out.write(type);
        out.write(ByteBuffer.allocate(4).putInt(payload.length).array());
        out.write(payload);
    }

    static AuditValidatorSet toWire(long effectiveHeight, ValidatorSet set) {
        AuditValidatorSet.Builder wire = AuditValidatorSet.newBuilder().setEffectiveHeight(effectiveHeight);
        for (Validator validator : set.validators()) {
            wire.addValidators(io.khata.proto.ValidatorEntry.newBuilder().setId(validator.id())
                    .setKey(ByteString.copyFrom(validator.key().toByteArray())).setPower(validator.power()));
        }
        return wire.build();
    }
}
