package io.khata.core.block;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.crypto.Sha256;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The allocation-lean path of {@link BlockCodec#decode}: walks the block's fields with
 * protobuf's {@link CodedInputStream} and hands each transaction's bytes to
 * {@link TxCodec#decode(byte[], int, int, Limits)} in place, where parsing the generated
 * {@code Block} message first copied every transaction into a {@code ByteString} and then out
 * of it again. The last commit and evidence, a few per block, still go through their generated
 * messages, read by the same protobuf calls the generated parser makes.
 *
 * <p>Like {@code CanonicalTxReader}, it answers only the common case and returns null for
 * anything else: fields out of number order or repeated (protobuf would merge or keep the
 * last), an unknown field, a count over its limit, any part that does not decode. The caller
 * then decodes the bytes through the generated {@code Block} message, which decides them
 * exactly as before: this path never rejects, and what it accepts the other accepts the same.
 */
final class CanonicalBlockReader {
    private static final int HEADER = 0x0A;
    private static final int TX = 0x12;
    private static final int LAST_COMMIT = 0x1A;
    private static final int EVIDENCE = 0x22;

    private CanonicalBlockReader() {
    }

    /** The block {@code bytes} hold, or null where the generated path must decide. */
    static Block read(byte[] bytes, Limits limits) {
        try {
            return readChecked(bytes, limits);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Block readChecked(byte[] bytes, Limits limits) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        if (in.isAtEnd() || in.readRawByte() != HEADER) {
            return null;
        }
        int headerLength = readLength(in, bytes);
        int headerStart = in.getTotalBytesRead();
        byte[] headerBytes = Arrays.copyOfRange(bytes, headerStart, headerStart + headerLength);
        in.skipRawBytes(headerLength);
        Result<BlockHeader> header = BlockCodec.decodeHeader(headerBytes);
        if (!header.isOk()) {
            return null;
        }
        List<Transaction> transactions = new ArrayList<>();
        Commit lastCommit = null;
        List<Evidence> evidence = new ArrayList<>(0);
        int previousTag = HEADER;
        while (!in.isAtEnd()) {
            int tag = in.readRawByte();
            if (tag < previousTag || (tag == previousTag && tag != TX && tag != EVIDENCE)) {
                return null;
            }
            previousTag = tag;
            switch (tag) {
                case TX -> {
                    if (transactions.size() == limits.txsPerBlockMax()) {
                        return null;
                    }
                    int length = readLength(in, bytes);
                    Result<Transaction> tx = TxCodec.decode(bytes, in.getTotalBytesRead(), length, limits);
                    if (!tx.isOk()) {
                        return null;
                    }
                    transactions.add(tx.value());
                    in.skipRawBytes(length);
                }
                case LAST_COMMIT -> {
                    io.khata.proto.Commit wire = in.readMessage(io.khata.proto.Commit.parser(),
                            ExtensionRegistryLite.getEmptyRegistry());
                    Result<Commit> commit = VoteCodec.fromWire(wire, "last_commit", BlockCodec.COMMIT_SIGNATURES_MAX);
                    if (!commit.isOk()) {
                        return null;
                    }
                    lastCommit = commit.value();
                }
                case EVIDENCE -> {
                    if (evidence.size() == limits.evidencePerBlockMax()) {
                        return null;
                    }
                    io.khata.proto.Evidence wire = in.readMessage(io.khata.proto.Evidence.parser(),
                            ExtensionRegistryLite.getEmptyRegistry());
                    Result<Evidence> item = VoteCodec.fromWire(wire, "evidence[" + evidence.size() + "]");
                    if (!item.isOk()) {
                        return null;
                    }
                    evidence.add(item.value());
                }
                default -> {
                    return null;
                }
            }
        }
        return new Block(headerBytes, header.value(), Sha256.hash(headerBytes), transactions, lastCommit, evidence);
    }

    /** A length within the bytes that remain; an {@link IOException} for any other. */
    private static int readLength(CodedInputStream in, byte[] bytes) throws IOException {
        int length = in.readRawVarint32();
        if (length < 0 || length > bytes.length - in.getTotalBytesRead()) {
            throw new IOException("length " + length + " past the end");
        }
        return length;
    }
}
