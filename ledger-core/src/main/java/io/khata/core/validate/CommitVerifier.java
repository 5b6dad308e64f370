package io.khata.core.validate;

import io.khata.core.Rejection;
import io.khata.core.block.Commit;
import io.khata.core.block.CommitSig;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.Hash;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a commit certificate: precommits for {@code blockHash} at {@code height}, by distinct
 * validators of the set in force at that height, each signature valid under the PRECOMMIT
 * domain tag and the chain id (over the time that signature carries), holding together more than 2/3 of the voting power. Used by
 * block validation, block sync and offline proofs alike, so all three accept the same commits.
 */
public final class CommitVerifier {
    private CommitVerifier() {
    }

    public static Optional<Rejection> verify(Commit commit, String chainId, long height, Hash blockHash,
                                             ValidatorSet validators) {
        if (commit.height() != height) {
            return Optional.of(new Rejection.InvalidField("commit.height", Long.toString(commit.height()),
                    "expected " + height));
        }
        if (!commit.blockHash().equals(blockHash)) {
            return Optional.of(new Rejection.InvalidField("commit.block_hash", commit.blockHash().toHex(),
                    "expected " + blockHash.toHex()));
        }
        Set<String> signers = new HashSet<>();
        long power = 0;
        for (CommitSig sig : commit.signatures()) {
            Validator validator = validators.get(sig.validator());
            if (validator == null) {
                return Optional.of(new Rejection.InvalidField("commit.signatures.validator", sig.validator(),
                        "not a validator at height " + height));
            }
            if (!signers.add(sig.validator())) {
                return Optional.of(new Rejection.InvalidField("commit.signatures.validator", sig.validator(),
                        "signed twice"));
            }
            byte[] signed = Vote.signedBytes(VoteType.PRECOMMIT, chainId, height, commit.round(), blockHash,
                    sig.timeMillis());
            if (!Ed25519.verify(validator.key(), signed, sig.signature())) {
                return Optional.of(new Rejection.BadSignature(validator.key()));
            }
            power += validator.power();
        }
        if (!validators.isQuorum(power)) {
            return Optional.of(new Rejection.InvalidField("commit.signatures", signers.size() + " signers with power " + power,
                    "needs more than 2/3 of total power " + validators.totalPower()));
        }
        return Optional.empty();
    }
}
