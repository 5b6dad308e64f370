package io.khata.net.consensus;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Evidence;
import java.util.List;

/**
 * What the state machine asks its shell to do. The shell performs the effects of one
 * {@code on(event)} call <b>in list order</b>, and completes each before the next: in
 * particular a {@link PersistSignState} is saved with fsync before the {@link Broadcast} of
 * the message it guards, which always follows it in the same list. A crash between the two
 * loses a message, never creates a second, conflicting one.
 */
public sealed interface Effect {

    /** Save this sign-state durably (fsync) before performing any later effect. */
    record PersistSignState(SignState state) implements Effect {
    }

    /** Send a signed message to every peer. */
    record Broadcast(Message message) implements Effect {
    }

    /** Deliver {@link Event.TimeoutFired} with these fields after {@code delayMillis}. */
    record ScheduleTimeout(long height, int round, TimeoutKind kind, long delayMillis) implements Effect {
    }

    /**
     * Build a block for this height (the ledger's next), offering the pending evidence, and
     * answer with {@link Event.ProposalBuilt}.
     */
    record BuildProposal(long height, int round, List<Evidence> evidence) implements Effect {
        public BuildProposal {
            evidence = List.copyOf(evidence);
        }
    }

    /** Validate this block against the ledger (without applying it) and answer with {@link Event.BlockValidated}. */
    record ValidateBlock(Block block) implements Effect {
    }

    /** The block is decided: commit it with this certificate (more than 2/3 of precommits). */
    record Commit(Block block, io.khata.core.block.Commit commit) implements Effect {
    }

    /** This node is behind: fetch blocks from {@code fromHeight} on, with their commits, then answer with {@link Event.Synced}. */
    record RequestSync(long fromHeight) implements Effect {
    }

    /**
     * A conflicting pair of votes was found here or forwarded by a peer; it is now pending for
     * the next proposal (and a {@link Broadcast} forwarding it follows).
     */
    record EvidenceFound(Evidence evidence) implements Effect {
    }

    /**
     * Input was refused; the shell counts it and may log it once. Nothing else happens.
     *
     * @param what a short description of the refused input, such as {@code prevote h=5 r=0 from bank-a}
     */
    record Dropped(String what, Rejection reason) implements Effect {
    }
}
