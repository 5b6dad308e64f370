package io.khata.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ed25519 verification in Amazon Corretto Crypto Provider (AWS-LC), found at run time by
 * reflection: Khata has no compile-time dependency on it, and without it on the class path (or
 * off Linux x86-64, where its native library does not load) {@link #load()} reports why and
 * the Java reference is used. The provider is used by instance and never installed in the JCA
 * provider list, so nothing else in the process (TLS above all) changes provider.
 *
 * <p>Per-call JCA costs are kept off the hot path: each signer's key is decoded to the
 * provider's native key once and cached (bounded, like the point cache of {@link Ed25519}),
 * and each thread keeps its own {@link java.security.Signature} instance.
 */
final class NativeEd25519 implements RawVerifier {
    static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    /** Makes the provider offer its own Ed25519 KeyFactory, whose keys hold the decoded native key. */
    private static final String REGISTER_KEY_FACTORY_PROPERTY =
            "com.amazon.corretto.crypto.provider.registerEdKeyFactory";
    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410 section 4), before the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    static final int KEY_CACHE_ENTRIES_MAX = 100_000;

    private final Provider provider;
    private final KeyFactory keyFactory;
    private final ThreadLocal<java.security.Signature> verifiers;
    private final ConcurrentHashMap<PublicKey, java.security.PublicKey> keys = new ConcurrentHashMap<>();

    /** The library, or why there is none: exactly one of the two is set. */
    record Loaded(NativeEd25519 library, String failure) {
    }

    private NativeEd25519(Provider provider, KeyFactory keyFactory) {
        this.provider = provider;
        this.keyFactory = keyFactory;
        this.verifiers = ThreadLocal.withInitial(this::newSignature);
    }

    /** Loads the provider and checks that it is healthy; never throws. */
    static Loaded load() {
        try {
            if (System.getProperty(REGISTER_KEY_FACTORY_PROPERTY) == null) {
                System.setProperty(REGISTER_KEY_FACTORY_PROPERTY, "true");
            }
            Class<?> type = Class.forName(PROVIDER_CLASS);
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            Object loadingError = type.getMethod("getLoadingError").invoke(provider);
            if (loadingError != null) {
                return new Loaded(null, "native library did not load: " + loadingError);
            }
            type.getMethod("assertHealthy").invoke(provider);
            KeyFactory keyFactory = provider.getService("KeyFactory", "Ed25519") != null
                    ? KeyFactory.getInstance("Ed25519", provider)
                    : KeyFactory.getInstance("Ed25519");
            NativeEd25519 library = new NativeEd25519(provider, keyFactory);
            library.newSignature();
            return new Loaded(library, null);
        } catch (ClassNotFoundException e) {
            return new Loaded(null, PROVIDER_CLASS + " is not on the class path");
        } catch (ReflectiveOperationException | GeneralSecurityException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Loaded(null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    /** The provider's name and version, and whose key decoding is used. */
    String description() {
        return provider.getName() + " " + provider.getVersionStr() + " (keys decoded by "
                + keyFactory.getProvider().getName() + ")";
    }

    /**
     * The library's own verdict: true only if it accepts. A key or signature it cannot parse is
     * a rejection (false), never an exception.
     */
    @Override
    public boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            java.security.Signature verifier = verifiers.get();
            verifier.initVerify(nativeKey(key));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private java.security.PublicKey nativeKey(PublicKey key) throws GeneralSecurityException {
        java.security.PublicKey cached = keys.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] encoded = new byte[SPKI_PREFIX.length + PublicKey.BYTES];
        System.arraycopy(SPKI_PREFIX, 0, encoded, 0, SPKI_PREFIX.length);
        System.arraycopy(key.unsafeBytes(), 0, encoded, SPKI_PREFIX.length, PublicKey.BYTES);
        java.security.PublicKey decoded = keyFactory.generatePublic(new X509EncodedKeySpec(encoded));
        if (keys.size() >= KEY_CACHE_ENTRIES_MAX) {
            keys.clear();
        }
        keys.put(key, decoded);
        return decoded;
    }

    private java.security.Signature newSignature() {
        try {
            return java.security.Signature.getInstance("Ed25519", provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the provider offered no Ed25519 signature", e);
        }
    }
}
