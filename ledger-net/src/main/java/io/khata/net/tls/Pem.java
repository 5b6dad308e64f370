package io.khata.net.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Certificates ("CERTIFICATE") and private keys (PKCS#8 "PRIVATE KEY") in the PEM form that
 * OpenSSL and other tools read. A private key file is created readable and writable by its
 * owner only (where the file system has POSIX permissions) before any key byte is written,
 * and an existing file is never overwritten: a key is not something to replace by accident.
 */
public final class Pem {
    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    private Pem() {
    }

    public static String encodeCertificates(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(encode("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate could not be re-encoded", e);
            }
        }
        return pem.toString();
    }

    public static String encodeCertificate(X509Certificate certificate) {
        return encodeCertificates(List.of(certificate));
    }

    /** Every certificate in {@code pem}, in order; throws {@link PemException} if there is none or anything else. */
    public static List<X509Certificate> decodeCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new PemException("expected only CERTIFICATE blocks, found " + describe(object));
                }
                certificates.add(CERTIFICATES.getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof PemException pemException) {
                throw pemException;
            }
            throw new PemException("unreadable certificate: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new PemException("no CERTIFICATE block found");
        }
        return List.copyOf(certificates);
    }

    /** The one certificate in {@code pem}; more than one is refused. */
    public static X509Certificate decodeCertificate(String pem) {
        List<X509Certificate> certificates = decodeCertificates(pem);
        if (certificates.size() != 1) {
            throw new PemException("expected one certificate, found " + certificates.size());
        }
        return certificates.get(0);
    }

    public static String encodePrivateKey(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        try {
            return encode("PRIVATE KEY", info.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PKCS#8 private key, or a traditional "EC PRIVATE KEY" as {@code openssl ecparam -genkey} writes it. */
    public static PrivateKey decodePrivateKey(String pem) {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new PemException("unreadable private key: " + e.getMessage());
        }
        try {
            if (object instanceof PrivateKeyInfo info) {
                return KEYS.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return KEYS.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException | RuntimeException e) {
            throw new PemException("unreadable private key: " + e.getMessage());
        }
        throw new PemException("expected an unencrypted PRIVATE KEY block, found " + describe(object));
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try {
            return decodeCertificates(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (PemException e) {
            throw new PemException(file + ": " + e.getMessage());
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return decodePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (PemException e) {
            throw new PemException(file + ": " + e.getMessage());
        }
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        Files.writeString(file, encodeCertificates(certificates), StandardCharsets.US_ASCII);
    }

    /** Creates {@code file} (owner read/write only) and writes the key; fails if the file exists. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        byte[] content = encodePrivateKey(key).getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String describe(Object object) {
        return object == null ? "nothing" : object.getClass().getSimpleName();
    }
}
