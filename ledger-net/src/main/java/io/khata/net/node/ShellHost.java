package io.khata.net.node;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Evidence;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import io.khata.net.consensus.Effect;
import io.khata.net.consensus.SignState;
import java.util.List;
import java.util.Optional;

/**
 * What the {@link ConsensusShell} asks of the program around it (the pending transactions) and
 * tells it (what was committed, refused, found or dropped). The node answers with its mempool,
 * clients, metrics and logs; the simulator with its own mempool, counters and checker. These
 * are notifications: none of them may call back into the shell.
 */
public interface ShellHost {
    /** Up to {@code countMax} pending transactions, in the order to propose them. */
    List<Transaction> candidates(int countMax);

    /** How many transactions are pending: with none, a proposer waits a little for some. */
    int pendingTransactions();

    /** Candidates the block builder left out: they leave the mempool, and their submitters hear why. */
    void refused(List<BlockBuilder.Skipped> skipped);

    /** The sign-state was saved and synced; what it guards may be sent now. */
    default void signStateSaved(SignState state) {
    }

    /** A proposed block was validated; {@code rejection} is empty if it is valid. */
    void validated(Block block, Optional<Rejection> rejection, long validationNanos);

    /** A block is committed and durable, decided here by consensus ({@code rounds} it took) or received by sync. */
    void committed(Block block, int rounds, boolean bySync);

    /** This node is behind and asked {@code peer} for blocks from {@code fromHeight}. */
    default void syncRequested(String peer, long fromHeight) {
    }

    /** A block received by sync was refused (it is not the next block, or its commit or content does not check). */
    void syncRefused(String peer, long height, String reason);

    void evidenceFound(Evidence evidence);

    void dropped(Effect.Dropped dropped);

    /**
     * An effect failed (a broken invariant, or storage that failed): the shell has stopped and
     * will not sign again. The node stops consensus; an operator restarts it.
     */
    void halted(RuntimeException cause);
}
