package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both signers produce transactions the ledger's own decoder and signature check accept. */
class SignerTest {
    private static final String CHAIN = "khata-test";

    @TempDir
    Path dir;

    private static TransactionBuilder transfer() {
        return TransactionBuilder.forChain(CHAIN).transfer("PKR", "alice@bank0", "bob@bank1", 1250).validUntilTime(java.time.Instant.ofEpochMilli(90)).nonce(7);
    }

    /** What the node does with submitted bytes: decode within the limits, then check every signature. */
    private static void assertLedgerAccepts(Transaction tx) {
        var decoded = TxCodec.decode(tx.encode(), Limits.DEFAULT);
        assertTrue(decoded.isOk(), () -> decoded.rejection().message());
        assertTrue(decoded.value().checkSignatures(CHAIN).isEmpty(), () -> decoded.value().checkSignatures(CHAIN).get().message());
    }

    private Path keyFile(KeyPair key) throws Exception {
        Path file = dir.resolve("signer.key");
        KeyFiles.writePrivateKey(file, key); // what khata keygen writes
        return file;
    }

    @Test
    void keyFileSignerReadsAKeygenFileAndTheLedgerAcceptsItsSignature() throws Exception {
        KeyPair key = KeyPair.generate(new SecureRandom());
        KeyFileSigner signer = KeyFileSigner.load(keyFile(key));
        assertEquals(key.publicKey(), signer.publicKey());
        assertLedgerAccepts(transfer().sign(signer));
    }

    @Test
    void jcaSignerWithTheInstalledProvidersIsAcceptedByTheLedger() throws Exception {
        java.security.KeyPair jca = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JcaSigner signer = JcaSigner.of(jca.getPrivate(), JcaSigner.rawKey(jca.getPublic()));
        assertLedgerAccepts(transfer().sign(signer));
    }

    @Test
    void jcaSignerThroughANamedProviderIsAcceptedByTheLedger() throws Exception {
        Provider sunEc = Security.getProvider("SunEC");
        java.security.KeyPair jca = KeyPairGenerator.getInstance("Ed25519", sunEc).generateKeyPair();
        JcaSigner signer = JcaSigner.of(jca.getPrivate(), jca.getPublic(), sunEc);
        assertLedgerAccepts(transfer().sign(signer));
        assertTrue(signer.toString().contains("SunEC"));
    }

    /** A keygen file opened through JCA (as an HSM import would take it) signs byte for byte as the file signer. */
    @Test
    void theSameKeyThroughJcaAndThroughTheKeyFileGivesTheSameSignature() throws Exception {
        KeyPair key = KeyPair.generate(new SecureRandom());
        Path file = keyFile(key);
        String pem = Files.readString(file);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
        PrivateKey jcaKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        Transaction viaFile = transfer().sign(KeyFileSigner.load(file));
        Transaction viaJca = transfer().sign(JcaSigner.of(jcaKey, key.publicKey()));
        assertArrayEquals(viaFile.encode(), viaJca.encode());
    }

    @Test
    void aProviderSigningWithAnotherKeyIsCaughtBeforeTheTransactionLeaves() throws Exception {
        java.security.KeyPair jca = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPair.generate(new SecureRandom());
        JcaSigner mismatched = JcaSigner.of(jca.getPrivate(), other.publicKey());
        SigningException e = assertThrows(SigningException.class, () -> transfer().sign(mismatched));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void aProviderThatCannotSignEd25519IsASigningException() throws Exception {
        java.security.KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        JcaSigner wrongAlgorithm = JcaSigner.of(rsa.getPrivate(), KeyPair.generate(new SecureRandom()).publicKey());
        assertThrows(SigningException.class, () -> transfer().sign(wrongAlgorithm));
        assertThrows(IllegalArgumentException.class, () -> JcaSigner.rawKey(rsa.getPublic()));
    }
}
