package io.khata.net.sim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.net.consensus.Consensus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shows the invariants can fail: with validators that ignore their lock
 * ({@link Broken#IGNORES_LOCK}), the simulator finds a seed within the default budget (the
 * consecutive seeds {@link ConsensusSimulationTest} runs, n = 4 then n = 7) where two honest
 * nodes decide different blocks at one height. It takes more seeds than the other broken
 * variants: the lock matters only when a validator that saw a polka locks while the others
 * move on without it, and a decision of the locked block has not reached them yet.
 */
class BrokenLockingIsCaughtTest {
    @Test
    void validatorsThatIgnoreTheirLockAreCaught() {
        SeedRunner.Outcome caught = null;
        for (int[] size : new int[][] {{4, 200}, {7, 50}}) {
            SimulationOptions options = SimulationOptions.equalPower(size[0], 30).withBroken(Broken.IGNORES_LOCK);
            List<SeedRunner.Outcome> outcomes = SeedRunner.run(1, size[1], options, Consensus::new, true, outcome -> { });
            caught = outcomes.stream().filter(outcome -> !outcome.passed()).findFirst().orElse(null);
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
