package io.khata.net.sim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.net.consensus.Consensus;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each deliberately broken node ({@link Broken}) is caught within the first {@link #SEEDS}
 * consecutive seeds of the standard runs (n = 4, every standard fault, 30 heights), and by the
 * check that guards what it breaks. The same seeds pass with the node that ships
 * ({@link ConsensusSimulationTest} runs them). {@link Broken#IGNORES_LOCK} needs a longer range:
 * {@link BrokenLockingIsCaughtTest}.
 *
 * <ul>
 *   <li>counts-votes and half-quorum decide with less than 2/3 of the power; the ledger refuses
 *       the commit certificate, the shell halts the node, and an un-injected halt fails the run
 *       (counting votes differs from weighing power only in the runs with unequal powers);</li>
 *   <li>skips-sign-state signs with nothing on disk; the first crash-restart finds less than
 *       what the node was told was saved (durability);</li>
 *   <li>decides-without-block decides a block other than the one precommitted; the ledger
 *       refuses a commit for another hash, and the node halts.</li>
 * </ul>
 */
class BrokenVariantsAreCaughtTest {
    private static final int SEEDS = 12;

    @ParameterizedTest
    @CsvSource({
        "COUNTS_VOTES, needs more than 2/3 of total power",
        "HALF_QUORUM, needs more than 2/3 of total power",
        "SKIPS_SIGN_STATE, durability: sign-state",
        "DECIDES_WITHOUT_BLOCK, commit.block_hash",
    })
    void isCaught(Broken variant, String check) {
        SimulationOptions options = SimulationOptions.equalPower(4, 30).withBroken(variant);
        List<SeedRunner.Outcome> outcomes = SeedRunner.run(1, SEEDS, options, Consensus::new, true, outcome -> { });
        SeedRunner.Outcome caught = outcomes.stream().filter(outcome -> !outcome.passed()).findFirst().orElse(null);
        assertNotNull(caught, variant.label() + " was not caught by seeds 1.." + SEEDS);
        String message = String.valueOf(caught.failure().getMessage());
        System.out.println(variant.label() + " caught by seed " + caught.seed() + ": " + message);
        assertTrue(caught.failure() instanceof SimulationFailure, caught.failure().toString());
        assertTrue(message.contains(check), variant.label() + " was caught by another check: " + message);
    }
}
