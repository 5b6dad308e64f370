package io.khata.net.consensus;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import java.util.List;

/**
 * Everything that can happen to the state machine. Messages from peers, answers to the
 * shell's work ({@link ProposalBuilt}, {@link BlockValidated}, {@link Synced}), and time
 * ({@link TimeoutFired}); nothing else reaches it.
 */
public sealed interface Event {

    /** A decoded message from a peer; not yet checked beyond its structure. */
    record Received(Message message) implements Event {
    }

    /** A timeout scheduled by {@link Effect.ScheduleTimeout} has expired. */
    record TimeoutFired(long height, int round, TimeoutKind kind) implements Event {
    }

    /** The answer to {@link Effect.BuildProposal}: the block the ledger built for this height and round. */
    record ProposalBuilt(long height, int round, Block block) implements Event {
    }

    /** The answer to {@link Effect.ValidateBlock}: {@code valid(v)} of Algorithm 1. */
    record BlockValidated(long height, Hash blockHash, boolean valid) implements Event {
    }

    /**
     * The mempool has transactions. Proposals are built at the start of each round whatever
     * the mempool holds (empty blocks are allowed, so the chain's height measures time and
     * commits keep flowing); this event changes nothing today and exists so the shell has one
     * place to report it when a wait-for-transactions mode is added.
     */
    record TransactionsAvailable(int count) implements Event {
    }

    /**
     * A peer showed a commit certificate; if it is for this height or later and verifies,
     * this node is behind and asks for block sync.
     */
    record CommitSeen(Commit commit) implements Event {
    }

    /**
     * Block sync committed blocks up to {@code committedHeight} (with their commits) into the
     * ledger; consensus moves on to the next height. {@code committedBlocks} are those blocks,
     * so the evidence they carry leaves the pending pool.
     */
    record Synced(long committedHeight, List<Block> committedBlocks) implements Event {
        public Synced {
            committedBlocks = List.copyOf(committedBlocks);
        }
    }
}
