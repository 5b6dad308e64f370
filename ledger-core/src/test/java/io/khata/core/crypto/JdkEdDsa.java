package io.khata.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** The JDK's own Ed25519 verifier (SunEC), for comparison in tests only. */
final class JdkEdDsa {
    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), followed by the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private JdkEdDsa() {
    }

    /** True if SunEC accepts; a key or signature it cannot parse counts as a rejection. */
    static boolean verify(byte[] key, byte[] message, byte[] signature) {
        try {
            byte[] spki = new byte[SPKI_PREFIX.length + key.length];
            System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
            System.arraycopy(key, 0, spki, SPKI_PREFIX.length, key.length);
            java.security.PublicKey publicKey =
                    KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(new X509EncodedKeySpec(spki));
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519", "SunEC");
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
