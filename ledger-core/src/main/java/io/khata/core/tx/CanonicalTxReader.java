package io.khata.core.tx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.khata.core.Limits;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.Signature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocation-lean path of {@link TxCodec}: reads a transaction field by field with
 * protobuf's own {@link CodedInputStream}, straight into Khata's types, without building the
 * generated messages, re-encoding the envelope to compare it, or copying the body out to hash
 * it; strings and keys are decoded in place ({@link RecentValues}). Block validation decodes
 * every transaction of every block, and the generated path allocated about 3 KiB per
 * transaction there.
 *
 * <p>It answers only the common case and returns null for everything else: a transaction whose
 * envelope and body are not in the one layout protobuf writes (fields in number order, each
 * once, single-byte tags, shortest lengths), any operation but a transfer, anything a limit or
 * check of {@link TxCodec} would refuse, any malformed input. The caller then decodes those
 * bytes the generated way, which decides them exactly as before. So this class never rejects
 * and never changes which bytes are accepted: what it accepts, the generated path accepts too,
 * with the same values (a differential test holds the two paths to that).
 *
 * <p>Bounds: the stream checks every length against the bytes that remain (within the enclosing
 * message) before it allocates; counts are checked against {@link Limits} before each element.
 */
final class CanonicalTxReader {
    // Tags of the fields read here: (field number << 3) | wire type, each one byte.
    private static final int TX_BODY = 0x0A;
    private static final int TX_SIGNATURE = 0x12;
    private static final int SIGNATURE_PUBLIC_KEY = 0x0A;
    private static final int SIGNATURE_BYTES = 0x12;
    /** A canonical Signature message: tag, length 32, key, tag, length 64, signature. */
    private static final int SIGNATURE_MESSAGE_BYTES = 2 + PublicKey.BYTES + 2 + Signature.BYTES;
    private static final int BODY_CHAIN_ID = 0x0A;
    private static final int BODY_OPERATION = 0x12;
    private static final int BODY_NONCE = 0x20;
    private static final int BODY_MEMO = 0x2A;
    private static final int BODY_VALID_UNTIL = 0x30;
    private static final int OPERATION_TRANSFER = 0x2A;
    private static final int TRANSFER_ASSET = 0x0A;
    private static final int TRANSFER_FROM = 0x12;
    private static final int TRANSFER_TO = 0x1A;
    private static final int TRANSFER_AMOUNT = 0x20;

    private CanonicalTxReader() {
    }

    /** The transaction {@code encoded} holds (kept, not copied), or null where the generated path must decide. */
    static Transaction read(byte[] encoded, Limits limits) {
        try {
            return readChecked(encoded, limits);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Transaction readChecked(byte[] encoded, Limits limits) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(encoded);
        if (in.isAtEnd() || in.readRawByte() != TX_BODY) {
            return null;
        }
        int bodyLength = readShortestLength(in);
        if (bodyLength <= 0) {
            return null; // an empty body is not written at all
        }
        int bodyStart = in.getTotalBytesRead();
        int outerLimit = in.pushLimit(bodyLength);
        TxBody body = readBody(in, encoded, limits);
        if (body == null) {
            return null;
        }
        in.popLimit(outerLimit);
        List<TxSignature> signatures = readSignatures(in, encoded, limits);
        if (signatures == null) {
            return null;
        }
        return new Transaction(encoded, Sha256.hash(encoded, bodyStart, bodyLength), body, signatures);
    }

    /** Fields 1, 2*, 4, 5, 6 in that order, each as protobuf reads it; null at anything else. */
    private static TxBody readBody(CodedInputStream in, byte[] source, Limits limits) throws IOException {
        String chainId = "";
        Operation first = null;
        List<Operation> more = null;
        int operationCount = 0;
        long nonce = 0;
        String memo = "";
        long validUntilMillis = 0;
        int previousTag = 0;
        while (!in.isAtEnd()) {
            int tag = in.readRawByte();
            if (tag < previousTag || (tag == previousTag && tag != BODY_OPERATION)) {
                return null; // out of order or repeated: protobuf would merge, the generated path decides
            }
            previousTag = tag;
            switch (tag) {
                case BODY_CHAIN_ID -> chainId = readString(in, source);
                case BODY_OPERATION -> {
                    if (++operationCount > limits.operationsPerTxMax()) {
                        return null;
                    }
                    Operation operation = readOperation(in, source);
                    if (operation == null) {
                        return null;
                    }
                    if (first == null) {
                        first = operation;
                    } else {
                        if (more == null) {
                            more = new ArrayList<>();
                            more.add(first);
                        }
                        more.add(operation);
                    }
                }
                case BODY_NONCE -> nonce = in.readUInt64();
                case BODY_MEMO -> memo = readString(in, source);
                case BODY_VALID_UNTIL -> validUntilMillis = in.readUInt64();
                default -> {
                    return null;
                }
            }
        }
        if (chainId == null || chainId.isEmpty() || memo == null || first == null || validUntilMillis < 0 || !memoWithin(memo, limits)) {
            return null;
        }
        return new TxBody(chainId, more == null ? List.of(first) : more, validUntilMillis, nonce, memo);
    }

    /** An operation holding exactly one transfer, whose fields come in number order; null otherwise. */
    private static Operation readOperation(CodedInputStream in, byte[] source) throws IOException {
        int operationLimit = in.pushLimit(readLength(in));
        if (in.isAtEnd() || in.readRawByte() != OPERATION_TRANSFER) {
            return null;
        }
        int transferLimit = in.pushLimit(readLength(in));
        String asset = "";
        String from = "";
        String to = "";
        long amount = 0;
        int previousTag = 0;
        while (!in.isAtEnd()) {
            int tag = in.readRawByte();
            if (tag <= previousTag) {
                return null;
            }
            previousTag = tag;
            switch (tag) {
                case TRANSFER_ASSET -> asset = readString(in, source);
                case TRANSFER_FROM -> from = readString(in, source);
                case TRANSFER_TO -> to = readString(in, source);
                case TRANSFER_AMOUNT -> amount = in.readInt64();
                default -> {
                    return null;
                }
            }
        }
        in.popLimit(transferLimit);
        if (!in.isAtEnd()) {
            return null; // a second kind, or anything else, after the transfer
        }
        in.popLimit(operationLimit);
        if (asset == null || from == null || to == null) {
            return null;
        }
        return new Operation.Transfer(asset, from, to, amount);
    }

    /**
     * One or more canonical Signature fields up to the end of the envelope, each a 32-byte key
     * then a 64-byte signature: exactly what protobuf writes for them, so the envelope needs no
     * re-encoding to be known canonical. Null for anything else, including a count over the limit.
     */
    private static List<TxSignature> readSignatures(CodedInputStream in, byte[] source, Limits limits)
            throws IOException {
        TxSignature first = null;
        List<TxSignature> more = null;
        int count = 0;
        while (!in.isAtEnd()) {
            if (++count > limits.signaturesPerTxMax()
                    || in.readRawByte() != TX_SIGNATURE || in.readRawByte() != SIGNATURE_MESSAGE_BYTES
                    || in.readRawByte() != SIGNATURE_PUBLIC_KEY || in.readRawByte() != PublicKey.BYTES) {
                return null;
            }
            PublicKey key = RecentValues.publicKey(source, in.getTotalBytesRead());
            in.skipRawBytes(PublicKey.BYTES);
            if (in.readRawByte() != SIGNATURE_BYTES || in.readRawByte() != Signature.BYTES) {
                return null;
            }
            TxSignature signature = new TxSignature(key, Signature.of(in.readRawBytes(Signature.BYTES)));
            if (first == null) {
                first = signature;
            } else {
                if (more == null) {
                    more = new ArrayList<>();
                    more.add(first);
                }
                more.add(signature);
            }
        }
        if (first == null) {
            return null;
        }
        return more == null ? List.of(first) : more;
    }

    /**
     * A string field's value, decoded in place from {@code source} (which the stream reads from
     * its start): null if it is not valid UTF-8. Skipping first checks the length against the end
     * of the enclosing message.
     */
    private static String readString(CodedInputStream in, byte[] source) throws IOException {
        int length = readLength(in);
        int offset = in.getTotalBytesRead();
        in.skipRawBytes(length);
        return RecentValues.string(source, offset, length);
    }

    /** A length as protobuf writes it: in the fewest bytes; -1 for any other. */
    private static int readShortestLength(CodedInputStream in) throws IOException {
        int start = in.getTotalBytesRead();
        int length = in.readRawVarint32();
        if (length < 0 || in.getTotalBytesRead() - start != CodedOutputStream.computeUInt32SizeNoTag(length)) {
            return -1;
        }
        return length;
    }

    /** A length as protobuf reads it; {@link CodedInputStream#pushLimit} refuses one past the enclosing end. */
    private static int readLength(CodedInputStream in) throws IOException {
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new IOException("negative length");
        }
        return length;
    }

    /**
     * Whether the memo is within {@link Limits#memoBytesMax} in UTF-8. A char takes at most three
     * bytes, so short memos need no count; a longer one is encoded once to count it.
     */
    private static boolean memoWithin(String memo, Limits limits) {
        if ((long) memo.length() * 3 <= limits.memoBytesMax()) {
            return true;
        }
        return memo.getBytes(StandardCharsets.UTF_8).length <= limits.memoBytesMax();
    }
}
