package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction two banks sign one after the other, as a DvP signed on two machines is: its body
 * is fixed with a ten-minute expiry, the chain makes many blocks while the second signature is
 * gathered, and it still commits, because expiry is by block time, not by height. Four nodes
 * over the in-memory network, each proposing an empty block 20 ms after the last when idle.
 */
class ApprovalExpiryClusterTest {
    private static final int NODES = 4;
    private static final int BLOCKS_WHILE_SIGNING = 20;
    private final TestGenesis fixture = TestGenesis.of(NODES);
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<Node> nodes = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    @Test
    void aTenMinuteExpirySurvivesTheBlocksMadeWhileTheSecondBankSigns() throws Exception {
        for (int i = 0; i < NODES; i++) {
            String id = TestGenesis.bank(i);
            nodes.add(Node.start(NodeConfig.builder(id, home.resolve(id), fixture.genesis())
                    .validatorKey(fixture.validatorKey(id)).emptyBlockDelayMillis(20).build(), network.endpoint(id)));
        }
        Node node = nodes.get(0);
        awaitHeight(node, 1);
        // The body both banks sign: a two-leg swap between their treasuries, valid ten minutes past the chain's time.
        long validUntil = Math.max(node.ledger().headTimeMillis(), System.currentTimeMillis()) + 10 * 60_000;
        String bank0 = TestGenesis.treasury(0);
        String bank1 = TestGenesis.treasury(1);
        TxBody body = new TxBody(fixture.genesis().chainId(), List.of(
                new Operation.Transfer(TestGenesis.PKR, bank0, bank1, 500),
                new Operation.Transfer(TestGenesis.PKR, bank1, bank0, 300)), validUntil, 42, "swap");
        long signedAtHeight = node.ledger().height();

        awaitHeight(node, signedAtHeight + BLOCKS_WHILE_SIGNING); // the second bank takes its time
        Transaction signed = TxCodec.sign(body, List.of(fixture.accountKey(bank0), fixture.accountKey(bank1)));
        TxResult result = nodes.get(2).submit(signed).get(30, TimeUnit.SECONDS);

        TxResult.Committed committed = assertInstanceOf(TxResult.Committed.class, result);
        assertTrue(committed.height() > signedAtHeight + BLOCKS_WHILE_SIGNING,
                "committed at " + committed.height() + ", body fixed at " + signedAtHeight);
        // Read on the node that answered the commit: another may not hold that block yet.
        long blockTime = nodes.get(2).ledger().block(committed.height()).orElseThrow().header().timeMillis();
        assertTrue(blockTime <= validUntil, "committed at block time " + blockTime + ", valid until " + validUntil);
        assertEquals(validUntil, nodes.get(2).ledger().replayWindowEnd(signed.hash()), "remembered until it expires");
        awaitHeight(nodes.get(1), committed.height()); // before, the gossiped copy may still be pending there
        TxResult again = nodes.get(1).submit(signed).get(30, TimeUnit.SECONDS);
        assertTrue(again instanceof TxResult.Committed
                        || again instanceof TxResult.Rejected rejected && rejected.reason() instanceof Rejection.Replayed,
                "a second submission is answered as committed or refused as a replay, never committed twice: " + again);
        assertEquals(TestGenesis.TREASURY_PKR - 200, nodes.get(2).ledger().balance(bank0, TestGenesis.PKR));
    }

    private static void awaitHeight(Node node, long height) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (node.ledger().height() < height) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.nodeId() + " stuck at height " + node.ledger().height() + ", wanted " + height);
            }
            Thread.sleep(10);
        }
    }
}
