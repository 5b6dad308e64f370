package io.khata.core.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Result;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.Genesis;
import io.khata.proto.audit.AuditAnchor;
import io.khata.proto.audit.AuditValidatorSet;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Authenticates the anchor of a bundle that starts at F &gt; 1 from the user's trusted hash of
 * block F-1: that header by its hash, the header at F-2 by the trusted header's prev_block_hash,
 * and the sets in force at F-1, F and F+1 by the hashes those headers carry (validators_hash of
 * F-1, next_validators_hash of F-2, or the genesis set when F-2 is 0, and next_validators_hash
 * of F-1).
 */
final class AnchorRecord {
    private AnchorRecord() {
    }

    static Checked<TrustedChecker> open(byte[] payload, long fromHeight, TrustAnchor trust, Genesis genesis,
                                        ParallelVerifier verifier) {
        AuditAnchor anchor;
        try {
            anchor = AuditAnchor.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return Checked.failed(0, AuditCheck.BUNDLE_FORMAT, "the ANCHOR record does not decode: " + e.getMessage());
        }
        if (!Arrays.equals(anchor.toByteArray(), payload)) {
            return Checked.failed(0, AuditCheck.BUNDLE_FORMAT, "the ANCHOR record is not in canonical form");
        }
        long parentHeight = fromHeight - 1;
        if (trust.height() != parentHeight) {
            return Checked.failed(0, AuditCheck.TRUST_ANCHOR, "the bundle starts at height " + fromHeight
                    + ", so the trusted header must be the one at height " + parentHeight + ", not " + trust.height());
        }
        byte[] parentBytes = anchor.getParentHeader().toByteArray();
        if (!Sha256.hash(parentBytes).equals(trust.hash())) {
            return Checked.failed(0, AuditCheck.TRUST_ANCHOR, "the bundle's header at height " + parentHeight + " has hash "
                    + Sha256.hash(parentBytes) + ", not the trusted " + trust.hash());
        }
        Result<BlockHeader> parent = BlockCodec.decodeHeader(parentBytes);
        if (!parent.isOk() || parent.value().height() != parentHeight || !parent.value().chainId().equals(genesis.chainId())) {
            return Checked.failed(0, AuditCheck.TRUST_ANCHOR, "the trusted header is not a header of height " + parentHeight
                    + " of chain " + genesis.chainId());
        }
        Checked<Hash> firstSetHash = firstSetHash(anchor, parent.value(), genesis);
        if (firstSetHash.failure() != null) {
            return Checked.failed(firstSetHash.failure());
        }
        NavigableMap<Long, ValidatorSet> sets = new TreeMap<>();
        Hash[] expected = {parent.value().validatorsHash(), firstSetHash.value(), parent.value().nextValidatorsHash()};
        AuditValidatorSet[] records = {anchor.getParentValidators(), anchor.getFirstValidators(), anchor.getSecondValidators()};
        for (int i = 0; i < 3; i++) {
            Checked<ValidatorSetRecord.Decoded> set = ValidatorSetRecord.fromWire(0, records[i], records[i].toByteArray());
            if (set.failure() != null) {
                return Checked.failed(set.failure());
            }
            if (set.value().effectiveHeight() != parentHeight + i || !set.value().set().hash().equals(expected[i])) {
                return Checked.failed(0, AuditCheck.TRUST_ANCHOR, "the anchor's validator set for height " + (parentHeight + i)
                        + " is not the one the trusted headers commit to");
            }
            sets.put(parentHeight + i, set.value().set());
        }
        return Checked.passed(new TrustedChecker(genesis.chainId(), verifier, sets, trust.hash(), parent.value().timeMillis()));
    }

    /** The hash of the set in force at F: the header at F-2 commits to it, or genesis does when F is 2. */
    private static Checked<Hash> firstSetHash(AuditAnchor anchor, BlockHeader parent, Genesis genesis) {
        byte[] grandparentBytes = anchor.getGrandparentHeader().toByteArray();
        if (parent.height() == 1) {
            if (grandparentBytes.length != 0) {
                return Checked.failed(0, AuditCheck.BUNDLE_FORMAT, "the anchor of a bundle from height 2 carries no header before block 1");
            }
            return Checked.passed(genesis.validatorSet().hash());
        }
        if (!Sha256.hash(grandparentBytes).equals(parent.prevBlockHash())) {
            return Checked.failed(0, AuditCheck.TRUST_ANCHOR, "the anchor's header at height " + (parent.height() - 1)
                    + " is not the trusted header's parent");
        }
        Result<BlockHeader> grandparent = BlockCodec.decodeHeader(grandparentBytes);
        if (!grandparent.isOk() || grandparent.value().height() != parent.height() - 1) {
            return Checked.failed(0, AuditCheck.TRUST_ANCHOR, "the trusted header's parent does not decode as height "
                    + (parent.height() - 1));
        }
        return Checked.passed(grandparent.value().nextValidatorsHash());
    }
}
