package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ed25519 against the test vectors of RFC 8032 ("Edwards-Curve Digital Signature Algorithm
 * (EdDSA)"), section 7.1, and the rules Khata adds on top: canonical S, exact lengths, domain
 * tags, and the parallel verifier reporting exactly the bad signatures.
 */
class Ed25519Rfc8032Test {
    private static final HexFormat HEX = HexFormat.of();
    /** The group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 section 5.1). */
    private static final BigInteger ORDER =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    /** One RFC 8032 section 7.1 vector: secret seed, public key, message, signature, all hex. */
    private record Vector(String name, String secretKey, String publicKey, String message, String signature) {
    }

    private static final Vector TEST_1 = new Vector("TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                    + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    private static final Vector TEST_2 = new Vector("TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                    + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

    private static final Vector TEST_3 = new Vector("TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                    + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");

    /** The message of TEST 1024 is 1023 bytes; the lines are those of the RFC, 16 bytes each. */
    private static final Vector TEST_1024 = new Vector("TEST 1024",
            "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
            "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
            String.join("",
                    "08b8b2b733424243760fe426a4b54908",
                    "632110a66c2f6591eabd3345e3e4eb98",
                    "fa6e264bf09efe12ee50f8f54e9f77b1",
                    "e355f6c50544e23fb1433ddf73be84d8",
                    "79de7c0046dc4996d9e773f4bc9efe57",
                    "38829adb26c81b37c93a1b270b20329d",
                    "658675fc6ea534e0810a4432826bf58c",
                    "941efb65d57a338bbd2e26640f89ffbc",
                    "1a858efcb8550ee3a5e1998bd177e93a",
                    "7363c344fe6b199ee5d02e82d522c4fe",
                    "ba15452f80288a821a579116ec6dad2b",
                    "3b310da903401aa62100ab5d1a36553e",
                    "06203b33890cc9b832f79ef80560ccb9",
                    "a39ce767967ed628c6ad573cb116dbef",
                    "efd75499da96bd68a8a97b928a8bbc10",
                    "3b6621fcde2beca1231d206be6cd9ec7",
                    "aff6f6c94fcd7204ed3455c68c83f4a4",
                    "1da4af2b74ef5c53f1d8ac70bdcb7ed1",
                    "85ce81bd84359d44254d95629e9855a9",
                    "4a7c1958d1f8ada5d0532ed8a5aa3fb2",
                    "d17ba70eb6248e594e1a2297acbbb39d",
                    "502f1a8c6eb6f1ce22b3de1a1f40cc24",
                    "554119a831a9aad6079cad88425de6bd",
                    "e1a9187ebb6092cf67bf2b13fd65f270",
                    "88d78b7e883c8759d2c4f5c65adb7553",
                    "878ad575f9fad878e80a0c9ba63bcbcc",
                    "2732e69485bbc9c90bfbd62481d9089b",
                    "eccf80cfe2df16a2cf65bd92dd597b07",
                    "07e0917af48bbb75fed413d238f5555a",
                    "7a569d80c3414a8d0859dc65a46128ba",
                    "b27af87a71314f318c782b23ebfe808b",
                    "82b0ce26401d2e22f04d83d1255dc51a",
                    "ddd3b75a2b1ae0784504df543af8969b",
                    "e3ea7082ff7fc9888c144da2af58429e",
                    "c96031dbcad3dad9af0dcbaaaf268cb8",
                    "fcffead94f3c7ca495e056a9b47acdb7",
                    "51fb73e666c6c655ade8297297d07ad1",
                    "ba5e43f1bca32301651339e22904cc8c",
                    "42f58c30c04aafdb038dda0847dd988d",
                    "cda6f3bfd15c4b4c4525004aa06eeff8",
                    "ca61783aacec57fb3d1f92b0fe2fd1a8",
                    "5f6724517b65e614ad6808d6f6ee34df",
                    "f7310fdc82aebfd904b01e1dc54b2927",
                    "094b2db68d6f903b68401adebf5a7e08",
                    "d78ff4ef5d63653a65040cf9bfd4aca7",
                    "984a74d37145986780fc0b16ac451649",
                    "de6188a7dbdf191f64b5fc5e2ab47b57",
                    "f7f7276cd419c17a3ca8e1b939ae49e4",
                    "88acba6b965610b5480109c8b17b80e1",
                    "b7b750dfc7598d5d5011fd2dcc5600a3",
                    "2ef5b52a1ecc820e308aa342721aac09",
                    "43bf6686b64b2579376504ccc493d97e",
                    "6aed3fb0f9cd71a43dd497f01f17c0e2",
                    "cb3797aa2a2f256656168e6c496afc5f",
                    "b93246f6b1116398a346f1a641f3b041",
                    "e989f7914f90cc2c7fff357876e506b5",
                    "0d334ba77c225bc307ba537152f3f161",
                    "0e4eafe595f6d9d90d11faa933a15ef1",
                    "369546868a7f3a45a96768d40fd9d034",
                    "12c091c6315cf4fde7cb68606937380d",
                    "b2eaaa707b4c4185c32eddcdd306705e",
                    "4dc1ffc872eeee475a64dfac86aba41c",
                    "0618983f8741c5ef68d3a101e8a3b8ca",
                    "c60c905c15fc910840b94c00a0b9d0"),
            "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
                    + "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03");

    // ------------------------------------------------------------------ RFC 8032 section 7.1

    @Test
    void rfc8032Test1EmptyMessage() {
        checkVector(TEST_1, 0);
    }

    @Test
    void rfc8032Test2OneByteMessage() {
        checkVector(TEST_2, 1);
    }

    @Test
    void rfc8032Test3TwoByteMessage() {
        checkVector(TEST_3, 2);
    }

    @Test
    void rfc8032Test1024MessageOf1023Bytes() {
        checkVector(TEST_1024, 1023);
    }

    /** Derives the key from the seed, signs, compares with the RFC's signature, and verifies. */
    private static void checkVector(Vector vector, int messageBytes) {
        byte[] message = HEX.parseHex(vector.message());
        assertEquals(messageBytes, message.length, vector.name() + " message length");

        KeyPair keyPair = KeyPair.fromSeed(HEX.parseHex(vector.secretKey()));
        assertEquals(PublicKey.fromHex(vector.publicKey()), keyPair.publicKey(), vector.name() + " public key");

        Signature signature = keyPair.sign(message);
        assertEquals(Signature.fromHex(vector.signature()), signature, vector.name() + " signature");
        assertTrue(signature.isCanonical(), vector.name());
        assertTrue(Ed25519.verify(keyPair.publicKey(), message, signature), vector.name() + " verifies");
        assertTrue(Ed25519.isStrongKey(keyPair.publicKey()), vector.name());

        if (message.length > 0) {
            byte[] changed = message.clone();
            changed[changed.length - 1] ^= 1;
            assertFalse(Ed25519.verify(keyPair.publicKey(), changed, signature),
                    vector.name() + " with a changed message");
        }
    }

    // ------------------------------------------------------------------ malleability: S must be below L

    @Test
    void signatureWithSPlusLIsRefused() {
        KeyPair keyPair = KeyPair.fromSeed(HEX.parseHex(TEST_2.secretKey()));
        byte[] message = HEX.parseHex(TEST_2.message());
        byte[] valid = keyPair.sign(message).toByteArray();

        byte[] malleated = valid.clone();
        byte[] sPlusL = littleEndian(littleEndianValue(valid, 32).add(ORDER));
        System.arraycopy(sPlusL, 0, malleated, 32, 32);
        Signature signature = Signature.of(malleated);

        assertFalse(signature.isCanonical());
        assertFalse(Ed25519.verify(keyPair.publicKey(), message, signature));
        // The same R with S itself still verifies: only the scalar's range is wrong.
        assertTrue(Ed25519.verify(keyPair.publicKey(), message, Signature.of(valid)));
    }

    @Test
    void sEqualToLIsNotCanonicalAndLMinusOneIs() {
        byte[] bytes = new byte[64];
        System.arraycopy(littleEndian(ORDER), 0, bytes, 32, 32);
        assertFalse(Signature.of(bytes).isCanonical());

        System.arraycopy(littleEndian(ORDER.subtract(BigInteger.ONE)), 0, bytes, 32, 32);
        assertTrue(Signature.of(bytes).isCanonical());
    }

    private static BigInteger littleEndianValue(byte[] bytes, int offset) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = bytes[offset + 31 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] result = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            result[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return result;
    }

    // ------------------------------------------------------------------ lengths

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 64})
    void publicKeyOfWrongLengthThrows(int length) {
        assertThrows(IllegalArgumentException.class, () -> PublicKey.of(new byte[length]));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 32, 63, 65})
    void signatureOfWrongLengthThrows(int length) {
        assertThrows(IllegalArgumentException.class, () -> Signature.of(new byte[length]));
    }

    @Test
    void seedOfWrongLengthThrows() {
        assertThrows(IllegalArgumentException.class, () -> KeyPair.fromSeed(new byte[31]));
    }

    // ------------------------------------------------------------------ domain tags

    @Test
    void prevoteSignatureDoesNotVerifyAsPrecommit() {
        KeyPair keyPair = KeyPair.fromSeed(HEX.parseHex(TEST_3.secretKey()));
        byte[] vote = "height=7 round=0 block=ab12".getBytes(StandardCharsets.UTF_8);

        Signature prevote = keyPair.sign(DomainTag.PREVOTE, vote);

        assertTrue(Ed25519.verify(keyPair.publicKey(), DomainTag.PREVOTE, vote, prevote));
        assertFalse(Ed25519.verify(keyPair.publicKey(), DomainTag.PRECOMMIT, vote, prevote));
        assertFalse(Ed25519.verify(keyPair.publicKey(), vote, prevote), "untagged");
    }

    // ------------------------------------------------------------------ parallel verification

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void parallelVerifierReportsExactlyTheCorruptedChecks(int threads) {
        int count = 500;
        List<KeyPair> signers = List.of(
                KeyPair.fromSeed(HEX.parseHex(TEST_1.secretKey())),
                KeyPair.fromSeed(HEX.parseHex(TEST_2.secretKey())),
                KeyPair.fromSeed(HEX.parseHex(TEST_3.secretKey())));
        BitSet corrupted = new BitSet();
        for (int index : new int[] {0, 1, 15, 16, 17, 63, 64, 200, 333, 498, 499}) {
            corrupted.set(index);
        }
        for (int index = 7; index < count; index += 37) {
            corrupted.set(index);
        }
        List<SignatureCheck> checks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KeyPair signer = signers.get(i % signers.size());
            byte[] message = Ed25519.tagged(DomainTag.TRANSACTION, ("payment " + i).getBytes(StandardCharsets.UTF_8));
            SignatureCheck check = new SignatureCheck(signer.publicKey(), message, signer.sign(message));
            checks.add(corrupted.get(i) ? corrupt(check, i, signers) : check);
        }

        try (ParallelVerifier verifier = new ParallelVerifier(threads)) {
            assertEquals(corrupted, verifier.verify(checks));
            assertEquals(new BitSet(), verifier.verify(List.of()));
        }
    }

    /** Three ways a check goes bad, chosen by index: a flipped message bit, a flipped R bit, another signer's key. */
    private static SignatureCheck corrupt(SignatureCheck check, int index, List<KeyPair> signers) {
        switch (index % 3) {
            case 0 -> {
                byte[] message = check.message().clone();
                message[message.length - 1] ^= 0x01;
                return new SignatureCheck(check.key(), message, check.signature());
            }
            case 1 -> {
                byte[] signature = check.signature().toByteArray();
                signature[5] ^= 0x40;
                return new SignatureCheck(check.key(), check.message(), Signature.of(signature));
            }
            default -> {
                PublicKey other = signers.get((index + 1) % signers.size()).publicKey();
                return new SignatureCheck(other, check.message(), check.signature());
            }
        }
    }
}
