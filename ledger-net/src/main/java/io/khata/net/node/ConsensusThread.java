package io.khata.net.node;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.net.consensus.Event;
import io.khata.proto.Status;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one consensus thread, and the {@link Scheduler} the {@link ConsensusShell} runs on:
 * calls from the network's threads are handed over in arrival order (the executor is FIFO) and
 * nothing else, so the shell sees the same sequence of calls it would see in the simulator.
 * Peers' consensus messages and statuses come through the inbound lanes ({@link FairLanes}),
 * which run their tasks on this executor and hand them to the shell from there.
 */
final class ConsensusThread implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusThread.class);

    private final ScheduledExecutorService executor;
    private final BooleanSupplier closed;
    private ConsensusShell shell;

    ConsensusThread(ScheduledExecutorService executor, BooleanSupplier closed) {
        this.executor = executor;
        this.closed = closed;
    }

    /** Set once, before {@link #start}: the shell takes this thread as its scheduler, so it is made after it. */
    void attach(ConsensusShell shell) {
        if (this.shell != null) {
            throw new IllegalStateException("a shell is already attached");
        }
        this.shell = shell;
    }

    void start() {
        execute(shell::start);
    }

    /**
     * Delivers an event now. Consensus thread only: the inbound lanes run their tasks on this
     * thread ({@link FairLanes} bounds what each peer may have waiting), so the event goes straight
     * to the shell's queue, behind whatever it holds.
     */
    void handleHere(Event event) {
        run(() -> shell.deliver(event));
    }

    /** A peer's status, answered now. Consensus thread only (from the inbound lanes). */
    void statusReceivedHere(String peer, Status status) {
        run(() -> shell.statusReceived(peer, status));
    }

    void synced(String peer, List<Block> blocks, List<Commit> commits) {
        execute(() -> shell.synced(peer, blocks, commits));
    }

    ConsensusShell shell() {
        return shell;
    }

    @Override
    public void schedule(long delayMillis, Runnable task) {
        try {
            executor.schedule(() -> run(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException haltedOrClosing) {
            // as in execute
        }
    }

    private void execute(Runnable task) {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException haltedOrClosing) {
            // consensus halted (logged once, when it did) or the node is closing: input is dropped
        }
    }

    private void run(Runnable task) {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!closed.getAsBoolean()) {
                LOG.warn("a task on the consensus thread failed", e);
            }
        }
    }
}
