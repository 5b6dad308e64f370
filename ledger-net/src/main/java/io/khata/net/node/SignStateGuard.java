package io.khata.net.node;

import io.khata.core.block.Commit;
import io.khata.core.block.Vote;
import io.khata.core.ledger.Ledger;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Step;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Refuses to start a validator whose sign-state is older than what its own ledger proves it
 * signed. A missing file reads as "never signed"; a file restored from a backup reads as an
 * older position. Either way the state machine would then allow signing where this validator
 * already signed, which is a double signature (and, with one Byzantine peer, a fork). The
 * ledger is the proof: a commit that holds this validator's precommit at (h, r) means it signed
 * there, so a sign-state that permits signing at (h, r, precommit) has forgotten something.
 *
 * <p>A validator whose id is in no commit of its ledger never signed on this chain (a fresh
 * chain, a bank that joins later, a spare) and starts normally. The scan reads only the
 * commits of heights above the sign-state where this id was a validator, from the newest down,
 * and stops at the first one holding its precommit: at start-up of a healthy node that is no
 * commit at all, and for a node that lost its file it is usually the newest one.
 */
final class SignStateGuard {
    static final String CONFIG_FLAG = "unsafe_allow_sign_state_reset";
    static final String COMMAND_FLAG = "--unsafe-reset-sign-state";

    private SignStateGuard() {
    }

    /** The precommit of {@code validatorId} at the highest height above {@code signed} that the ledger holds. */
    static Optional<Vote> newestOwnPrecommit(Ledger ledger, String validatorId, SignState signed) {
        for (long height = ledger.height(); height >= Math.max(1, signed.height()); height--) {
            if (!ledger.validatorsAt(height).contains(validatorId)) {
                continue;
            }
            Optional<Commit> commit = ledger.commit(height);
            if (commit.isEmpty()) {
                continue;
            }
            for (Vote precommit : commit.get().votes()) {
                if (precommit.validator().equals(validatorId)) {
                    return Optional.of(precommit);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Throws {@link IllegalStateException} naming the file, both positions and the flag when the
     * ledger proves a signature the sign-state does not remember, unless {@code allowReset}.
     * Returns the problem it let pass (for the log), or empty.
     */
    static Optional<String> check(Ledger ledger, String validatorId, SignState signed, Path file, boolean allowReset) {
        Optional<Vote> proven = newestOwnPrecommit(ledger, validatorId, signed);
        if (proven.isEmpty() || !signed.permits(proven.get().height(), proven.get().round(), Step.PRECOMMIT)) {
            return Optional.empty();
        }
        String remembered = signed.equals(SignState.NONE) ? "is missing or empty (never signed)"
                : "remembers signing only up to height " + signed.height() + " round " + signed.round()
                        + " " + signed.step().name().toLowerCase(java.util.Locale.ROOT);
        String problem = "the sign-state " + file + " of validator " + validatorId + " " + remembered
                + ", but its ledger (at height " + ledger.height() + ") holds its precommit at height "
                + proven.get().height() + " round " + proven.get().round();
        if (allowReset) {
            return Optional.of(problem);
        }
        throw new IllegalStateException("refusing to start: " + problem + ". Starting would let it sign again where it"
                + " already signed (a double signature). Restore the newest " + file.getFileName()
                + "; or, accepting that risk, set \"" + CONFIG_FLAG + "\": true in node.json or start with "
                + COMMAND_FLAG);
    }
}
