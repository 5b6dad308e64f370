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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pending evidence: one entry per offence, bounded overall and per offender, offered only to later heights, settled once. */
class EvidencePoolRulesTest {
    private static final Signature SIG = Signature.of(new byte[64]);

    private static Hash hash(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.of(b);
    }

    private static Evidence offence(String validator, long height, int round) {
        return new Evidence(new Vote(VoteType.PREVOTE, height, round, hash(2), 0, validator, SIG),
                new Vote(VoteType.PREVOTE, height, round, hash(1), 0, validator, SIG));
    }

    private static List<String> pendingIds(EvidencePool pool) {
        return pool.pending().stream().map(e -> e.validator() + "@" + e.height() + "/" + e.first().round()).toList();
    }

    @Test
    void oneOffenceIsKeptOnceInItsNormalizedForm() {
        EvidencePool pool = new EvidencePool(100, 100);
        Evidence e = offence("a", 3, 0);
        assertFalse(pool.knows(e));
        assertTrue(pool.add(e));
        assertTrue(pool.knows(e));
        // The same offence against another vote is the same offence.
        Evidence again = new Evidence(e.first(), new Vote(VoteType.PREVOTE, 3, 0, null, 0, "a", SIG));
        assertTrue(pool.knows(again));
        assertFalse(pool.add(again));
        assertEquals(1, pool.size());
        assertEquals(hash(1), pool.pending().get(0).first().blockHash(), "lower hash first");
        assertFalse(pool.knows(offence("a", 3, 1)), "another round is another offence");
        assertFalse(pool.knows(offence("b", 3, 0)), "another validator is another offence");
    }

    @Test
    void anOffenderHoldsAtMostATenthAndItsOwnOldestMakesRoom() {
        EvidencePool pool = new EvidencePool(20, 100);
        pool.add(offence("x", 1, 0));
        pool.add(offence("a", 1, 0));
        pool.add(offence("a", 2, 0));
        assertTrue(pool.add(offence("a", 3, 0)), "a third offence of a's replaces its oldest");
        assertEquals(List.of("x@1/0", "a@2/0", "a@3/0"), pendingIds(pool));
    }

    @Test
    void whenFullTheOldestOverallMakesRoomAndAPoolOfFewerThanTenStillTakesOnePerOffender() {
        EvidencePool pool = new EvidencePool(3, 100);
        pool.add(offence("a", 1, 0));
        assertTrue(pool.add(offence("a", 2, 0)) && pendingIds(pool).equals(List.of("a@2/0")), "one per offender below ten");
        pool.add(offence("b", 1, 0));
        pool.add(offence("c", 1, 0));
        assertEquals(3, pool.size());
        pool.add(offence("d", 1, 0));
        assertEquals(List.of("b@1/0", "c@1/0", "d@1/0"), pendingIds(pool));
        pool.add(offence("e", 1, 0));
        assertEquals(List.of("c@1/0", "d@1/0", "e@1/0"), pendingIds(pool));
    }

    @Test
    void aBlockMayOnlyCarryOffencesOfEarlierHeights() {
        EvidencePool pool = new EvidencePool(100, 100);
        pool.add(offence("a", 4, 0));
        pool.add(offence("b", 5, 0));
        assertEquals(List.of(), pool.pendingBefore(4));
        assertEquals(1, pool.pendingBefore(5).size());
        assertEquals(2, pool.pendingBefore(6).size());
    }

    @Test
    void aCommittedOffenceLeavesThePoolAndIsRememberedUpToTheBound() {
        EvidencePool pool = new EvidencePool(100, 2);
        Evidence a = offence("a", 1, 0);
        Evidence b = offence("b", 1, 0);
        Evidence c = offence("c", 1, 0);
        pool.add(a);
        pool.add(b);
        pool.markCommitted(List.of(a));
        assertEquals(1, pool.size());
        assertTrue(pool.knows(a));
        assertFalse(pool.add(a), "committed already");
        pool.markCommitted(List.of(a));
        pool.markCommitted(List.of(b, c));
        assertEquals(0, pool.size());
        assertTrue(pool.knows(b) && pool.knows(c));
        assertFalse(pool.knows(a), "the oldest of three remembered with room for two is forgotten");
        assertTrue(pool.add(a));
        // An offender's count is freed when its offence is committed.
        EvidencePool small = new EvidencePool(20, 10);
        small.add(offence("z", 1, 0));
        small.add(offence("z", 2, 0));
        small.markCommitted(List.of(offence("z", 1, 0)));
        small.add(offence("z", 3, 0));
        assertEquals(2, small.size(), "z's count went down with the commit, so nothing was evicted");
    }

    @Test
    void evidenceTheLedgerLeftOutBeforeTheLastItCarriedIsSettledAndTheRestStaysPending() {
        EvidencePool pool = new EvidencePool(100, 100);
        Evidence a = offence("a", 1, 0);
        Evidence b = offence("b", 1, 0);
        Evidence c = offence("c", 1, 0);
        Evidence d = offence("d", 1, 0);
        for (Evidence e : List.of(a, b, c, d)) {
            pool.add(e);
        }
        pool.settleOffered(List.of(a, b, c, d), List.of(b, c));
        // a was refused (left out before c, which was carried); d may only have been cut by the count.
        assertEquals(List.of("b@1/0", "c@1/0", "d@1/0"), pendingIds(pool));
        assertTrue(pool.knows(a));
        assertFalse(pool.add(a));
        pool.settleOffered(List.of(d), List.of());
        assertEquals(List.of("b@1/0", "c@1/0"), pendingIds(pool), "left out of a block that carries none: refused");
    }
}
