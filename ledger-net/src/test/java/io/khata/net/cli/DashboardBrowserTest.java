package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.node.Node;
import io.khata.net.node.TxResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against a four-bank network over
 * TLS in this JVM: the height on the page advances, a transaction the test submits shows up in
 * the recent list with its memo as text (not as markup), the node's verdict on its proof shows
 * when it is clicked, and a validator that is stopped shows as not signing. Saves
 * {@code target/dashboard.png}. Without Chromium the test is skipped with a message, except
 * when {@code CI=true}, where a missing browser fails it.
 */
class DashboardBrowserTest {
    private static final int NODES = 4;
    private static final String MEMO = "dashboard check <script>window.injected=1</script> & <b>bold</b>";

    @TempDir
    Path dir;

    static Path browser() {
        Optional<Path> found = HeadlessChromium.find();
        if (found.isEmpty()) {
            String message = "DashboardBrowserTest needs Chromium (apt-get install -y chromium chromium-driver); "
                    + "none at /usr/bin/chromium";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + ", and CI=true does not allow skipping");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        return found.get();
    }

    @Test
    void thePageFollowsTheChainShowsASubmittedTransactionAndAStoppedValidator() throws Exception {
        Path binary = browser();
        try (PortBlock ports = PortBlock.reserveForTest(2 * NODES)) {
            Testnet.create(dir, NODES, ports.base(), false);
            try (LocalCluster cluster = LocalCluster.start(dir, NODES, ports)) {
                cluster.awaitMesh();
                String url = "http://127.0.0.1:" + Testnet.apiPort(ports.base(), 0) + "/";
                Path target = Path.of("target");
                try (HeadlessChromium page = HeadlessChromium.launch(binary, url, dir.resolve("profile"),
                        target.resolve("chromium.log"))) {
                    check(cluster, page);
                }
            }
        }
    }

    private void check(LocalCluster cluster, HeadlessChromium page) throws Exception {
        Node node = cluster.nodes().get(0);
        long first = awaitValue(() -> height(page), h -> h > 0, "a height on the page");
        awaitValue(() -> height(page), h -> h >= first + 3, "the height on the page to advance");

        Transaction tx = TxCodec.sign(new TxBody(node.ledger().chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                        Testnet.treasury(0), Testnet.treasury(3), 4_200)), System.currentTimeMillis() + 600_000, 42, MEMO),
                List.of(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(0)))));
        assertInstanceOf(TxResult.Committed.class, node.submit(tx).get(30, TimeUnit.SECONDS));
        String row = "document.querySelector('#txs li[data-hash=' + " + HeadlessChromium.quote(tx.hash().toHex())
                + ".replace(/^/, '\"').replace(/$/, '\"') + ']')";
        String shown = awaitValue(() -> page.text("(" + row + " || {}).textContent || null"),
                text -> text != null, "the submitted transaction in the recent list");
        assertTrue(shown.contains(MEMO), "the memo is shown as text: " + shown);
        assertTrue(shown.contains("transfer 42.00 PKR " + Testnet.treasury(0) + " -> " + Testnet.treasury(3)), shown);
        assertEquals("0", page.text("String(document.querySelectorAll('#txs script, #txs b').length)"),
                "the memo's markup became elements");
        assertEquals("undefined", page.text("typeof window.injected"), "the memo's script ran");

        page.evaluate(row + ".click()");
        String verdict = awaitValue(() -> page.text("document.getElementById('tx-detail').textContent"),
                text -> text.contains("proof valid") || text.contains("INVALID"), "the node's verdict on the proof");
        assertTrue(verdict.contains("proof valid"), verdict);

        String stopped = Testnet.bank(3);
        String signing = "(document.querySelector('#validators tr[data-validator=\"" + stopped + "\"]') || {cells: []})";
        awaitValue(() -> page.text(signing + ".cells.length > 3 ? " + signing + ".cells[3].textContent : null"),
                "signing"::equals, stopped + " signing while it runs");
        cluster.nodes().get(3).close();
        awaitValue(() -> page.text(signing + ".cells[3].textContent"), "not signing"::equals,
                stopped + " shown as not signing after it stopped");
        awaitValue(() -> page.text(signing + ".cells[2].textContent"), "not connected"::equals,
                stopped + " shown as not connected");
        assertEquals("signing", page.text("document.querySelector('#validators tr[data-validator=\""
                + Testnet.bank(1) + "\"]').cells[3].textContent"));
        Path screenshot = Path.of("target", "dashboard.png");
        page.screenshot(screenshot);
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of " + Files.size(screenshot) + " bytes");
    }

    static long height(HeadlessChromium page) throws Exception {
        String text = page.text("(document.getElementById('height') || {}).textContent || null");
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static <T> T awaitValue(Callable<T> read, java.util.function.Predicate<T> done, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        T value = read.call();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + value);
            }
            Thread.sleep(200);
            value = read.call();
        }
        return value;
    }
}
