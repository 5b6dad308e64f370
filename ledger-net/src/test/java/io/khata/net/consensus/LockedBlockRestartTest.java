package io.khata.net.consensus;

import static io.khata.net.consensus.Harness.block;
import static io.khata.net.consensus.Harness.broadcastVotes;
import static io.khata.net.consensus.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.khata.core.block.Block;
import io.khata.core.block.VoteType;
import io.khata.net.node.SignStateFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts that forget: the locked block and its proof of lock go through the real sign-state
 * file, so a validator restarted while locked re-proposes its locked block when it is the
 * proposer, with the prevotes that prove the lock, as it would have without the crash.
 */
class LockedBlockRestartTest {
    @TempDir
    Path dir;

    /** Performs the state machine's persist effects on a real file, as the node's shell does. */
    private static void persist(List<Effect> effects, SignStateFile file) {
        for (Effect.PersistSignState effect : Harness.of(effects, Effect.PersistSignState.class)) {
            file.save(effect.state());
        }
    }

    @Test
    void restartsThatForget_aLockedValidatorRestartedFromItsFileReProposesItsLockedBlock() {
        Block v = block(1, "v");
        Path path = dir.resolve("signstate.bin");
        try (SignStateFile file = new SignStateFile(path)) {
            Harness before = new Harness("bank-0");
            persist(before.effects, file);
            persist(before.propose(1, 0, -1, v, true), file);
            List<Effect> locking = before.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2");
            persist(locking, file);
            assertEquals(1, broadcastVotes(locking, VoteType.PRECOMMIT).size(), "locked and precommitted");
        }
        SignState loaded = new SignStateFile(path).load();
        assertNotNull(loaded.lockedBlock(), "the locked block was saved before the precommit");

        Harness after = new Harness("bank-0", loaded, Consensus::new);
        List<Effect> effects = after.votes(VoteType.PRECOMMIT, 1, 3, null, "bank-1", "bank-2"); // round 3: bank-0 proposes
        List<Effect.Broadcast> sent = of(effects, Effect.Broadcast.class);
        Proposal proposal = ((Message.OfProposal) sent.get(0).message()).proposal();
        assertEquals(v, proposal.block(), "it re-proposes its locked block");
        assertEquals(0, proposal.validRound());
        assertEquals(3, broadcastVotes(effects, VoteType.PREVOTE).stream()
                .filter(prevote -> prevote.round() == 0 && v.hash().equals(prevote.blockHash())).count(),
                "and relays its proof of lock, read back from the file");
    }
}
