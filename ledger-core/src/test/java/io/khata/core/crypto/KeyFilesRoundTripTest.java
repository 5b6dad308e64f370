package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files in PEM, written and read back by Khata alone (the OpenSSL interoperability test is separate). */
class KeyFilesRoundTripTest {
    @TempDir
    Path dir;

    private static KeyPair fixed(int fill) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) fill);
        return KeyPair.fromSeed(seed);
    }

    @Test
    void aPrivateKeyIsWrittenAsPkcs8VersionOneWithTheSeedOnlyAndReadsBackToTheSameKeyPair() {
        KeyPair pair = fixed(3);
        String pem = KeyFiles.privateKeyPem(pair);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
        assertTrue(pem.strip().endsWith("-----END PRIVATE KEY-----"), pem);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        // RFC 8410: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }: 48 bytes.
        assertEquals(48, der.length);
        assertEquals(0, der[4]);
        byte[] seed = java.util.Arrays.copyOfRange(der, 16, 48);
        assertArrayEquals(pair.seed(), seed);
        KeyPair read = KeyFiles.parsePrivateKey(pem);
        assertEquals(pair.publicKey(), read.publicKey());
        assertArrayEquals(pair.seed(), read.seed());
    }

    @Test
    void aPublicKeyReadsBackToTheSameKey() {
        PublicKey key = fixed(9).publicKey();
        String pem = KeyFiles.publicKeyPem(key);
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----"), pem);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        // SubjectPublicKeyInfo of Ed25519: a 12-byte prefix, then the 32 key bytes.
        assertEquals(44, der.length);
        assertArrayEquals(key.toByteArray(), java.util.Arrays.copyOfRange(der, 12, 44));
        assertEquals(key, KeyFiles.parsePublicKey(pem));
    }

    @Test
    void filesRoundTripAndThePrivateKeyIsReadableByItsOwnerOnly() throws Exception {
        KeyPair pair = fixed(5);
        Path secret = dir.resolve("validator.key");
        Path open = dir.resolve("validator.pub");
        KeyFiles.writePrivateKey(secret, pair);
        KeyFiles.writePublicKey(open, pair.publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertArrayEquals(pair.seed(), KeyFiles.readPrivateKey(secret).seed());
        assertEquals(pair.publicKey(), KeyFiles.readPublicKey(open));
        // An existing file is never overwritten with a new secret.
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> KeyFiles.writePrivateKey(secret, fixed(6)));
    }

    @Test
    void theWrongBlockTypeIsRefusedNamingTheFileAndWhatWasFound() throws Exception {
        KeyPair pair = fixed(7);
        Path pub = dir.resolve("a.pub");
        Files.writeString(pub, KeyFiles.publicKeyPem(pair.publicKey()));
        KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.readPrivateKey(pub));
        assertTrue(e.getMessage().startsWith(pub.toString() + ": expected a PKCS#8"), e.getMessage());
        assertTrue(e.getMessage().contains("SubjectPublicKeyInfo"), e.getMessage());
        Path key = dir.resolve("a.key");
        Files.writeString(key, KeyFiles.privateKeyPem(pair));
        KeyFileException e2 = assertThrows(KeyFileException.class, () -> KeyFiles.readPublicKey(key));
        assertTrue(e2.getMessage().startsWith(key + ": expected a \"PUBLIC KEY\""), e2.getMessage());
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        java.security.KeyPair ec = generator.generateKeyPair();
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String publicPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.parsePrivateKey(privatePem));
        assertTrue(e.getMessage().contains("expected an Ed25519 private key"), e.getMessage());
        KeyFileException e2 = assertThrows(KeyFileException.class, () -> KeyFiles.parsePublicKey(publicPem));
        assertTrue(e2.getMessage().contains("expected an Ed25519 public key"), e2.getMessage());
    }

    @Test
    void textWithoutAPemBlockOrWithABrokenOneIsRefusedWithATypedError() {
        KeyFileException none = assertThrows(KeyFileException.class, () -> KeyFiles.parsePrivateKey("just some text\n"));
        assertEquals("no PEM block found", none.getMessage());
        KeyFileException broken = assertThrows(KeyFileException.class,
                () -> KeyFiles.parsePublicKey("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"));
        assertTrue(broken.getMessage().startsWith("malformed PEM") || broken.getMessage().startsWith("unreadable"),
                broken.getMessage());
        KeyFileException damaged = assertThrows(KeyFileException.class,
                () -> KeyFiles.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n"));
        assertTrue(damaged.getMessage().startsWith("malformed PEM") || damaged.getMessage().startsWith("unreadable"),
                damaged.getMessage());
    }
}
