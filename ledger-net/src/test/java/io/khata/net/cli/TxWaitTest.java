package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.genesis.TestGenesis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code khata tx ... --wait[=DURATION]}: exit 0 once committed, 3 when the wait runs out first. */
class TxWaitTest {
    @TempDir
    Path dir;

    private CommandRun transfer(ScriptedNode node, String... waitArguments) throws Exception {
        Path key = dir.resolve("treasury.key");
        KeyFiles.writePrivateKey(key, node.fixture.accountKey(TestGenesis.treasury(0)));
        List<String> args = new ArrayList<>(List.of("tx", "transfer", "--node", node.url(), "--key", key.toString(),
                "--from", TestGenesis.treasury(0), "--to", TestGenesis.treasury(1), "--asset", TestGenesis.PKR,
                "--amount", "5"));
        args.addAll(List.of(waitArguments));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void aWaitThatRunsOutExitsThreeAndSaysTheTransactionIsOnlyAccepted() throws Exception {
        try (ScriptedNode neverCommits = new ScriptedNode(-1, 30_000)) {
            CommandRun run = transfer(neverCommits, "--wait", "1s");
            assertEquals(ExitCodes.NOT_COMMITTED, run.exit(), run.toString());
            assertTrue(run.out().contains("status accepted"), run.toString());
            assertTrue(run.err().contains("not committed within 1s"), run.toString());
            assertTrue(run.millis() >= 1_000 && run.millis() < 10_000, run.toString());
        }
    }

    @Test
    void aWaitLongerThanTheNodeWaitsGoesOnUntilItsOwnDeadline() throws Exception {
        try (ScriptedNode neverCommits = new ScriptedNode(-1, 300)) {
            CommandRun run = transfer(neverCommits, "--wait=2s");
            assertEquals(ExitCodes.NOT_COMMITTED, run.exit(), run.toString());
            assertTrue(run.millis() >= 2_000 && run.millis() < 10_000, run.toString());
        }
    }

    @Test
    void aCommitAfterTheNodesOwnWaitIsStillReportedAsCommitted() throws Exception {
        try (ScriptedNode slow = new ScriptedNode(1_200, 300)) {
            CommandRun run = transfer(slow, "--wait", "20s");
            assertEquals(ExitCodes.OK, run.exit(), run.toString());
            assertTrue(run.out().contains("status committed (height 1, index 0)"), run.toString());
        }
    }

    @Test
    void aBareWaitWaitsForTheCommit() throws Exception {
        try (ScriptedNode node = new ScriptedNode(200, 30_000)) {
            CommandRun run = transfer(node, "--wait");
            assertEquals(ExitCodes.OK, run.exit(), run.toString());
            assertTrue(run.out().contains("status committed (height 1, index 0)"), run.toString());
        }
    }

    @Test
    void withoutWaitAnAcceptedTransactionExitsZero() throws Exception {
        try (ScriptedNode neverCommits = new ScriptedNode(-1, 30_000)) {
            CommandRun run = transfer(neverCommits);
            assertEquals(ExitCodes.OK, run.exit(), run.toString());
            assertTrue(run.out().contains("status accepted"), run.toString());
        }
    }

    @Test
    void aDurationThatIsNotOneIsAUsageError() throws Exception {
        try (ScriptedNode node = new ScriptedNode(-1, 30_000)) {
            CommandRun run = transfer(node, "--wait", "soon");
            assertEquals(ExitCodes.USAGE, run.exit(), run.toString());
            assertTrue(run.err().contains("not a duration"), run.toString());
            assertEquals(0, node.mempoolSize(), "nothing was submitted");
        }
    }

    @Test
    void theHelpListsTheExitCodes() {
        CommandRun run = CommandRun.of("tx", "transfer", "--help");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("--wait[=DURATION]"), run.toString());
        assertTrue(run.out().contains("Exit codes:"), run.toString());
        assertTrue(run.out().contains("3   --wait ran out before the transaction committed"), run.toString());
    }
}
