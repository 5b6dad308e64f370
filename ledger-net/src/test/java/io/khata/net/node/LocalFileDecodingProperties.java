package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.testing.Generator;
import io.khata.core.testing.Mutations;
import io.khata.core.testing.SeededProperty;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a node reads at start: {@code signstate.bin} and {@code node.json}. Their documented
 * answers to a damaged file are exceptions, not values: a sign-state damaged in both slots (or
 * holding a slot whose checksum is right but whose content is not a sign-state) stops the node
 * with {@link IllegalStateException}; a bad {@code node.json} is an {@link IllegalArgumentException}
 * naming the file, or an {@link IOException} when it cannot be read. Random, truncated and changed
 * files must get those answers or load, and never any other exception.
 */
class LocalFileDecodingProperties {
    private static final int BODY_OFFSET = 8 + 4;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ sign-state file

    private static byte[] savedSignState(Path dir) throws IOException {
        KeyPair key = TestGenesis.keyPair("validator");
        Hash block = Hash.fromHex("ab".repeat(32));
        Vote prevote = Vote.sign(VoteType.PREVOTE, "chain", 9, 2, block, 1_000, "bank0", key);
        Vote precommit = Vote.sign(VoteType.PRECOMMIT, "chain", 9, 2, block, 1_000, "bank0", key);
        Path path = dir.resolve("sample-signstate.bin");
        try (SignStateFile file = new SignStateFile(path)) {
            file.save(new SignState(9, 1, Step.PREVOTE, -1, null, null));
            file.save(new SignState(9, 2, Step.PRECOMMIT, 2, block, precommit, null, List.of(), prevote));
        }
        return Files.readAllBytes(path);
    }

    /** Loads {@code bytes} as a sign-state file: a state, or the refusal to start. */
    private void loadSignState(byte[] bytes) {
        Path path = dir.resolve("signstate.bin");
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            assertNotNull(new SignStateFile(path).load());
        } catch (IllegalStateException refused) {
            // damaged beyond the fallback: the node refuses to sign
        }
    }

    /** Slot 0 holding {@code body} under a correct checksum and a sequence above anything else in the file. */
    private static byte[] withCheckedBody(byte[] file, byte[] body) {
        int room = SignStateFile.SLOT_BYTES - BODY_OFFSET - Hash.BYTES;
        byte[] fitted = body.length == 0 ? new byte[] {0} : Arrays.copyOf(body, Math.min(body.length, room));
        long sequence = 1_000;
        byte[] covered = ByteBuffer.allocate(8 + fitted.length).putLong(sequence).put(fitted).array();
        ByteBuffer slot = ByteBuffer.allocate(SignStateFile.SLOT_BYTES).putLong(sequence).putInt(fitted.length)
                .put(fitted).put(Sha256.hash(covered).toByteArray());
        byte[] changed = file.clone();
        System.arraycopy(slot.array(), 0, changed, 0, SignStateFile.SLOT_BYTES);
        return changed;
    }

    private static byte[] newestBody(byte[] file) {
        ByteBuffer first = ByteBuffer.wrap(file, 0, BODY_OFFSET);
        ByteBuffer second = ByteBuffer.wrap(file, SignStateFile.SLOT_BYTES, BODY_OFFSET);
        long firstSequence = first.getLong();
        long secondSequence = second.getLong();
        int offset = firstSequence > secondSequence ? 0 : SignStateFile.SLOT_BYTES;
        int length = firstSequence > secondSequence ? first.getInt() : second.getInt();
        return Arrays.copyOfRange(file, offset + BODY_OFFSET, offset + BODY_OFFSET + length);
    }

    @Test
    void everyTruncationOfASignStateFileLoadsOrRefuses() throws IOException {
        byte[] file = savedSignState(dir);
        // The file at every 16th length (each a slot header, body or checksum cut), the body at every length.
        for (int length = 0; length < file.length; length += 16) {
            loadSignState(Arrays.copyOf(file, length));
        }
        byte[] body = newestBody(file);
        for (byte[] prefix : Mutations.truncations(body)) {
            loadSignState(withCheckedBody(file, prefix));
        }
    }

    @TestFactory
    Stream<DynamicTest> changedSignStateFilesLoadOrRefuse() throws IOException {
        byte[] file = savedSignState(dir);
        byte[] body = newestBody(file);
        return SeededProperty.cases(60, random -> {
            loadSignState(Mutations.oneByteChanged(file, random));
            // A checksum that matches keeps the fallback from hiding the body decoder: reach it directly.
            loadSignState(withCheckedBody(file, Mutations.oneByteChanged(body, random)));
            loadSignState(withCheckedBody(file, Generator.bytes(200).next(random)));
            loadSignState(Generator.bytes(3 * SignStateFile.SLOT_BYTES).next(random));
        });
    }

    @Test
    void aCheckedSlotWithAnUnknownStepStopsTheNode() throws IOException {
        byte[] file = savedSignState(dir);
        byte[] body = newestBody(file);
        ByteBuffer.wrap(body).putInt(8 + 4, Step.values().length); // the step ordinal, one past the last
        Files.write(dir.resolve("signstate.bin"), withCheckedBody(file, body));
        assertThrows(IllegalStateException.class, () -> new SignStateFile(dir.resolve("signstate.bin")).load());
    }

    @Test
    void aCheckedSlotWithALockRoundButNoLockedBlockStopsTheNode() throws IOException {
        byte[] file = savedSignState(dir);
        byte[] body = newestBody(file);
        ByteBuffer.wrap(body).putInt(8 + 4 + 4, -1); // the lock round; the locked block hash stays
        Files.write(dir.resolve("signstate.bin"), withCheckedBody(file, body));
        assertThrows(IllegalStateException.class, () -> new SignStateFile(dir.resolve("signstate.bin")).load());
    }

    // ------------------------------------------------------------------ node.json

    private static final String NODE_JSON = "{\n  \"node_id\": \"bank0\",\n  \"genesis_file\": \"genesis.json\",\n"
            + "  \"tls_cert_file\": \"tls.crt\",\n  \"tls_key_file\": \"tls.key\"\n}\n";

    private Path nodeHome() throws IOException {
        Path home = dir.resolve("node0");
        Files.createDirectories(home);
        Files.writeString(home.resolve("genesis.json"), GenesisWriter.toJson(TestGenesis.of(4).genesis()));
        return home;
    }

    private static void loadNodeJson(Path home, byte[] json) {
        Path file = home.resolve("node.json");
        try {
            Files.write(file, json);
            assertNotNull(NodeConfigLoader.load(file));
        } catch (IllegalArgumentException | IOException refused) {
            // the documented answers: what is wrong, named, or the file cannot be read
        }
    }

    @Test
    void theSampleNodeJsonLoads() throws IOException {
        Path home = nodeHome();
        Files.writeString(home.resolve("node.json"), NODE_JSON);
        assertEquals("bank0", NodeConfigLoader.load(home.resolve("node.json")).nodeId());
    }

    @Test
    void everyTruncationOfNodeJsonLoadsOrIsRefused() throws IOException {
        Path home = nodeHome();
        for (byte[] prefix : Mutations.truncations(NODE_JSON.getBytes(StandardCharsets.UTF_8))) {
            loadNodeJson(home, prefix);
        }
    }

    @TestFactory
    Stream<DynamicTest> changedAndRandomNodeJsonLoadsOrIsRefused() throws IOException {
        Path home = nodeHome();
        byte[] valid = NODE_JSON.getBytes(StandardCharsets.UTF_8);
        return SeededProperty.cases(60, random -> {
            loadNodeJson(home, Mutations.oneByteChanged(valid, random));
            loadNodeJson(home, Generator.bytes(512).next(random));
            loadNodeJson(home, Generator.strings("{}[]\":, node_idgensisfl.json0123456789\\", 120).next(random)
                    .getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aNodeJsonNestedTooDeepIsRefused() throws IOException {
        Path home = nodeHome();
        byte[] nested = ("{\"node_id\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);
        Files.write(home.resolve("node.json"), nested);
        assertThrows(IllegalArgumentException.class, () -> NodeConfigLoader.load(home.resolve("node.json")));
    }
}
