package io.khata.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Signature;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A commit's canonical hash and the precommits it is made of; the one form of a piece of evidence. */
class CommitAndEvidenceTest {
    private static Hash hash(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.of(b);
    }

    private static Signature sig(int fill) {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) fill);
        return Signature.of(b);
    }

    private static Vote precommit(String validator, long time, int sigFill) {
        return new Vote(VoteType.PRECOMMIT, 7, 2, hash(0x11), time, validator, sig(sigFill));
    }

    /**
     * last_commit_hash of a fixed commit, computed outside Khata from the layout in {@link Commit#hash()}
     * (height as 8 bytes, round as 4, the block hash, the count as 4, then per signature the
     * length-prefixed validator id, the time as 8 bytes and the length-prefixed signature, all big-endian):
     * <pre>
     * python3 -c "import hashlib,struct
     * def s(b): return struct.pack('>I',len(b))+b
     * out=struct.pack('>q',7)+struct.pack('>i',2)+bytes([0x11])*32+struct.pack('>i',2)
     * for v,t,f in [('bank0',1000,1),('bank1',1001,2)]: out+=s(v.encode())+struct.pack('>q',t)+s(bytes([f])*64)
     * print(hashlib.sha256(out).hexdigest())"
     * </pre>
     */
    @Test
    void theCommitHashIsPinnedAndTheSignaturesAreInValidatorOrder() {
        Commit commit = Commit.of(7, 2, hash(0x11), List.of(precommit("bank1", 1001, 2), precommit("bank0", 1000, 1)));
        assertEquals(List.of("bank0", "bank1"), commit.signatures().stream().map(CommitSig::validator).toList());
        assertEquals("040eac3d1ae2d90d564702ad997427a6d06873b1189d4d99ad99f7f151134aaa", commit.hash().toHex());
    }

    @Test
    void aCommitGivesBackThePrecommitsItWasMadeOf() {
        Vote a = precommit("bank0", 1000, 1);
        Vote b = precommit("bank1", 1001, 2);
        assertEquals(List.of(a, b), Commit.of(7, 2, hash(0x11), List.of(b, a)).votes());
    }

    @Test
    void onlyPrecommitsForThisBlockHeightAndRoundMakeACommit() {
        Vote good = precommit("bank0", 1000, 1);
        List<Vote> others = List.of(
                new Vote(VoteType.PREVOTE, 7, 2, hash(0x11), 1000, "bank1", sig(2)),
                new Vote(VoteType.PRECOMMIT, 8, 2, hash(0x11), 1000, "bank1", sig(2)),
                new Vote(VoteType.PRECOMMIT, 7, 3, hash(0x11), 1000, "bank1", sig(2)),
                new Vote(VoteType.PRECOMMIT, 7, 2, hash(0x12), 1000, "bank1", sig(2)),
                new Vote(VoteType.PRECOMMIT, 7, 2, null, 1000, "bank1", sig(2)));
        for (Vote other : others) {
            assertThrows(IllegalArgumentException.class, () -> Commit.of(7, 2, hash(0x11), List.of(good, other)), other.toString());
        }
    }

    @Test
    void evidenceHasOneFormWhateverTheOrderItArrivesIn() {
        Vote low = new Vote(VoteType.PREVOTE, 5, 1, hash(0x01), 0, "bank2", sig(1));
        Vote high = new Vote(VoteType.PREVOTE, 5, 1, hash(0x80), 0, "bank2", sig(2));
        Vote nil = new Vote(VoteType.PREVOTE, 5, 1, null, 0, "bank2", sig(3));
        Evidence ordered = new Evidence(low, high);
        assertSame(ordered, ordered.normalized());
        assertEquals(ordered, new Evidence(high, low).normalized());
        Evidence nilFirst = new Evidence(nil, high);
        assertSame(nilFirst, nilFirst.normalized());
        Evidence nilSecond = new Evidence(low, nil).normalized();
        assertNull(nilSecond.first().blockHash());
        assertEquals(low, nilSecond.second());
        assertEquals(new Evidence(high, low).offence(), ordered.offence());
    }
}
