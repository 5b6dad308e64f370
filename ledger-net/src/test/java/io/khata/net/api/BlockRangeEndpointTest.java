package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Result;
import io.khata.core.audit.BundleFormat;
import io.khata.core.audit.BundleReader;
import io.khata.core.audit.BundleRecord;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.net.cli.KhataCommand;
import io.khata.proto.audit.AuditBlock;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk endpoint {@code GET /blocks?from=&to=} and {@code khata audit export --node} reading it page by page. */
class BlockRangeEndpointTest {
    private static final int BLOCKS = 6;

    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Ledger ledger;
    private HttpApiServer server;
    private String base;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        ledger = Ledger.inMemory(fixture.genesis());
        TestChain chain = new TestChain(fixture, ledger);
        KeyPair bank4 = TestGenesis.keyPair("bank4 validator");
        chain.commitNext(List.of(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 5)));
        chain.commitNext(List.of(chain.sign(List.of(new Operation.AddMember("bank4", bank4.publicKey(),
                TestGenesis.MEMBER_POWER, "127.0.0.1:26700")), fixture.accountKey(TestGenesis.AUTHORITY))));
        chain.addValidatorKey("bank4", bank4);
        while (ledger.height() < BLOCKS) {
            chain.commitNext(List.of(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2),
                    ledger.height())));
        }
        server = HttpApiServer.start(new LedgerOnlyNode(ledger), new InetSocketAddress("127.0.0.1", 0));
        base = "http://127.0.0.1:" + server.address().getPort();
        Files.writeString(dir.resolve("genesis.json"), GenesisWriter.toJson(fixture.genesis()));
    }

    @AfterEach
    void stop() {
        server.close();
        ledger.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<BundleRecord> records(byte[] body) throws Exception {
        BundleReader reader = new BundleReader(new ByteArrayInputStream(body), Integer.MAX_VALUE);
        List<BundleRecord> records = new ArrayList<>();
        for (Result<BundleRecord> next = reader.next(); next != null; next = reader.next()) {
            records.add(next.value());
        }
        return records;
    }

    @Test
    void aPageHoldsTheSetsInForceThenEachStoredBlockWithItsCommitAndEachNewSet() throws Exception {
        HttpResponse<byte[]> response = get("/blocks?from=2&to=4");
        assertEquals(200, response.statusCode());
        assertEquals("application/octet-stream", response.headers().firstValue("content-type").orElse(""));
        assertEquals("4", response.headers().firstValue("x-khata-last-height").orElse(""));
        List<Integer> types = new ArrayList<>();
        List<BundleRecord> records = records(response.body());
        records.forEach(record -> types.add(record.type()));
        int v = BundleFormat.VALIDATORS;
        int b = BundleFormat.BLOCK;
        assertEquals(List.of(v, v, v, b, v, b, b), types, "sets at 1, 2, 3; block 2 adds a member from height 4");
        AuditBlock second = AuditBlock.parseFrom(records.get(3).payload());
        assertEquals(2, second.getHeight());
        assertArrayEquals(ledger.blockBytes(2).orElseThrow(), second.getBlock().toByteArray());
        assertArrayEquals(ledger.commitBytes(2).orElseThrow(), second.getCommit().toByteArray());
    }

    @Test
    void aPageStopsAtItsBlockCountAndByteBudgetButAlwaysHoldsOneBlock() throws Exception {
        assertEquals(3, BlockRangeReply.page(ledger, new QueryStringDecoder("/blocks?from=2&to=6"), 2, 1 << 20).lastHeight());
        assertEquals(2, BlockRangeReply.page(ledger, new QueryStringDecoder("/blocks?from=2"), 100, 1).lastHeight());
        assertEquals(BLOCKS, BlockRangeReply.page(ledger, new QueryStringDecoder("/blocks?from=5&to=99"), 100, 1 << 20)
                .lastHeight());
    }

    @Test
    void badRangesGetAJsonErrorNeverAStream() throws Exception {
        assertEquals(400, get("/blocks").statusCode());
        assertEquals(400, get("/blocks?from=x").statusCode());
        assertEquals(400, get("/blocks?from=0").statusCode());
        assertEquals(400, get("/blocks?from=4&to=2").statusCode());
        assertEquals(400, get("/blocks?from=1&to=99999999999999999999").statusCode());
        HttpResponse<byte[]> beyond = get("/blocks?from=" + (BLOCKS + 1));
        assertEquals(404, beyond.statusCode());
        assertTrue(new String(beyond.body(), StandardCharsets.UTF_8).contains("\"not_found\""));
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/blocks?from=1"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void anExportOverTheApiInSmallPagesVerifiesFromTheGenesisFileAlone() throws Exception {
        Path bundle = dir.resolve("chain.khata");
        assertEquals(0, KhataCommand.execute("audit", "export", "--node", base, "--out", bundle.toString(),
                "--page-blocks", "2"));
        String json = runVerify("--genesis", dir.resolve("genesis.json").toString(), bundle.toString(), "--json",
                "--report", dir.resolve("report.html").toString());
        assertTrue(json.startsWith("{\"valid\":true,"), json);
        assertTrue(json.contains("\"last_height\":" + BLOCKS), json);
        assertTrue(json.contains("\"kind\":\"add_member\",\"member\":\"bank4\""), json);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<strong>Valid.</strong>"));
    }

    @Test
    void anExportPastGenesisVerifiesOnlyAgainstTheTrustedHeader() throws Exception {
        Path bundle = dir.resolve("tail.khata");
        assertEquals(0, KhataCommand.execute("audit", "export", "--node", base, "--from", "4", "--out", bundle.toString(),
                "--page-blocks", "1"));
        String genesis = dir.resolve("genesis.json").toString();
        String trusted = ledger.block(3).orElseThrow().hash().toHex();
        String text = runVerify("--genesis", genesis, bundle.toString(), "--trust-height", "3", "--trust-hash", trusted);
        assertTrue(text.startsWith("valid: 3 blocks (4..6)"), text);
        assertTrue(text.contains("NOT checked"), text);
        String untrusted = runVerify("--genesis", genesis, bundle.toString());
        assertTrue(untrusted.startsWith("invalid at height 0: trust_anchor"), untrusted);
    }

    /** Runs {@code khata audit verify ARGS} and returns its stdout; fails unless the exit code matches the verdict. */
    private static String runVerify(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String[] full = new String[args.length + 2];
            full[0] = "audit";
            full[1] = "verify";
            System.arraycopy(args, 0, full, 2, args.length);
            exit = KhataCommand.execute(full);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        boolean valid = out.startsWith("valid") || out.startsWith("{\"valid\":true");
        assertEquals(valid ? 0 : 1, exit, out);
        return out;
    }
}
