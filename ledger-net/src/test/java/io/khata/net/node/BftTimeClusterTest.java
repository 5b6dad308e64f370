package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.net.consensus.Proposers;
import io.khata.proto.Envelope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 1 of issue 13, block time from the future, against real nodes on an in-memory network.
 * Before BFT time, a proposer whose block said {@code Long.MAX_VALUE} had it committed by every
 * node, after which {@code previous + 1} overflowed and no block was ever valid again. Now a
 * block's time is the weighted median of its last commit's precommit times: neither a hostile
 * proposer nor a hostile clock sets it, and the honest nodes keep committing.
 */
class BftTimeClusterTest {
    private static final int NODES = 4;
    private final TestGenesis fixture = TestGenesis.of(NODES);
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<Node> nodes = new ArrayList<>();
    private long nonce;

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private void start(int i, LongSupplier clockMillis) {
        String id = TestGenesis.bank(i);
        NodeConfig config = NodeConfig.builder(id, home.resolve(id), fixture.genesis())
                .validatorKey(fixture.validatorKey(id))
                .build();
        nodes.add(Node.start(config, network.endpoint(id), clockMillis));
    }

    private Transaction transfer(int from, int to, long amount) {
        String sender = TestGenesis.treasury(from);
        TxBody body = new TxBody(fixture.genesis().chainId(),
                List.of(new Operation.Transfer(TestGenesis.PKR, sender, TestGenesis.treasury(to), amount)),
                System.currentTimeMillis() + 600_000, ++nonce, "");
        return TxCodec.sign(body, List.of(fixture.accountKey(sender)));
    }

    private void awaitAll(long height, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (Node node : nodes) {
            while (node.ledger().height() < height) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError(node.nodeId() + " stuck at height " + node.ledger().height() + ", wanted " + height);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Every honest node holds the same blocks up to {@code height}, each strictly later than the
     * one before and no later than the latest honest clock reading plus its height (BFT time's
     * bound: the median lies between honest times, and each block adds at most one millisecond).
     */
    private void assertSaneAndAgreedTimes(long height, long honestClockMaxMillis) {
        long previous = fixture.genesis().genesisTimeMillis();
        for (long h = 1; h <= height; h++) {
            Block block = nodes.get(0).ledger().block(h).orElseThrow();
            for (Node node : nodes) {
                assertEquals(block.hash(), node.ledger().block(h).orElseThrow().hash(), "agreement at height " + h);
            }
            long time = block.header().timeMillis();
            assertTrue(time > previous && time <= honestClockMaxMillis + h,
                    "block " + h + " has time " + time + ", previous " + previous + ", honest clocks up to " + honestClockMaxMillis);
            previous = time;
        }
    }

    @Test
    void attack1AValidatorWhoseClockSaysLongMaxValueDoesNotSetBlockTimes() throws Exception {
        for (int i = 0; i < NODES - 1; i++) {
            start(i, System::currentTimeMillis);
        }
        start(NODES - 1, () -> Long.MAX_VALUE); // bank3 stamps every vote with the end of time

        awaitAll(8, 60_000);
        Transaction tx = transfer(0, 1, 7);
        assertInstanceOf(TxResult.Committed.class, nodes.get(3).submit(tx).get(30, TimeUnit.SECONDS));

        long height = nodes.stream().mapToLong(node -> node.ledger().height()).min().orElseThrow();
        assertSaneAndAgreedTimes(height, System.currentTimeMillis());
        boolean hostileStampSigned = false;
        for (long h = 1; h < height; h++) {
            hostileStampSigned |= nodes.get(0).ledger().commit(h).orElseThrow().signatures().stream()
                    .anyMatch(sig -> sig.validator().equals(TestGenesis.bank(3)) && sig.timeMillis() == Long.MAX_VALUE);
        }
        assertTrue(hostileStampSigned, "bank3's Long.MAX_VALUE precommits reached committed commits, and did not count");
    }

    /**
     * bank3 is a hostile endpoint, not a node: whenever it is the proposer of a round of the next
     * height, it proposes a real block of that height (built on its own copy of the chain) stamped
     * {@code Long.MAX_VALUE}, signed with its validator key. The three honest nodes (exactly a
     * quorum) refuse every such block, commit without it, and keep committing.
     */
    @Test
    void attack1AProposerStampingLongMaxValueHasItsBlocksRefusedAndTheChainGoesOn() throws Exception {
        for (int i = 0; i < NODES - 1; i++) {
            start(i, System::currentTimeMillis);
        }
        String hostile = TestGenesis.bank(3);
        KeyPair hostileKey = fixture.validatorKey(hostile);
        PeerNetwork endpoint = network.endpoint(hostile);
        endpoint.start((from, envelope) -> { });
        AtomicInteger sent = new AtomicInteger();
        String chainId = fixture.genesis().chainId();
        try (Ledger copy = Ledger.inMemory(fixture.genesis(), LedgerOptions.defaults().withVerifierThreads(1))) {
            long target = 10;
            long deadline = System.currentTimeMillis() + 90_000;
            long proposedFor = -1;
            while (nodes.get(0).ledger().height() < target && System.currentTimeMillis() < deadline) {
                Ledger source = nodes.get(0).ledger();
                while (copy.height() < source.height()) {
                    long h = copy.height() + 1;
                    copy.commit(source.block(h).orElseThrow(), source.commit(h).orElseThrow());
                }
                long next = copy.height() + 1;
                if (next != proposedFor) {
                    proposedFor = next;
                    sent.addAndGet(proposeHostileBlocks(copy, next, chainId, hostileKey, endpoint));
                }
                Thread.sleep(10);
            }
            assertTrue(sent.get() > 0, "the hostile proposer had turns");
            awaitAll(target, 30_000);
        }
        Transaction tx = transfer(1, 2, 9);
        assertInstanceOf(TxResult.Committed.class, nodes.get(0).submit(tx).get(30, TimeUnit.SECONDS));
        long height = nodes.stream().mapToLong(node -> node.ledger().height()).min().orElseThrow();
        assertSaneAndAgreedTimes(height, System.currentTimeMillis());
        for (long h = 1; h <= height; h++) {
            assertNotEquals(hostile, nodes.get(0).ledger().block(h).orElseThrow().header().proposer(),
                    "a block of the hostile proposer was committed at height " + h);
        }
        String metrics = nodes.get(0).scrapeMetrics();
        assertTrue(metrics.contains("source=\"proposal\""), "the hostile blocks were validated and refused: " + metrics);
        endpoint.close();
    }

    /** Proposals stamped Long.MAX_VALUE for the rounds 0..7 of {@code height} that bank3 holds; how many. */
    private static int proposeHostileBlocks(Ledger copy, long height, String chainId, KeyPair key, PeerNetwork endpoint) {
        String hostile = TestGenesis.bank(3);
        Commit lastCommit = height == 1 ? null : copy.commit(height - 1).orElseThrow();
        Block honest = copy.build(hostile, List.of(), lastCommit, List.of()).block();
        BlockHeader h = honest.header();
        BlockHeader future = new BlockHeader(h.chainId(), h.height(), h.prevBlockHash(), Long.MAX_VALUE, h.proposer(),
                h.txRoot(), h.stateRoot(), h.lastCommitHash(), h.validatorsHash(), h.evidenceHash(), h.nextValidatorsHash());
        Block block = BlockCodec.assemble(future, honest.transactions(), honest.lastCommit(), honest.evidence());
        int sent = 0;
        for (int round = 0; round < 8; round++) {
            if (Proposers.proposer(copy.validatorsAt(height), height, round).equals(hostile)) {
                Proposal proposal = Proposal.sign(chainId, height, round, -1, block, hostile, key);
                endpoint.broadcast(Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal)).build());
                sent++;
            }
        }
        return sent;
    }
}
