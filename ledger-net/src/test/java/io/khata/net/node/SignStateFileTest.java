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
    void theSignStateOnlyMovesForward() {
        Path path = dir.resolve("signstate.bin");
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(state(5, 1, Step.PREVOTE));
            assertThrows(IllegalStateException.class, () -> file.save(state(5, 1, Step.PREVOTE)), "the same position");
            assertThrows(IllegalStateException.class, () -> file.save(state(5, 1, Step.PROPOSE)), "an earlier step");
            assertThrows(IllegalStateException.class, () -> file.save(state(5, 0, Step.PRECOMMIT)), "an earlier round");
            assertThrows(IllegalStateException.class, () -> file.save(state(4, 9, Step.PRECOMMIT)), "an earlier height");
            file.save(state(5, 1, Step.PRECOMMIT));
        }
        SignStateFile reopened = new SignStateFile(path);
        assertThrows(IllegalStateException.class, () -> reopened.save(state(5, 1, Step.PREVOTE)),
                "also against what a new process finds on disk");
        assertEquals(Step.PRECOMMIT, reopened.load().step(), "a refused save leaves the file as it was");
        reopened.save(state(6, 0, Step.PROPOSE));
        assertEquals(6, new SignStateFile(path).load().height());
    }

    private static io.khata.core.block.Block block(long height, String tag) {
        Hash tagHash = io.khata.core.crypto.Sha256.hash(tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        io.khata.core.block.BlockHeader header = new io.khata.core.block.BlockHeader("chain", height, Hash.ZERO, 1_000,
                "bank1", tagHash, tagHash, io.khata.core.block.Commit.NONE_HASH, Hash.ZERO, Hash.ZERO, Hash.ZERO);
        return io.khata.core.block.BlockCodec.assemble(header, java.util.List.of(), null, java.util.List.of());
    }

    /** A precommit at (height, 1) locked on a block, with the block and three prevotes of round 1 as its proof of lock. */
    private static SignState lockedState(long height, io.khata.core.block.Block locked) {
        java.util.List<Vote> proof = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            proof.add(Vote.sign(VoteType.PREVOTE, "chain", height, 1, locked.hash(), 1_000, "bank" + i,
                    TestGenesis.keyPair("validator" + i)));
        }
        Vote precommit = Vote.sign(VoteType.PRECOMMIT, "chain", height, 1, locked.hash(), 1_000, "bank0",
                TestGenesis.keyPair("validator0"));
        return new SignState(height, 1, Step.PRECOMMIT, 1, locked.hash(), precommit, locked, proof, proof.get(0));
    }

    private long lockedFiles() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith("locked-")).count();
        }
    }

    @Test
    void theLockedBlockAndItsProofOfLockSurviveAReopen_inTheSignStateFileItself() throws Exception {
        Path path = dir.resolve("signstate.bin");
        io.khata.core.block.Block locked = block(12, "locked");
        SignState saved = lockedState(12, locked);
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(saved);
        }
        SignState loaded = new SignStateFile(path).load();
        assertEquals(saved, loaded);
        assertEquals(locked, loaded.lockedBlock());
        assertEquals(saved.lockProof(), loaded.lockProof());
        assertEquals(0, lockedFiles(), "no file beside the sign-state");

        long size = 0;
        for (long height = 13; height < 40; height++) {
            io.khata.core.block.Block next = block(height, "next" + height);
            try (SignStateFile file = new SignStateFile(path)) {
                assertEquals(height - 1, file.load().height());
                file.save(lockedState(height, next));
            }
            assertEquals(next, new SignStateFile(path).load().lockedBlock(), "height " + height);
            size = Math.max(size, java.nio.file.Files.size(path));
        }
        long region = LockRegion.encode(lockedState(39, block(39, "next39"))).length;
        org.junit.jupiter.api.Assertions.assertTrue(size <= SignStateFile.DATA_START + 3 * (region + 64),
                "the regions are reused: " + size + " bytes for regions of about " + region);
        try (SignStateFile file = new SignStateFile(path)) {
            file.load();
            file.save(new SignState(40, 0, Step.PREVOTE, -1, null));
        }
        assertEquals(null, new SignStateFile(path).load().lockedBlock());
    }

    /**
     * One sync covers a slot and its region, so a crash may leave the slot whole and the region
     * torn: the slot is kept (it only holds the validator back) with its lock by hash alone.
     */
    @Test
    void aTornRegionKeepsTheSlotWithItsLockByHashAlone() throws Exception {
        Path path = dir.resolve("signstate.bin");
        SignState saved = lockedState(12, block(12, "locked"));
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(saved);
        }
        byte[] intact = java.nio.file.Files.readAllBytes(path);
        java.nio.file.Files.write(path, java.util.Arrays.copyOf(intact, intact.length - 7));
        SignState torn = new SignStateFile(path).load();
        assertEquals(saved.lockedBlockHash(), torn.lockedBlockHash());
        assertEquals(saved.lockedRound(), torn.lockedRound());
        assertEquals(saved.lastVote(), torn.lastVote());
        assertEquals(null, torn.lockedBlock());

        byte[] flipped = intact.clone();
        flipped[intact.length - 40] ^= 0x40;
        java.nio.file.Files.write(path, flipped);
        assertEquals(null, new SignStateFile(path).load().lockedBlock(), "one bit flipped in the region");
    }

    /** A slot written by an earlier version, naming a locked-block file of its own beside the sign-state. */
    private void writeEarlierVersion(Path path, SignState state) throws Exception {
        io.khata.core.codec.CanonicalWriter writer = new io.khata.core.codec.CanonicalWriter(256)
                .writeLong(state.height()).writeInt(state.round()).writeInt(state.step().ordinal())
                .writeInt(state.lockedRound()).writeOptionalHash(state.lockedBlockHash())
                .writeBoolean(true).writeBytes(io.khata.core.block.VoteCodec.toWire(state.lastVote()).toByteArray())
                .writeBoolean(true).writeBytes(io.khata.core.block.VoteCodec.toWire(state.roundPrevote()).toByteArray())
                .writeBoolean(true);
        byte[] body = writer.toByteArray();
        byte[] covered = java.nio.ByteBuffer.allocate(8 + body.length).putLong(1).put(body).array();
        java.nio.ByteBuffer slots = java.nio.ByteBuffer.allocate(2 * SignStateFile.SLOT_BYTES);
        slots.position(SignStateFile.SLOT_BYTES);
        slots.putLong(1).putInt(body.length).put(body).put(io.khata.core.crypto.Sha256.hash(covered).toByteArray());
        java.nio.file.Files.write(path, slots.array());
        byte[] content = LockRegion.encode(state);
        java.nio.file.Files.write(path.resolveSibling(LockedBlockFiles.name(state.lockedBlockHash(), state.lockedRound())),
                java.nio.ByteBuffer.allocate(content.length + Hash.BYTES).put(content)
                        .put(io.khata.core.crypto.Sha256.hash(content).toByteArray()).array());
    }

    @Test
    void aLockedBlockFileOfAnEarlierVersionLoads_andIsDeletedAfterTheNextSave() throws Exception {
        Path path = dir.resolve("signstate.bin");
        SignState saved = lockedState(12, block(12, "locked"));
        writeEarlierVersion(path, saved);
        assertEquals(1, lockedFiles());
        SignStateFile file = new SignStateFile(path);
        assertEquals(saved, file.load());
        assertEquals(saved.lockedBlock(), file.load().lockedBlock());
        file.save(lockedState(13, block(13, "next")));
        assertEquals(0, lockedFiles(), "the earlier version's file is deleted once a slot of this one is synced");
        assertEquals(block(13, "next"), new SignStateFile(path).load().lockedBlock());
    }

    @Test
    void aDamagedOrMissingLockedBlockFileRefusesToStart_unlessTheOperatorAllowsAReset() throws Exception {
        Path path = dir.resolve("signstate.bin");
        io.khata.core.block.Block locked = block(12, "locked");
        SignState saved = lockedState(12, locked);
        writeEarlierVersion(path, saved);
        Path side = path.resolveSibling(LockedBlockFiles.name(locked.hash(), 1));
        byte[] intact = java.nio.file.Files.readAllBytes(side);

        java.nio.file.Files.write(side, java.util.Arrays.copyOf(intact, intact.length / 2)); // torn
        IllegalStateException torn = assertThrows(IllegalStateException.class, () -> new SignStateFile(path).load());
        org.junit.jupiter.api.Assertions.assertTrue(torn.getMessage().contains(side.toString()), torn.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(torn.getMessage().contains("corruption"), torn.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(torn.getMessage().contains(SignStateGuard.COMMAND_FLAG), torn.getMessage());

        byte[] flipped = intact.clone();
        flipped[10] ^= 0x40;
        java.nio.file.Files.write(side, flipped);
        assertThrows(IllegalStateException.class, () -> new SignStateFile(path).load(), "one bit flipped");

        java.nio.file.Files.delete(side);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new SignStateFile(path).load());
        org.junit.jupiter.api.Assertions.assertTrue(missing.getMessage().contains("missing"), missing.getMessage());

        SignState reset = new SignStateFile(path).load(true);
        assertEquals(locked.hash(), reset.lockedBlockHash(), "the lock is kept by its hash");
        assertEquals(1, reset.lockedRound());
        assertEquals(null, reset.lockedBlock());
        assertEquals(saved.lastVote(), reset.lastVote());

        java.nio.file.Files.write(side, intact);
        assertEquals(saved, new SignStateFile(path).load(), "restored, it loads again");
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
        SignStateFile file = new SignStateFile(failing, new FileSystemDirectory(dir));
        assertThrows(java.io.UncheckedIOException.class, () -> file.save(state(2, 0, Step.PREVOTE)));
    }
}
