package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our PEM key files against OpenSSL's: each side reads what the other writes, and signatures
 * made by one verify with the other. Skipped where no {@code openssl} is on the PATH.
 */
class KeyFilesOpensslTest {
    private static final long OPENSSL_TIMEOUT_SECONDS = 30;
    private static final byte[] MESSAGE = "settle 125000.00 PKR bank0 -> bank1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    private record Outcome(int exitCode, String output) {
    }

    @BeforeAll
    static void requireOpenssl() {
        boolean available;
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            process.getInputStream().readAllBytes();
            available = process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        Assumptions.assumeTrue(available, "openssl is not on the PATH");
    }

    // ------------------------------------------------------------------ ours, read by OpenSSL

    @Test
    void opensslReadsOurPrivateKeyAndDerivesTheSamePublicKey() throws Exception {
        KeyPair ours = KeyPair.fromSeed(Sha256.hash("bank0 validator".getBytes(StandardCharsets.UTF_8)).toByteArray());
        Path file = directory.resolve("ours.pem");
        KeyFiles.writePrivateKey(file, ours);

        Outcome text = openssl("pkey", "-in", file.toString(), "-noout", "-text");
        assertEquals(0, text.exitCode(), text.output());
        assertTrue(text.output().contains("ED25519 Private-Key"), text.output());

        Outcome publicPem = openssl("pkey", "-in", file.toString(), "-pubout");
        assertEquals(0, publicPem.exitCode(), publicPem.output());
        assertEquals(ours.publicKey(), KeyFiles.parsePublicKey(publicPem.output()));
    }

    @Test
    void ourPrivateKeyFileIsReadableByItsOwnerOnly() throws IOException {
        Path file = directory.resolve("owner-only.pem");
        KeyFiles.writePrivateKey(file, KeyPair.fromSeed(new byte[32]));

        Assumptions.assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void opensslReadsOurPublicKeyAndVerifiesOurSignature() throws Exception {
        KeyPair ours = KeyPair.fromSeed(Sha256.hash("issuer@authority".getBytes(StandardCharsets.UTF_8)).toByteArray());
        Path publicFile = directory.resolve("ours.pub.pem");
        KeyFiles.writePublicKey(publicFile, ours.publicKey());
        Path message = write("message", MESSAGE);
        Path signature = write("signature", ours.sign(MESSAGE).toByteArray());

        Outcome verified = verifyWithOpenssl(publicFile, message, signature);

        assertEquals(0, verified.exitCode(), verified.output());
    }

    // ------------------------------------------------------------------ OpenSSL's, read by us

    @Test
    void weSignWithAnOpensslKeyAndOpensslVerifies() throws Exception {
        Path privateFile = directory.resolve("k.pem");
        Path publicFile = directory.resolve("pub.pem");
        assertEquals(0, openssl("genpkey", "-algorithm", "ed25519", "-out", privateFile.toString()).exitCode());
        assertEquals(0,
                openssl("pkey", "-in", privateFile.toString(), "-pubout", "-out", publicFile.toString()).exitCode());

        KeyPair keyPair = KeyFiles.readPrivateKey(privateFile);
        assertEquals(KeyFiles.readPublicKey(publicFile), keyPair.publicKey());

        Path message = write("msg", MESSAGE);
        byte[] signature = keyPair.sign(MESSAGE).toByteArray();
        Outcome verified = verifyWithOpenssl(publicFile, message, write("sig", signature));
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("Signature Verified Successfully"), verified.output());

        signature[40] ^= 0x01;
        Outcome refused = verifyWithOpenssl(publicFile, message, write("bad-sig", signature));
        assertNotEquals(0, refused.exitCode(), "openssl accepted a corrupted signature: " + refused.output());
    }

    @Test
    void weVerifyWhatOpensslSigns() throws Exception {
        Path privateFile = directory.resolve("signer.pem");
        assertEquals(0, openssl("genpkey", "-algorithm", "ed25519", "-out", privateFile.toString()).exitCode());
        Path message = write("to-sign", MESSAGE);
        Path signatureFile = directory.resolve("openssl.sig");

        Outcome signed = openssl("pkeyutl", "-sign", "-inkey", privateFile.toString(), "-rawin",
                "-in", message.toString(), "-out", signatureFile.toString());
        assertEquals(0, signed.exitCode(), signed.output());

        Signature signature = Signature.of(Files.readAllBytes(signatureFile));
        PublicKey publicKey = KeyFiles.readPrivateKey(privateFile).publicKey();
        assertTrue(Ed25519.verify(publicKey, MESSAGE, signature));
        assertEquals(KeyFiles.readPrivateKey(privateFile).sign(MESSAGE), signature, "Ed25519 signing is deterministic");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void garbageEmptyAndWrongBlocksAreRefusedWithAReason() {
        assertRefused("", "no PEM block");
        assertRefused("not a key at all\n", "no PEM block");
        assertRefused("-----BEGIN PRIVATE KEY-----\n!!!! not base64 !!!!\n-----END PRIVATE KEY-----\n", "");
        assertRefused("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n", "");
        String publicPem = KeyFiles.publicKeyPem(KeyPair.fromSeed(new byte[32]).publicKey());
        assertRefused(publicPem, "PRIVATE KEY");
        assertThrows(KeyFileException.class, () -> KeyFiles.parsePublicKey(""));
        String privatePem = KeyFiles.privateKeyPem(KeyPair.fromSeed(new byte[32]));
        assertThrows(KeyFileException.class, () -> KeyFiles.parsePublicKey(privatePem));
    }

    @Test
    void otherOpensslKeyTypesAreRefusedWithoutLeakingTheKey() throws Exception {
        List<String[]> generators = List.of(
                new String[] {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"},
                new String[] {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"},
                new String[] {"-algorithm", "X25519"});
        for (String[] generator : generators) {
            Path file = directory.resolve(generator[1] + ".pem");
            List<String> command = new ArrayList<>(List.of("genpkey"));
            command.addAll(List.of(generator));
            command.addAll(List.of("-out", file.toString()));
            Outcome generated = openssl(command.toArray(String[]::new));
            assertEquals(0, generated.exitCode(), generated.output());

            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            KeyFileException refused = assertThrows(KeyFileException.class, () -> KeyFiles.readPrivateKey(file));
            assertTrue(refused.getMessage().contains("Ed25519"), refused.getMessage());
            assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
            assertNoKeyMaterial(refused.getMessage(), pem);
        }
    }

    @Test
    void damagedEd25519KeysAreRefusedWithoutLeakingTheSeed() {
        byte[] seed = Sha256.hash("secret".getBytes(StandardCharsets.UTF_8)).toByteArray();
        String pem = KeyFiles.privateKeyPem(KeyPair.fromSeed(seed));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        String seedHex = HexFormat.of().formatHex(seed);

        List<byte[]> damaged = new ArrayList<>();
        damaged.add(java.util.Arrays.copyOf(der, der.length - 1));
        byte[] versionFive = der.clone();
        versionFive[4] = 5;
        damaged.add(versionFive);
        byte[] ed448Oid = der.clone();
        ed448Oid[11] = 0x71;
        damaged.add(ed448Oid);
        byte[] bitStringInside = der.clone();
        bitStringInside[14] = 0x03;
        damaged.add(bitStringInside);
        byte[] shortSeed = der.clone();
        shortSeed[15] = 0x1f;
        damaged.add(shortSeed);

        for (byte[] bytes : damaged) {
            String damagedPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(bytes)
                    + "\n-----END PRIVATE KEY-----\n";
            KeyPair parsed;
            try {
                parsed = KeyFiles.parsePrivateKey(damagedPem);
            } catch (KeyFileException refused) {
                assertFalse(refused.getMessage().toLowerCase().contains(seedHex), refused.getMessage());
                assertNoKeyMaterial(refused.getMessage(), damagedPem);
                continue;
            }
            // A damage the DER decoder tolerates must not turn into a different key silently.
            assertEquals(KeyPair.fromSeed(seed).publicKey(), parsed.publicKey(), HexFormat.of().formatHex(bytes));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertRefused(String pem, String reasonFragment) {
        KeyFileException refused = assertThrows(KeyFileException.class, () -> KeyFiles.parsePrivateKey(pem));
        assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        assertTrue(refused.getMessage().contains(reasonFragment), refused.getMessage());
        assertNoKeyMaterial(refused.getMessage(), pem);
    }

    /** No line of the PEM body, nor 16 consecutive characters of one, appears in the message. */
    private static void assertNoKeyMaterial(String message, String pem) {
        for (String line : pem.split("\n")) {
            if (line.startsWith("-----") || line.length() < 16) {
                continue;
            }
            for (int start = 0; start + 16 <= line.length(); start += 8) {
                String piece = line.substring(start, start + 16);
                assertFalse(message.contains(piece), "the message repeats key material: " + message);
            }
        }
    }

    private Outcome verifyWithOpenssl(Path publicFile, Path message, Path signature) throws Exception {
        return openssl("pkeyutl", "-verify", "-pubin", "-inkey", publicFile.toString(), "-rawin",
                "-in", message.toString(), "-sigfile", signature.toString());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(directory.resolve(name), content);
    }

    private Outcome openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl " + String.join(" ", arguments) + " did not finish");
        }
        return new Outcome(process.exitValue(), output);
    }
}
