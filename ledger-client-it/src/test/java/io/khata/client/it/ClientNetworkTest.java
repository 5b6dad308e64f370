package io.khata.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.client.KeyFileSigner;
import io.khata.client.KhataClient;
import io.khata.client.KhataException;
import io.khata.client.RejectionCode;
import io.khata.client.Signer;
import io.khata.client.SubmitResult;
import io.khata.client.TransactionBuilder;
import io.khata.client.TxOutcome;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Signature;
import io.khata.core.proof.TxProof;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import io.khata.core.tx.TxSignature;
import io.khata.net.cli.Testnet;
import io.khata.proto.api.AccountTxsResponse;
import io.khata.proto.api.StatusResponse;
import io.khata.proto.api.TxStatusResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Submits, waits, queries and proves through the client against four TLS validators in this JVM. */
class ClientNetworkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ClientTestNetwork network;
    private static KhataClient client;
    private static Signer treasury0;

    @BeforeAll
    static void start() throws Exception {
        network = ClientTestNetwork.shared();
        client = KhataClient.connect(network.apiUrl(0));
        treasury0 = KeyFileSigner.load(network.keyFile(Testnet.treasury(0)));
    }

    private static TxOutcome.Rejected rejected(TxOutcome outcome, RejectionCode expected) {
        TxOutcome.Rejected rejected = assertInstanceOf(TxOutcome.Rejected.class, outcome, outcome.toString());
        assertEquals(expected, rejected.code(), rejected.message());
        return rejected;
    }

    @Test
    void aTransferCommitsAndEveryQueryAndTheProofAgreeWithTheLedgers() throws Exception {
        long before = client.balance(Testnet.treasury(1), Testnet.PKR);
        Transaction tx = client.newTransaction().transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(1), 1250)
                .memo("client test").sign(treasury0);
        TxOutcome.Committed committed = assertInstanceOf(TxOutcome.Committed.class, client.submitAndWait(tx, WAIT));
        assertEquals(tx.hash(), committed.txHash());
        assertEquals(committed.index(), network.node(0).ledger().location(tx.hash()).orElseThrow().index());

        assertEquals(before + 1250, client.balance(Testnet.treasury(1), Testnet.PKR));
        network.awaitHeight(committed.height());
        assertEquals(network.node(2).ledger().balance(Testnet.treasury(1), Testnet.PKR),
                client.balance(Testnet.treasury(1), Testnet.PKR));

        TxStatusResponse status = client.transaction(tx.hash()).orElseThrow();
        assertEquals("committed", status.getStatus());
        assertEquals(committed.height(), status.getHeight());
        assertEquals("client test", status.getBody().getMemo());

        AccountTxsResponse history = client.accountHistory(Testnet.treasury(1), 5, null);
        assertEquals(tx.hash().toHex(), history.getTxs(0).getTxHash(), "newest first");

        assertTrue(client.block(committed.height()).orElseThrow().getTxHashesList().contains(tx.hash().toHex()));
        StatusResponse node = client.status();
        assertEquals(Testnet.CHAIN_ID, node.getChainId());
        assertEquals(4, node.getValidatorsCount());

        TxProof proof = client.verifiedProof(tx.hash(), network.genesis).orElseThrow();
        assertTrue(KhataClient.verifyProof(proof, network.genesis).isEmpty());
    }

    @Test
    void anAssetCreatedAfterGenesisComesWithItsDecimalsFromTheNode() throws Exception {
        assertEquals(2, client.assetUnits().decimals(Testnet.PKR), "a genesis asset");
        Signer authority = KeyFileSigner.load(network.keyFile(Testnet.AUTHORITY));
        Transaction create = client.newTransaction().createAsset("GOLD", Testnet.AUTHORITY, 3).sign(authority);
        assertInstanceOf(TxOutcome.Committed.class, client.submitAndWait(create, WAIT));
        var gold = client.assets().getAssetsList().stream().filter(asset -> asset.getId().equals("GOLD")).findFirst()
                .orElseThrow();
        assertEquals(3, gold.getDecimals());
        assertEquals(Testnet.AUTHORITY, gold.getIssuer());
        assertEquals(0, gold.getSupply());
        assertEquals(12_345, client.assetUnits().toMinorUnits("GOLD", "12.345"));
    }

    @Test
    void resubmittingACommittedTransactionAnswersItsCommitAndSubmitThenAwaitWorks() throws Exception {
        Transaction tx = client.newTransaction().transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(2), 7)
                .sign(treasury0);
        assertInstanceOf(SubmitResult.Accepted.class, client.submit(tx));
        TxOutcome.Committed first = assertInstanceOf(TxOutcome.Committed.class, client.awaitOutcome(tx.hash(), WAIT));
        KhataClient other = KhataClient.connect(network.apiUrl(3));
        assertEquals(first, other.submitAndWait(tx, WAIT), "a retry through another node is the same commit");
    }

    @Test
    void aSignatureThatDoesNotVerifyIsBadSignature() throws Exception {
        Transaction good = client.newTransaction().transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(1), 1)
                .sign(treasury0);
        byte[] forged = good.signatures().get(0).signature().toByteArray();
        forged[5] ^= 1;
        byte[] body = io.khata.proto.Transaction.parseFrom(good.encode()).getBody().toByteArray();
        Transaction bad = TxCodec.assemble(body, List.of(new TxSignature(treasury0.publicKey(), Signature.of(forged))));
        rejected(client.submitAndWait(bad, WAIT), RejectionCode.BAD_SIGNATURE);
    }

    @Test
    void aKeyThatIsNotTheAccountsIsNotAuthorized() throws Exception {
        Transaction tx = client.newTransaction().transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(1), 1)
                .sign(KeyFileSigner.of(KeyPair.generate(new SecureRandom())));
        rejected(client.submitAndWait(tx, WAIT), RejectionCode.NOT_AUTHORIZED);
    }

    @Test
    void moreThanTheBalanceIsInsufficientFunds() throws Exception {
        long balance = client.balance(Testnet.treasury(0), Testnet.PKR);
        Transaction tx = client.newTransaction().transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(1), balance + 1)
                .sign(treasury0);
        TxOutcome.Rejected rejected = rejected(client.submitAndWait(tx, WAIT), RejectionCode.INSUFFICIENT_FUNDS);
        assertTrue(rejected.message().contains(Testnet.treasury(0)), rejected.message());
    }

    @Test
    void aValidUntilInThePastIsExpiredAndTooFarAheadIsTtlTooLong() throws Exception {
        network.awaitHeight(2);
        StatusResponse status = client.status();
        Transaction late = TransactionBuilder.forChain(status.getChainId()).validUntilTime(java.time.Instant.ofEpochMilli(1))
                .transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(1), 1).sign(treasury0);
        rejected(client.submitAndWait(late, WAIT), RejectionCode.EXPIRED);
        Transaction far = TransactionBuilder.forChain(status.getChainId()).validFor(java.time.Duration.ofHours(2))
                .transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(1), 1).sign(treasury0);
        rejected(client.submitAndWait(far, WAIT), RejectionCode.TTL_TOO_LONG);
    }

    @Test
    void anUnknownAccountIsUnknownAccountAndAnEmptyLookup() throws Exception {
        Transaction tx = client.newTransaction().transfer(Testnet.PKR, "ghost@bank0", Testnet.treasury(1), 1)
                .sign(treasury0);
        rejected(client.submitAndWait(tx, WAIT), RejectionCode.UNKNOWN_ACCOUNT);
        assertTrue(client.account("ghost@bank0").isEmpty());
        assertTrue(client.transaction(tx.hash()).map(s -> s.getStatus().equals("rejected")).orElse(true));
        KhataException.ErrorAnswer history = org.junit.jupiter.api.Assertions.assertThrows(KhataException.ErrorAnswer.class,
                () -> client.accountHistory("ghost@bank0", 10, null));
        assertEquals("unknown_account", history.code());
    }

    @Test
    void anotherChainsTransactionIsWrongChain() throws Exception {
        Transaction tx = TransactionBuilder.forChain("another-chain").validFor(java.time.Duration.ofMinutes(10))
                .transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(1), 1).sign(treasury0);
        rejected(client.submitAndWait(tx, WAIT), RejectionCode.WRONG_CHAIN);
    }

    @Test
    void aNodeWhoseApiIsDownIsUnreachableUntilItComesBack() throws Exception {
        KhataClient third = KhataClient.connect(network.apiUrl(2));
        var address = network.stopApi(2);
        try {
            org.junit.jupiter.api.Assertions.assertThrows(KhataException.Unreachable.class, third::status);
        } finally {
            network.startApi(2, address);
        }
        assertEquals(Testnet.CHAIN_ID, third.status().getChainId());
    }
}
