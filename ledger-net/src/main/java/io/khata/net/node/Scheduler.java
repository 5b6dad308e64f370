package io.khata.net.node;

/**
 * Runs a task later on the shell's one thread: the node's consensus thread, or the simulator's
 * event queue at a virtual time. A task scheduled before a crash or close may never run.
 */
public interface Scheduler {
    void schedule(long delayMillis, Runnable task);
}
