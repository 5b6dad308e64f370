package io.khata.net.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.khata.core.audit.AuditCheck;
import io.khata.core.audit.AuditFailure;
import io.khata.core.audit.AuditReport;
import io.khata.core.crypto.Hash;
import io.khata.net.cli.KhataCommand;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit commands' own handling: reports escape what came from a bundle, bad options and files exit non-zero. */
class AuditCommandTest {
    private static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" \\ \u0001 \u2028";

    @TempDir
    Path dir;

    private static AuditReport hostileReport() {
        AuditReport.AssetSummary asset = new AuditReport.AssetSummary(HOSTILE, HOSTILE, 1, BigInteger.TWO, BigInteger.ONE, 1,
                1, 1, BigInteger.TEN, 2L, BigInteger.TWO, 1L, true);
        AuditReport.BankSummary bank = new AuditReport.BankSummary(HOSTILE, 1, 1, 1, 1, Map.of(HOSTILE, BigInteger.ONE),
                Map.of(), 1, 1L, 0);
        return new AuditReport(HOSTILE, "genesis", new AuditFailure(7, AuditCheck.EXECUTION, HOSTILE), 1, 6, 6, 10, 10,
                Hash.ZERO, null, List.of(asset), List.of(bank),
                List.of(new AuditReport.MembershipChange(3, "add_member", HOSTILE, 1)),
                List.of(new AuditReport.EvidenceRecord(4, HOSTILE, 2, 0, "PRECOMMIT")),
                List.of(new AuditReport.FreezeRecord(5, HOSTILE, true)), List.of(HOSTILE), List.of(HOSTILE));
    }

    @Test
    void theHtmlReportEscapesEverythingFromTheBundle() {
        String html = ReportHtml.render(hostileReport(), new AuditTiming(1.5, 6, 10));
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("alert('x')"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"), html);
        assertTrue(html.contains("<strong>Invalid</strong> at height 7"), html);
    }

    @Test
    void theJsonReportIsValidJsonThatKeepsHostileTextIntact() throws Exception {
        String json = ReportJson.render(hostileReport(), new AuditTiming(1.5, 6, 10));
        Struct.Builder parsed = Struct.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertEquals(HOSTILE, parsed.getFieldsOrThrow("chain_id").getStringValue());
        assertFalse(parsed.getFieldsOrThrow("valid").getBoolValue());
        assertEquals(HOSTILE, parsed.getFieldsOrThrow("failure").getStructValue().getFieldsOrThrow("reason").getStringValue());
        assertEquals("execution", parsed.getFieldsOrThrow("failure").getStructValue().getFieldsOrThrow("check").getStringValue());
    }

    @Test
    void unusableOptionsAndFilesExitNonZeroWithoutAVerdict() throws Exception {
        Path genesis = dir.resolve("genesis.json");
        Files.writeString(genesis, "{not json");
        Path bundle = dir.resolve("none.khata");
        Files.write(bundle, new byte[0]);
        assertEquals(2, KhataCommand.execute("audit", "verify", "--genesis", genesis.toString(), bundle.toString()));
        assertEquals(2, KhataCommand.execute("audit", "verify", "--genesis", genesis.toString(), bundle.toString(),
                "--trust-height", "4"));
        assertEquals(2, KhataCommand.execute("audit", "export", "--home", dir.resolve("no-node").toString(),
                "--out", dir.resolve("out.khata").toString()));
        assertFalse(Files.exists(dir.resolve("out.khata.partial")), "a failed export leaves no partial file");
        assertFalse(Files.exists(dir.resolve("out.khata")));
        assertEquals(1, KhataCommand.execute("audit", "export", "--node", "http://127.0.0.1:1", "--out",
                dir.resolve("out.khata").toString()));
        assertTrue(KhataCommand.execute("audit", "export", "--out", dir.resolve("x.khata").toString()) != 0,
                "a source is required");
    }
}
