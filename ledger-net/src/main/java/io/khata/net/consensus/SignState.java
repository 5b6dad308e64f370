package io.khata.net.consensus;

import io.khata.core.block.Block;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import java.util.List;
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
 * <p>When the last vote is a precommit, the prevote signed before it in the same round is kept
 * as well: a peer that missed that prevote cannot count this validator toward the round's
 * prevotes otherwise, and with few validators that alone can keep the round from moving on.
 *
 * <p>The locked block and the 2f+1 prevotes that locked it (its proof of lock) are kept
 * when the shell can afford to store them: a restarted validator that remembers only the hash
 * of its lock refuses every other value but can propose nothing the others would accept, so
 * if the others never saw that polka the height stalls. With the block and its proof it
 * re-proposes the block with the proof (lines 15-19 and 28), as it would have without the crash.
 *
 * @param lockedRound     -1 when not locked
 * @param lockedBlockHash null when not locked
 * @param lastVote        the vote signed at this position, or null if what was signed is a proposal
 * @param lockedBlock     the locked block, or null (not locked, or not stored by the shell)
 * @param lockProof       the prevotes of {@code lockedRound} for the locked block; empty if not stored
 * @param roundPrevote    the prevote signed in this round before {@code lastVote}, a precommit; or null
 */
public record SignState(long height, int round, Step step, int lockedRound, Hash lockedBlockHash, Vote lastVote,
                        Block lockedBlock, List<Vote> lockProof, Vote roundPrevote) {

    /** Nothing signed yet. */
    public static final SignState NONE = new SignState(0, -1, Step.PRECOMMIT, -1, null, null, null, List.of(), null);

    public SignState {
        if ((lockedRound < 0) != (lockedBlockHash == null)) {
            throw new IllegalArgumentException("lock round and lock hash must be set together: " + lockedRound);
        }
        if (lockedBlock != null && !lockedBlock.hash().equals(lockedBlockHash)) {
            throw new IllegalArgumentException("the locked block is not the block the lock names");
        }
        lockProof = List.copyOf(lockProof);
        if (roundPrevote != null && (lastVote == null || lastVote.type() != VoteType.PRECOMMIT
                || roundPrevote.type() != VoteType.PREVOTE || roundPrevote.height() != lastVote.height()
                || roundPrevote.round() != lastVote.round())) {
            throw new IllegalArgumentException("the round's prevote must precede a precommit of the same height and round");
        }
    }

    /** A sign-state without the prevote before its last vote. */
    public SignState(long height, int round, Step step, int lockedRound, Hash lockedBlockHash, Vote lastVote,
                     Block lockedBlock, List<Vote> lockProof) {
        this(height, round, step, lockedRound, lockedBlockHash, lastVote, lockedBlock, lockProof, null);
    }

    /** A sign-state saved without the locked block and its proof. */
    public SignState(long height, int round, Step step, int lockedRound, Hash lockedBlockHash, Vote lastVote) {
        this(height, round, step, lockedRound, lockedBlockHash, lastVote, null, List.of());
    }

    /** A sign-state saved without its last vote (a shell that does not store it): nothing is re-sent after a restart. */
    public SignState(long height, int round, Step step, int lockedRound, Hash lockedBlockHash) {
        this(height, round, step, lockedRound, lockedBlockHash, null, null, List.of());
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
