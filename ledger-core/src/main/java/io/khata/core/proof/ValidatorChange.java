package io.khata.core.proof;

import io.khata.core.block.Commit;
import io.khata.core.block.ValidatorSet;

/**
 * A committed block that changed the validator set: its header bytes (whose
 * {@code next_validators_hash} commits to the new set), its commit certificate, and the new
 * set, in force from the block's height + 2.
 */
public record ValidatorChange(byte[] header, Commit commit, ValidatorSet validators) {
    public ValidatorChange {
        header = header.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValidatorChange that && java.util.Arrays.equals(header, that.header)
                && commit.equals(that.commit) && validators.equals(that.validators);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(header);
    }
}
