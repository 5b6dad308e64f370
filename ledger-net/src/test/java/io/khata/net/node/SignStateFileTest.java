package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Step;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignStateFileTest {
    @TempDir
    Path dir;

    private static SignState state(long height, int round, Step step) {
        KeyPair key = TestGenesis.keyPair("validator");
        Hash block = Hash.fromHex("ab".repeat(32));
        Vote vote = Vote.sign(VoteType.PREVOTE, "chain", height, round, block, "bank0", key);
        return new SignState(height, round, step, round, block, vote);
    }

    @Test
    void aNewValidatorHasSignedNothing() {
        assertEquals(SignState.NONE, new SignStateFile(dir.resolve("signstate.bin")).load());
    }

    @Test
    void theNewestSaveSurvivesAReopen() {
        Path path = dir.resolve("signstate.bin");
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(state(5, 0, Step.PROPOSE));
            file.save(state(5, 0, Step.PREVOTE));
            file.save(state(5, 1, Step.PRECOMMIT));
        }
        SignState loaded = new SignStateFile(path).load();
        assertEquals(state(5, 1, Step.PRECOMMIT).height(), loaded.height());
        assertEquals(1, loaded.round());
        assertEquals(Step.PRECOMMIT, loaded.step());
        assertEquals(state(5, 1, Step.PRECOMMIT).lastVote(), loaded.lastVote());
    }

    @Test
    void aTornSlotFallsBackToTheOtherAndTwoRefuseToStart() throws Exception {
        Path path = dir.resolve("signstate.bin");
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(state(7, 0, Step.PREVOTE));
            file.save(state(7, 0, Step.PRECOMMIT));
        }
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
            raw.seek(0 * SignStateFile.SLOT_BYTES + 20); // the second save went to slot 0
            raw.write(0x5a);
        }
        SignStateFile reopened = new SignStateFile(path);
        assertEquals(Step.PREVOTE, reopened.load().step(), "falls back to the older, intact slot");
        reopened.save(state(8, 0, Step.PROPOSE));
        assertEquals(8, new SignStateFile(path).load().height(), "saving continues after a fallback");
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
            raw.seek(20);
            raw.write(0x11);
            raw.seek(SignStateFile.SLOT_BYTES + 20);
            raw.write(0x11);
        }
        assertThrows(IllegalStateException.class, () -> new SignStateFile(path).load());
    }
}
