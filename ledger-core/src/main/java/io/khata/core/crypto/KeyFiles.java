package io.khata.core.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Ed25519 keys in the PEM formats other tools read: PKCS#8 ("PRIVATE KEY") for private keys
 * and SubjectPublicKeyInfo ("PUBLIC KEY") for public keys, as {@code openssl genpkey
 * -algorithm ed25519} and {@code openssl pkey} write them. Private key files are created
 * readable by their owner only.
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    public static String privateKeyPem(KeyPair keyPair) {
        try {
            // PKCS#8 version 1 (RFC 8410): the seed only. BouncyCastle's factory writes version 2
            // with the public key included, which OpenSSL before 3.5 refuses to read.
            PrivateKeyInfo info = new PrivateKeyInfo(
                    new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                            org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519),
                    new org.bouncycastle.asn1.DEROctetString(keyPair.seed()));
            return pem("PRIVATE KEY", info.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String publicKeyPem(PublicKey publicKey) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    new Ed25519PublicKeyParameters(publicKey.toByteArray(), 0));
            return pem("PUBLIC KEY", info.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a PKCS#8 PEM Ed25519 private key; throws {@link KeyFileException} naming what is wrong. */
    public static KeyPair parsePrivateKey(String pem) {
        Object parsed = parsePem(pem);
        if (!(parsed instanceof PrivateKeyInfo info)) {
            throw new KeyFileException("expected a PKCS#8 \"PRIVATE KEY\" PEM block, found " + describe(parsed));
        }
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new KeyFileException("unreadable private key: " + e.getMessage());
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
            throw new KeyFileException("expected an Ed25519 private key, found " + key.getClass().getSimpleName());
        }
        return KeyPair.fromSeed(ed25519.getEncoded());
    }

    /** Parses a SubjectPublicKeyInfo PEM Ed25519 public key. */
    public static PublicKey parsePublicKey(String pem) {
        Object parsed = parsePem(pem);
        if (!(parsed instanceof SubjectPublicKeyInfo info)) {
            throw new KeyFileException("expected a \"PUBLIC KEY\" PEM block, found " + describe(parsed));
        }
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new KeyFileException("unreadable public key: " + e.getMessage());
        }
        if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
            throw new KeyFileException("expected an Ed25519 public key, found " + key.getClass().getSimpleName());
        }
        return PublicKey.of(ed25519.getEncoded());
    }

    public static KeyPair readPrivateKey(Path file) throws IOException {
        try {
            return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (KeyFileException e) {
            throw new KeyFileException(file + ": " + e.getMessage());
        }
    }

    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return parsePublicKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (KeyFileException e) {
            throw new KeyFileException(file + ": " + e.getMessage());
        }
    }

    /** Writes the private key to a new file with owner-only permissions where the file system has them. */
    public static void writePrivateKey(Path file, KeyPair keyPair) throws IOException {
        byte[] content = privateKeyPem(keyPair).getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static void writePublicKey(Path file, PublicKey publicKey) throws IOException {
        Files.writeString(file, publicKeyPem(publicKey), StandardCharsets.US_ASCII);
    }

    private static Object parsePem(String pem) {
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            Object parsed = parser.readObject();
            if (parsed == null) {
                throw new KeyFileException("no PEM block found");
            }
            return parsed;
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFileException known) {
                throw known;
            }
            throw new KeyFileException("malformed PEM: " + e.getMessage());
        }
    }

    private static String describe(Object parsed) {
        return parsed.getClass().getSimpleName();
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }
}
