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
    private static final long TIME_MILLIS = 1_767_225_600_000L;

    @TempDir
    Path dir;

    private static SignState state(long height, int round, Step step) {
        KeyPair key = TestGenesis.keyPair("validator");
        Hash block = Hash.fromHex("ab".repeat(32));
        Vote vote = Vote.sign(VoteType.PREVOTE, "chain", height, round, block, TIME_MILLIS, "bank0", key);
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

    @Test
    void aPrecommitIsSavedWithThePrevoteBeforeIt() {
        Path path = dir.resolve("signstate.bin");
        KeyPair key = TestGenesis.keyPair("validator");
        Hash block = Hash.fromHex("cd".repeat(32));
        Vote prevote = Vote.sign(VoteType.PREVOTE, "chain", 9, 2, block, TIME_MILLIS, "bank0", key);
        Vote precommit = Vote.sign(VoteType.PRECOMMIT, "chain", 9, 2, block, TIME_MILLIS, "bank0", key);
        SignState saved = new SignState(9, 2, Step.PRECOMMIT, 2, block, precommit, null, java.util.List.of(), prevote);
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(saved);
        }
        assertEquals(saved, new SignStateFile(path).load());
    }

    @Test
    void aFileWrittenBeforeTheRoundPrevoteWasKeptStillLoads() throws Exception {
        Path path = dir.resolve("signstate.bin");
        SignState old = state(4, 1, Step.PREVOTE);
        io.khata.core.codec.CanonicalWriter writer = new io.khata.core.codec.CanonicalWriter(256)
                .writeLong(old.height()).writeInt(old.round()).writeInt(old.step().ordinal()).writeInt(old.lockedRound())
                .writeOptionalHash(old.lockedBlockHash()).writeBoolean(true)
                .writeBytes(io.khata.core.block.VoteCodec.toWire(old.lastVote()).toByteArray());
        byte[] body = writer.toByteArray(); // the layout of the first format: no field after the last vote
        byte[] covered = java.nio.ByteBuffer.allocate(8 + body.length).putLong(1).put(body).array();
        java.nio.ByteBuffer slot = java.nio.ByteBuffer.allocate(2 * SignStateFile.SLOT_BYTES).putLong(1).putInt(body.length)
                .put(body).put(io.khata.core.crypto.Sha256.hash(covered).toByteArray());
        java.nio.file.Files.write(path, slot.array());
        assertEquals(old, new SignStateFile(path).load());
    }

    @Test
    void aRoundPrevoteWithoutAPrecommitAfterItIsRefused() {
        KeyPair key = TestGenesis.keyPair("validator");
        Vote prevote = Vote.sign(VoteType.PREVOTE, "chain", 9, 2, null, TIME_MILLIS, "bank0", key);
        Vote otherRound = Vote.sign(VoteType.PRECOMMIT, "chain", 9, 3, null, TIME_MILLIS, "bank0", key);
        assertThrows(IllegalArgumentException.class,
                () -> new SignState(9, 2, Step.PREVOTE, -1, null, prevote, null, java.util.List.of(), prevote));
        assertThrows(IllegalArgumentException.class,
                () -> new SignState(9, 3, Step.PRECOMMIT, -1, null, otherRound, null, java.util.List.of(), prevote));
    }

    @Test
    void aFileWhoseFirstSaveNeverCompletedStartsFresh() throws Exception {
        Path path = dir.resolve("signstate.bin");
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(state(3, 0, Step.PREVOTE)); // the first save goes to slot 1
        }
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
            raw.seek(SignStateFile.SLOT_BYTES + 20);
            raw.write(0x5a); // torn: slot 1 no longer checks, slot 0 was never written
        }
        assertEquals(SignState.NONE, new SignStateFile(path).load());
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
            raw.seek(3);
            raw.write(0x01); // slot 0 holds bytes, so something was written there: damage, not a first save
        }
        assertThrows(IllegalStateException.class, () -> new SignStateFile(path).load());
    }

    @Test
    void aPreallocatedFileWithoutAnySaveStartsFresh() throws Exception {
        Path path = dir.resolve("signstate.bin");
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
            raw.setLength(2L * SignStateFile.SLOT_BYTES);
        }
        assertEquals(SignState.NONE, new SignStateFile(path).load());
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(state(1, 0, Step.PROPOSE));
        }
        assertEquals(1, new SignStateFile(path).load().height());
    }

    @Test
    void aFailedWriteIsAnErrorAndNothingIsSaved() {
        DurableFile failing = new DurableFile() {
            @Override
            public byte[] read() {
                return new byte[0];
            }

            @Override
            public void write(long position, byte[] bytes) throws java.io.IOException {
                throw new java.io.IOException("no space left on device");
            }

            @Override
            public void sync() {
                throw new AssertionError("nothing was written, so nothing is synced");
            }

            @Override
            public void close() {
            }
        };
        SignStateFile file = new SignStateFile(failing);
        assertThrows(java.io.UncheckedIOException.class, () -> file.save(state(2, 0, Step.PREVOTE)));
    }
}
