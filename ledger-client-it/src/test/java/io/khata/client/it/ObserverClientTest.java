package io.khata.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.client.KeyFileSigner;
import io.khata.client.KhataClient;
import io.khata.client.Signer;
import io.khata.client.TxOutcome;
import io.khata.core.tx.Transaction;
import io.khata.net.cli.Testnet;
import io.khata.proto.api.StatusResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The recommended integration: a bank backend's client talks to its bank's observer node, not to
 * a validator. The observer says what it is, commits what the client submits (it forwards to the
 * validators), and answers history and proofs from its own verified copy of the chain.
 */
class ObserverClientTest {
    @Test
    void aClientOfTheObserverSubmitsQueriesAndProvesAsAgainstAValidator() throws Exception {
        ClientTestNetwork network = ClientTestNetwork.shared();
        KhataClient client = KhataClient.connect(network.observerUrl());
        Signer treasury = KeyFileSigner.load(network.keyFile(Testnet.treasury(0)));

        StatusResponse status = client.status();
        assertEquals("observer", status.getRole());
        assertEquals(Testnet.observerName(0), status.getNodeId());
        assertEquals(ClientTestNetwork.NODES, status.getPeersCount(), "connected to every validator");

        Transaction tx = client.newTransaction().transfer(Testnet.PKR, Testnet.treasury(0), Testnet.treasury(3), 77)
                .memo("via the observer").sign(treasury);
        TxOutcome.Committed committed = assertInstanceOf(TxOutcome.Committed.class,
                client.submitAndWait(tx, Duration.ofSeconds(30)));
        network.awaitHeight(committed.height());
        assertEquals(committed.height(), network.node(3).ledger().location(tx.hash()).orElseThrow().height());
        assertEquals(tx.hash().toHex(), client.accountHistory(Testnet.treasury(3), 1, null).getTxs(0).getTxHash());
        assertTrue(client.verifiedProof(tx.hash(), network.genesis).isPresent());
        assertEquals(network.node(3).ledger().block(committed.height()).orElseThrow().hash().toHex(),
                client.block(committed.height()).orElseThrow().getHash());
    }
}
