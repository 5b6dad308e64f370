package io.khata.core.audit;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import java.util.Optional;

/**
 * The mode-specific half of an audit: re-execution from genesis ({@link ReplayChecker}) or the
 * stateless checks from a trusted header ({@link TrustedChecker}). Blocks arrive in height order,
 * each already certified by its commit ({@link CertifiedBlock}).
 */
interface BlockChecker extends AutoCloseable {

    /** The validator set in force at {@code height}, as this checker has established it. */
    ValidatorSet validatorsAt(long height);

    /** Checks the next block; empty when it holds (and it is then the checker's new head). */
    Optional<AuditFailure> check(CertifiedBlock certified);

    /**
     * The hash of the set block {@code height} (the last checked) puts in force from
     * {@code height + 2}, when it differs from the set in force at {@code height + 1}.
     */
    default Optional<Hash> changedValidators(long height, Hash nextValidatorsHash) {
        Hash next = validatorsAt(height + 1).hash();
        return next.equals(nextValidatorsHash) ? Optional.empty() : Optional.of(nextValidatorsHash);
    }

    /** Takes a validator set record whose hash the last block's header committed to. */
    Optional<AuditFailure> acceptValidators(long effectiveHeight, ValidatorSet set);

    @Override
    void close();
}
