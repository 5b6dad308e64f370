package io.khata.net.consensus;

import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;

/**
 * What a validator must remember across a crash so that it never equivocates: the last
 * (height, round, step) it signed at, and its lock. The shell saves it with fsync before
 * any message signed at that position leaves the process; after a restart the state machine
 * refuses to sign at or below it.
 *
 * <p>The lock is part of it because forgetting a lock is as unsafe as double signing: a
 * validator that precommitted v and then, restarted, prevotes a different value can help
 * a second value reach a quorum. The lock is kept as a block hash, since Algorithm 1 only
 * ever compares it ({@code lockedValue_p = v}).
 *
 * <p>The last vote itself is kept too: after a restart the validator cannot sign at that
 * position again, but it can send the very same signed vote again, which peers may still
 * need (without it, a validator that crashed right after signing is silent for that round).
 *
 * @param lockedRound     -1 when not locked
 * @param lockedBlockHash null when not locked
 * @param lastVote        the vote signed at this position, or null if what was signed is a proposal
 */
public record SignState(long height, int round, Step step, int lockedRound, Hash lockedBlockHash, Vote lastVote) {

    /** Nothing signed yet. */
    public static final SignState NONE = new SignState(0, -1, Step.PRECOMMIT, -1, null, null);

    public SignState {
        if ((lockedRound < 0) != (lockedBlockHash == null)) {
            throw new IllegalArgumentException("lock round and lock hash must be set together: " + lockedRound);
        }
    }

    /** A sign-state saved without its last vote (a shell that does not store it): nothing is re-sent after a restart. */
    public SignState(long height, int round, Step step, int lockedRound, Hash lockedBlockHash) {
        this(height, round, step, lockedRound, lockedBlockHash, null);
    }

    /** True if signing at ({@code height}, {@code round}, {@code step}) comes strictly after this. */
    public boolean permits(long height, int round, Step step) {
        if (height != this.height) {
            return height > this.height;
        }
        if (round != this.round) {
            return round > this.round;
        }
        return step.compareTo(this.step) > 0;
    }
}
