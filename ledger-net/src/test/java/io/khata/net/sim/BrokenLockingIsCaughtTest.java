package io.khata.net.sim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.net.consensus.UnlockedConsensus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shows the invariants can fail: with validators that ignore their lock, the simulator finds a
 * seed within the default budget (the seeds {@link ConsensusSimulationTest} runs) where two
 * honest nodes decide different blocks at one height.
 */
class BrokenLockingIsCaughtTest {
    /** These runs keep the genesis set, so the set of the first height is the set of every height. */
    private static final Simulation.ConsensusFactory BROKEN = (config, validatorsAt, committedHeight, restored) ->
            new UnlockedConsensus(config, validatorsAt.apply(committedHeight + 1), committedHeight, restored);

    @Test
    void validatorsThatIgnoreTheirLockAreCaught() {
        SeedRunner.Outcome caught = null;
        for (int[] size : new int[][] {{4, 200}, {7, 50}}) {
            List<SeedRunner.Outcome> outcomes = SeedRunner.run(1, size[1], size[0], 30, BROKEN, true);
            for (SeedRunner.Outcome outcome : outcomes) {
                if (outcome.failure() != null) {
                    caught = outcome;
                    break;
                }
            }
            if (caught != null) {
                break;
            }
        }
        assertNotNull(caught, "no seed of the default budget caught validators that ignore their lock");
        System.out.println("broken locking caught by seed " + caught.seed() + " (n=" + caught.options().validators() + "): "
                + caught.failure().getMessage());
        assertTrue(caught.failure() instanceof SimulationFailure, caught.failure().toString());
        assertTrue(caught.failure().getMessage().contains("agreement"), caught.failure().getMessage());
    }
}
