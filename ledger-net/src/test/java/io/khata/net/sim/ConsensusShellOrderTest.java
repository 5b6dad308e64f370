package io.khata.net.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Evidence;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.ConsensusConfig;
import io.khata.net.consensus.Effect;
import io.khata.net.consensus.SignState;
import io.khata.net.node.ConsensusShell;
import io.khata.net.node.DurableFile;
import io.khata.net.node.NodeClock;
import io.khata.net.node.PeerNetwork;
import io.khata.net.node.ShellHost;
import io.khata.net.node.SignStateFile;
import io.khata.proto.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shell's order on a one-validator network, with every seam recording: each signed message
 * leaves after the sync of the sign-state that guards it, the ledger's answers are handled
 * after the effects that asked for them, and a proposer with an empty mempool waits on the
 * scheduler rather than on a clock of its own.
 */
class ConsensusShellOrderTest {
    private final List<String> calls = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private long nowMillis;

    @Test
    void everySignedMessageLeavesAfterTheSyncThatGuardsIt() {
        SimFixture fixture = new SimFixture(1);
        Ledger ledger = Ledger.inMemory(fixture.genesis, LedgerOptions.defaults().withVerifierThreads(1));
        ConsensusConfig config = ConsensusConfig.of(SimFixture.CHAIN_ID, "bank-0", fixture.validatorKeys.get("bank-0"),
                Simulation.TIMEOUTS);
        Consensus consensus = new Consensus(config, ledger::validatorsAt, 0, SignState.NONE);
        ConsensusShell shell = new ConsensusShell(consensus, ledger, new SignStateFile(new RecordingFile(),
                new SimDisk("bank-0", new java.util.SplittableRandom(1), 0, () -> false).directory("dir")),
                new RecordingNetwork(), new Clock(), (delayMillis, task) -> scheduled.add(task), new RecordingHost(),
                new ConsensusShell.Settings("bank-0", 100));
        shell.start();
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("broadcast")),
                "with an empty mempool the proposer waits: " + calls);
        nowMillis = 150; // past the wait for transactions
        List<Runnable> due = new ArrayList<>(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
        assertEquals(1, ledger.height(), calls.toString());
        int broadcasts = 0;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).equals("broadcast PROPOSAL") || calls.get(i).equals("broadcast VOTE")) {
                assertEquals("saved", calls.get(i - 1), "a signed message left before its sign-state was saved: " + calls);
                assertEquals("sync", calls.get(i - 2), calls.toString());
                broadcasts++;
            }
        }
        assertEquals(3, broadcasts, "a proposal, a prevote and a precommit: " + calls);
        assertTrue(calls.indexOf("committed 1") > calls.lastIndexOf("broadcast VOTE"),
                "the block is committed after the precommit that decides it is sent: " + calls);
    }

    private final class Clock implements NodeClock {
        @Override
        public long wallMillis() {
            return 1_700_000_000_000L + nowMillis;
        }

        @Override
        public long monotonicNanos() {
            return nowMillis * 1_000_000L;
        }
    }

    private final class RecordingFile implements DurableFile {
        private byte[] content = new byte[0];

        @Override
        public byte[] read() {
            return content.clone();
        }

        @Override
        public void write(long position, byte[] bytes) {
            int end = (int) position + bytes.length;
            if (end > content.length) {
                content = java.util.Arrays.copyOf(content, end);
            }
            System.arraycopy(bytes, 0, content, (int) position, bytes.length);
        }

        @Override
        public void sync() {
            calls.add("sync");
        }

        @Override
        public void close() {
        }
    }

    private final class RecordingNetwork implements PeerNetwork {
        @Override
        public void start(Listener listener) {
        }

        @Override
        public void broadcast(Envelope envelope) {
            calls.add("broadcast " + envelope.getMessageCase());
        }

        @Override
        public void send(String memberId, Envelope envelope) {
            calls.add("send " + envelope.getMessageCase());
        }

        @Override
        public List<String> connectedPeers() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    private final class RecordingHost implements ShellHost {
        @Override
        public List<Transaction> candidates(int countMax) {
            return List.of();
        }

        @Override
        public int pendingTransactions() {
            return 0;
        }

        @Override
        public void refused(List<BlockBuilder.Skipped> skipped) {
        }

        @Override
        public void signStateSaved(SignState state) {
            calls.add("saved");
        }

        @Override
        public void validated(Block block, Optional<Rejection> rejection, long validationNanos) {
            calls.add("validated " + block.height());
        }

        @Override
        public void committed(Block block, int rounds, boolean bySync) {
            calls.add("committed " + block.height());
        }

        @Override
        public void syncRefused(String peer, long height, String reason) {
        }

        @Override
        public void evidenceFound(Evidence evidence) {
        }

        @Override
        public void dropped(Effect.Dropped dropped) {
            calls.add("dropped " + dropped.what());
        }

        @Override
        public void halted(RuntimeException cause) {
            throw new AssertionError("halted", cause);
        }
    }
}
