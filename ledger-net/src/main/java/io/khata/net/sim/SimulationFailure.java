package io.khata.net.sim;

/** An invariant broke: the message says which, at what virtual time and on which node. */
final class SimulationFailure extends AssertionError {
    SimulationFailure(String message) {
        super(message);
    }
}
