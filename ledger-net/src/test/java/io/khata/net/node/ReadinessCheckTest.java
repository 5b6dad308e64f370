package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.genesis.TestGenesis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ready means connected to more than 2/3 of the power and not behind what more than 1/3 of it reports. */
class ReadinessCheckTest {
    private final ValidatorSet validators = new ValidatorSet(List.of(
            validator("bank0", 10), validator("bank1", 10), validator("bank2", 10), validator("bank3", 10)));

    private static Validator validator(String id, long power) {
        return new Validator(id, TestGenesis.keyPair(id).publicKey(), power);
    }

    @Test
    void needsMoreThanTwoThirdsOfThePowerConnectedCountingItself() {
        assertTrue(ReadinessCheck.of("bank0", 5, validators, List.of("bank1", "bank2"), Map.of()).ready());
        Readiness alone = ReadinessCheck.of("bank0", 5, validators, List.of("bank1"), Map.of());
        assertFalse(alone.ready());
        assertTrue(alone.reason().contains("20 of 40"), alone.reason());
        // An observer holds no power itself: it needs connections to more than 2/3 of the validators.
        assertFalse(ReadinessCheck.of("observer", 5, validators, List.of("bank1", "bank2"), Map.of()).ready());
        assertTrue(ReadinessCheck.of("observer", 5, validators, List.of("bank0", "bank1", "bank2"), Map.of()).ready());
    }

    @Test
    void isNotReadyWhileMoreThanAThirdOfThePowerReportsHeightsWellAhead() {
        List<String> all = List.of("bank1", "bank2", "bank3");
        assertTrue(ReadinessCheck.of("bank0", 5, validators, all, Map.of("bank1", 6L, "bank2", 8L, "bank3", 8L)).ready());
        Readiness behind = ReadinessCheck.of("bank0", 5, validators, all, Map.of("bank1", 20L, "bank2", 20L));
        assertFalse(behind.ready());
        assertTrue(behind.reason().startsWith("catching up"), behind.reason());
        // One lying peer (at most a third of the power) cannot make the node unready.
        assertTrue(ReadinessCheck.of("bank0", 5, validators, all, Map.of("bank3", 1_000_000L)).ready());
        // A report from a peer no longer connected does not count.
        assertTrue(ReadinessCheck.of("bank0", 5, validators, List.of("bank1", "bank2"),
                Map.of("bank3", 20L, "bank1", 20L)).ready());
    }
}
