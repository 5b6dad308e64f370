package io.khata.net.sim;

/**
 * Thrown out of a simulated disk at the instant the simulation crashes that disk's node: it
 * unwinds whatever the node was doing, as a process dying would, and the simulation catches it
 * where the step began. An {@link Error}, so that no handler of the node's code, which catches
 * runtime exceptions to halt, mistakes it for a failure of its own.
 */
final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String node) {
        super("simulated crash of " + node, null, false, false);
    }
}
