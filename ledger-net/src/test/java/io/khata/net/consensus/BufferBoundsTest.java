package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The future-height buffer and the evidence pool under a validator that signs as much as it likes. */
class BufferBoundsTest {
    private static Hash hash(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return Hash.of(bytes);
    }

    private static Vote vote(String validator, long height, int round, int block) {
        byte[] signature = new byte[64];
        signature[0] = (byte) block;
        return new Vote(VoteType.PREVOTE, height, round, hash(block), 0, validator, Signature.of(signature));
    }

    private static Message message(String validator, long height, int round, int block) {
        return new Message.OfVote(vote(validator, height, round, block));
    }

    @Test
    void copiesAreRecognisedAndKeptOnce() {
        FutureMessages future = new FutureMessages(100, 10_000, 20_000);
        Message vote = message("bank3", 5, 0, 1);
        assertFalse(future.holds(vote));
        assertTrue(future.add(vote).isEmpty());
        for (int copy = 0; copy < 1_000; copy++) {
            assertTrue(future.holds(message("bank3", 5, 0, 1)));
            assertTrue(future.add(message("bank3", 5, 0, 1)).isEmpty());
        }
        assertEquals(1, future.size());
        assertEquals(FutureMessages.VOTE_BYTES, future.bytes());
    }

    @Test
    void oneSignerCannotBufferMoreThanItsShareNorPushOthersOut() {
        long share = 10 * FutureMessages.VOTE_BYTES;
        FutureMessages future = new FutureMessages(10_000, share, 2 * share);
        for (int round = 0; round < 1_000; round++) {
            future.add(message("bank3", 5, round, 1));
        }
        assertEquals(share, future.bytes(), "the Byzantine signer holds exactly its share");
        for (int round = 0; round < 10; round++) {
            assertTrue(future.add(message("bank" + round % 3, 5, round, 2)).isEmpty(), "an honest vote is kept");
        }
        assertEquals(2 * share, future.bytes());
        assertTrue(future.add(message("bank0", 6, 0, 3)).isEmpty(), "the total evicts from the largest signer");
        assertEquals(2 * share, future.bytes());
        assertEquals(10, future.take(5).stream().filter(m -> !m.sender().equals("bank3")).count());
        assertEquals(1, future.size());
    }

    @Test
    void theEvidencePoolEvictsTheOldestAndOneOffenderOnlyChurnsItsOwnShare() {
        EvidencePool pool = new EvidencePool(20, 200);
        Evidence againstHonest = new Evidence(vote("bank1", 3, 0, 1), vote("bank1", 3, 0, 2));
        assertTrue(pool.add(againstHonest));
        for (int round = 0; round < 500; round++) {
            assertTrue(pool.add(new Evidence(vote("bank3", 2, round, 1), vote("bank3", 2, round, 2))));
        }
        assertEquals(1 + 2, pool.size(), "the offender keeps at most a tenth of the pool");
        assertTrue(pool.knows(againstHonest), "its fabrications never push out evidence against another validator");
        for (int i = 0; i < 30; i++) {
            String offender = "bank" + (10 + i);
            pool.add(new Evidence(vote(offender, 4, 0, 1), vote(offender, 4, 0, 2)));
        }
        assertEquals(20, pool.size(), "the pool stays at its bound");
        assertFalse(pool.knows(againstHonest), "the oldest offence is the one evicted");
    }

    @Test
    void evidenceTheLedgerLeftOutOfABuiltBlockIsSettledAndNotTakenAgain() {
        EvidencePool pool = new EvidencePool(20, 200);
        Evidence committedBeforeARestart = new Evidence(vote("bank1", 3, 0, 1), vote("bank1", 3, 0, 2));
        Evidence carried = new Evidence(vote("bank2", 3, 0, 1), vote("bank2", 3, 0, 2));
        Evidence afterTheLastCarried = new Evidence(vote("bank3", 3, 0, 1), vote("bank3", 3, 0, 2));
        java.util.List<Evidence> offered = java.util.List.of(committedBeforeARestart, carried, afterTheLastCarried);
        offered.forEach(pool::add);

        pool.settleOffered(offered, java.util.List.of(carried));
        assertFalse(pool.add(committedBeforeARestart), "refused by the ledger: settled, a forwarded copy is ignored");
        assertTrue(pool.knows(afterTheLastCarried), "maybe cut by the count limit only: still pending");
        assertEquals(2, pool.size(), "the carried item stays until its block commits, with the one after it");

        pool.settleOffered(java.util.List.of(afterTheLastCarried), java.util.List.of());
        assertFalse(pool.add(afterTheLastCarried), "left out of a block that carries no evidence: refused");
    }
}
