package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.khata.core.Limits;
import io.khata.core.crypto.KeyPair;
import org.junit.jupiter.api.Test;

/** The timeouts' linear, capped growth and the bounds a consensus configuration must keep. */
class ConsensusSettingsTest {
    private static final KeyPair KEY = KeyPair.fromSeed(new byte[32]);

    @Test
    void roundTimeoutsGrowByTheDeltaEachRoundUpToTheCap() {
        Timeouts t = new Timeouts(1_000, 500, 400, 250, 3_000, 700, 2_000);
        assertEquals(1_000, t.delayMillis(TimeoutKind.PROPOSE, 0));
        assertEquals(1_250, t.delayMillis(TimeoutKind.PROPOSE, 1));
        assertEquals(500 + 4 * 250, t.delayMillis(TimeoutKind.PREVOTE, 4));
        assertEquals(400 + 2 * 250, t.delayMillis(TimeoutKind.PRECOMMIT, 2));
        assertEquals(3_000, t.delayMillis(TimeoutKind.PROPOSE, 8), "1000 + 8 * 250 = 3000: exactly the cap");
        assertEquals(3_000, t.delayMillis(TimeoutKind.PROPOSE, 9), "over the cap");
        assertEquals(3_000, t.delayMillis(TimeoutKind.PRECOMMIT, Integer.MAX_VALUE / 2), "no overflow at the highest round");
        assertEquals(700, t.delayMillis(TimeoutKind.GOSSIP, 50), "gossip does not grow");
        assertEquals(2_000, t.delayMillis(TimeoutKind.SYNC, 50), "sync does not grow");
        // A base above the cap is not cut below itself.
        assertEquals(5_000, new Timeouts(5_000, 1, 1, 0, 3_000, 1, 1).delayMillis(TimeoutKind.PROPOSE, 3));
    }

    @Test
    void everyTimeoutMustBePositiveAndTheDeltaMayBeZero() {
        assertDoesNotThrow(() -> new Timeouts(1, 1, 1, 0, 1, 1, 1));
        long[] valid = {1, 1, 1, 0, 1, 1, 1};
        for (int i = 0; i < valid.length; i++) {
            long[] bad = valid.clone();
            bad[i] = i == 3 ? -1 : 0;
            assertThrows(IllegalArgumentException.class,
                    () -> new Timeouts(bad[0], bad[1], bad[2], bad[3], bad[4], bad[5], bad[6]), "parameter " + i);
        }
    }

    private static ConsensusConfig config(String id, KeyPair key, int rounds, int heights, int messages, int evidence,
                                          long perSender, long total) {
        return new ConsensusConfig("c", id, key, Timeouts.DEFAULT, rounds, heights, messages, evidence,
                io.khata.core.crypto.Ed25519::verify, perSender, total, QuorumRule.PROTOCOL);
    }

    @Test
    void aValidatorHasAnIdAndAKeyAndAnObserverNeither() {
        assertDoesNotThrow(() -> config("bank0", KEY, 1, 1, 1, 1, 1, 1));
        assertDoesNotThrow(() -> config(null, null, 1, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config("bank0", null, 1, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config(null, KEY, 1, 1, 1, 1, 1, 1));
    }

    @Test
    void everyBoundIsPositiveAndTheTotalHoldsAtLeastOneSendersShare() {
        assertThrows(IllegalArgumentException.class, () -> config("b", KEY, 0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config("b", KEY, 1, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config("b", KEY, 1, 1, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config("b", KEY, 1, 1, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> config("b", KEY, 1, 1, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> config("b", KEY, 1, 1, 1, 1, 10, 9));
        assertDoesNotThrow(() -> config("b", KEY, 1, 1, 1, 1, 10, 10));
        assertThrows(NullPointerException.class, () -> new ConsensusConfig("c", "b", KEY, Timeouts.DEFAULT, 1, 1, 1, 1,
                io.khata.core.crypto.Ed25519::verify, 1, 1, null));
    }

    @Test
    void theDefaultsBufferOneLargestBlockAndAMebibyteOfVotesPerSenderAndTwiceThatInAll() {
        ConsensusConfig config = ConsensusConfig.of("c", "bank0", KEY, Timeouts.DEFAULT);
        long perSender = Limits.DEFAULT.blockBytesMax() + 1024L * 1024;
        assertEquals(perSender, config.futureBytesPerSenderMax());
        assertEquals(2 * perSender, config.futureBytesMax());
        assertEquals(100, config.roundsAheadMax());
        assertEquals(2, config.heightsAheadMax());
        assertEquals(10_000, config.futureMessagesMax());
        assertEquals(100, config.evidencePendingMax());
        assertSame(QuorumRule.PROTOCOL, config.quorumRule());
        assertEquals(4096 + 1024L * 1024, config.withFutureBytesMax(4096).futureBytesPerSenderMax());
        SignatureVerifier never = (key, message, signature) -> false;
        assertSame(never, config.withVerifier(never).verifier());
        assertEquals(config.futureBytesMax(), config.withVerifier(never).futureBytesMax());
        QuorumRule other = new QuorumRule() {
            @Override
            public long weight(io.khata.core.block.Validator validator) {
                return 1;
            }

            @Override
            public boolean isQuorum(long weight, io.khata.core.block.ValidatorSet validators) {
                return weight > 0;
            }
        };
        assertSame(other, config.withQuorumRule(other).quorumRule());
        assertSame(config.verifier(), config.withQuorumRule(other).verifier());
    }
}
