package io.khata.core.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.proto.audit.AuditBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A map of what each byte of a bundle is (a header, a commit signature, a transaction body, ...)
 * and which audit check must fail when that byte changes. Built by walking the bundle's own
 * records, so the property test can pick random positions and still know the right reason.
 */
final class BundleRegions {
    enum Kind {
        FRAMING(EnumSet.of(AuditCheck.BUNDLE_FORMAT, AuditCheck.VALIDATOR_SET)),
        HEADER(EnumSet.of(AuditCheck.HEADER)),
        COMMIT_SIGNATURE(EnumSet.of(AuditCheck.COMMIT)),
        COMMIT_SIGNER(EnumSet.of(AuditCheck.COMMIT)),
        TX_BODY(EnumSet.of(AuditCheck.TX_ROOT, AuditCheck.TRANSACTION)),
        TX_SIGNATURE(EnumSet.of(AuditCheck.TX_SIGNATURE)),
        TX_SIGNER_KEY(EnumSet.of(AuditCheck.TX_SIGNATURE, AuditCheck.TRANSACTION)),
        LAST_COMMIT_SIGNATURE(EnumSet.of(AuditCheck.LAST_COMMIT)),
        EVIDENCE_SIGNATURE(EnumSet.of(AuditCheck.EVIDENCE)),
        VALIDATOR_SET(EnumSet.of(AuditCheck.VALIDATOR_SET, AuditCheck.BUNDLE_FORMAT)),
        TRAILER(EnumSet.of(AuditCheck.BUNDLE_FORMAT)),
        /** Any byte at all: the audit must fail, for whichever reason comes first. */
        ANYWHERE(EnumSet.allOf(AuditCheck.class));

        final Set<AuditCheck> expected;

        Kind(Set<AuditCheck> expected) {
            this.expected = expected;
        }
    }

    record Region(int start, int end) {
    }

    private final Map<Kind, List<Region>> regions = new EnumMap<>(Kind.class);
    private final int endOffset;

    BundleRegions(byte[] bundle) throws InvalidProtocolBufferException {
        for (Kind kind : Kind.values()) {
            regions.put(kind, new ArrayList<>());
        }
        add(Kind.FRAMING, 0, BundleFormat.MAGIC.length + 4);
        add(Kind.ANYWHERE, 0, bundle.length);
        int end = -1;
        for (BundleRecord record : AuditChain.records(bundle)) {
            int payload = (int) record.offset() + BundleFormat.RECORD_HEADER_BYTES;
            add(Kind.FRAMING, (int) record.offset(), payload);
            if (record.type() == BundleFormat.BLOCK) {
                mapBlock(bundle, AuditBlock.parseFrom(record.payload()), payload, payload + record.payload().length);
            } else if (record.type() == BundleFormat.VALIDATORS) {
                add(Kind.VALIDATOR_SET, payload, payload + record.payload().length);
            } else if (record.type() == BundleFormat.END) {
                add(Kind.TRAILER, payload, payload + record.payload().length);
                end = (int) record.offset();
            }
        }
        this.endOffset = end;
    }

    private void mapBlock(byte[] bundle, AuditBlock record, int from, int to) throws InvalidProtocolBufferException {
        int block = find(bundle, record.getBlock(), from, to);
        int blockEnd = block + record.getBlock().size();
        io.khata.proto.Block wire = io.khata.proto.Block.parseFrom(record.getBlock());
        addFound(Kind.HEADER, bundle, wire.getHeader(), block, blockEnd);
        for (ByteString txBytes : wire.getTxsList()) {
            int tx = find(bundle, txBytes, block, blockEnd);
            io.khata.proto.Transaction transaction = io.khata.proto.Transaction.parseFrom(txBytes);
            addFound(Kind.TX_BODY, bundle, transaction.getBody(), tx, tx + txBytes.size());
            for (io.khata.proto.Signature signature : transaction.getSignaturesList()) {
                addFound(Kind.TX_SIGNER_KEY, bundle, signature.getPublicKey(), tx, tx + txBytes.size());
                addFound(Kind.TX_SIGNATURE, bundle, signature.getSignature(), tx, tx + txBytes.size());
            }
        }
        for (io.khata.proto.CommitSig sig : wire.getLastCommit().getSignaturesList()) {
            addFound(Kind.LAST_COMMIT_SIGNATURE, bundle, sig.getSignature(), block, blockEnd);
        }
        for (io.khata.proto.Evidence evidence : wire.getEvidenceList()) {
            addFound(Kind.EVIDENCE_SIGNATURE, bundle, evidence.getFirst().getSignature(), block, blockEnd);
            addFound(Kind.EVIDENCE_SIGNATURE, bundle, evidence.getSecond().getSignature(), block, blockEnd);
        }
        int commit = find(bundle, record.getCommit(), blockEnd, to);
        int commitEnd = commit + record.getCommit().size();
        for (io.khata.proto.CommitSig sig : io.khata.proto.Commit.parseFrom(record.getCommit()).getSignaturesList()) {
            addFound(Kind.COMMIT_SIGNATURE, bundle, sig.getSignature(), commit, commitEnd);
            addFound(Kind.COMMIT_SIGNER, bundle, ByteString.copyFromUtf8(sig.getValidator()), commit, commitEnd);
        }
    }

    private void addFound(Kind kind, byte[] bundle, ByteString needle, int from, int to) {
        int start = find(bundle, needle, from, to);
        add(kind, start, start + needle.size());
    }

    private void add(Kind kind, int start, int end) {
        regions.get(kind).add(new Region(start, end));
    }

    /** The first place {@code needle} occurs in {@code bundle[from, to)}. */
    private static int find(byte[] bundle, ByteString needle, int from, int to) {
        byte[] bytes = needle.toByteArray();
        for (int i = from; i + bytes.length <= to; i++) {
            if (Arrays.equals(bundle, i, i + bytes.length, bytes, 0, bytes.length)) {
                return i;
            }
        }
        throw new IllegalStateException("bytes not found between " + from + " and " + to);
    }

    /** A uniformly chosen byte position of {@code kind}. */
    int position(Kind kind, java.util.Random random) {
        List<Region> list = regions.get(kind);
        long total = 0;
        for (Region region : list) {
            total += region.end() - region.start();
        }
        long pick = (long) (random.nextDouble() * total);
        for (Region region : list) {
            int size = region.end() - region.start();
            if (pick < size) {
                return region.start() + (int) pick;
            }
            pick -= size;
        }
        throw new IllegalStateException("no region of kind " + kind);
    }

    boolean has(Kind kind) {
        return !regions.get(kind).isEmpty();
    }

    int endOffset() {
        return endOffset;
    }

    boolean inTrailer(int position) {
        return position >= endOffset;
    }
}
