package io.khata.net.audit;

import io.khata.core.Result;
import io.khata.core.audit.AuditReport;
import io.khata.core.audit.AuditVerifier;
import io.khata.core.audit.TrustAnchor;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.ledger.LedgerOptions;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code khata audit verify}: checks a bundle against the genesis file alone. Exit 0 only if
 * every check holds; 1 with the first failing height, check and reason; 2 if the genesis file
 * or the options are unusable.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check every block of an audit bundle offline, from the genesis file alone.")
final class VerifyCommand implements Callable<Integer> {
    private static final Pattern HEX_HASH = Pattern.compile("[0-9a-f]{64}");

    @Option(names = "--genesis", required = true, description = "the chain's genesis.json") Path genesisFile;
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "the bundle file (khata audit export)") Path bundle;
    @Option(names = "--report", description = "also write an HTML report to this file") Path reportFile;
    @Option(names = "--json", description = "print the report as JSON on stdout") boolean json;
    @Option(names = "--trust-height", description = "for a bundle that starts past genesis: the height of the trusted header (the bundle's first height - 1)")
    Long trustHeight;
    @Option(names = "--trust-hash", description = "the hash of the trusted block at --trust-height (64 hex digits)") String trustHash;
    @Option(names = "--threads", description = "signature verification threads (default: all processors)") Integer threads;
    @Option(names = "--baseline-seconds", defaultValue = "0",
            description = "after the audit, measure raw Ed25519 verifications/s for this long, to print next to the audit's speed")
    double baselineSeconds;

    @Override
    public Integer call() throws Exception {
        Result<Genesis> genesis = GenesisLoader.load(genesisFile);
        if (!genesis.isOk()) {
            System.err.println("khata: " + genesisFile + ": " + genesis.rejection().message());
            return 2;
        }
        if ((trustHeight == null) != (trustHash == null) || (trustHash != null && !HEX_HASH.matcher(trustHash).matches())) {
            System.err.println("khata: give --trust-height and --trust-hash together, the hash as 64 lowercase hex digits");
            return 2;
        }
        TrustAnchor trust = trustHash == null ? null : new TrustAnchor(trustHeight, Hash.fromHex(trustHash));
        LedgerOptions options = LedgerOptions.defaults();
        if (threads != null) {
            options = options.withVerifierThreads(threads);
        }
        ProgressLine progress = new ProgressLine(System.err);
        long start = System.nanoTime();
        AuditReport report;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 16)) {
            report = AuditVerifier.verify(in, genesis.value(), options, trust, progress);
        } finally {
            progress.finish();
        }
        AuditTiming timing = new AuditTiming((System.nanoTime() - start) / 1e9, report.blocks(), report.transactions());
        print(report, timing);
        if (reportFile != null) {
            Files.writeString(reportFile, ReportHtml.render(report, timing), StandardCharsets.UTF_8);
        }
        if (baselineSeconds > 0) {
            printBaseline(timing, options.verifierThreads());
        }
        return report.passed() ? 0 : 1;
    }

    private void print(AuditReport report, AuditTiming timing) {
        if (json) {
            System.out.println(ReportJson.render(report, timing));
        } else {
            System.out.println(ReportText.render(report));
        }
        System.err.printf("audit: %d blocks, %d transactions in %.2f s: %.1f blocks/s, %.1f tx/s (%s)%n", timing.blocks(),
                timing.transactions(), timing.seconds(), timing.blocksPerSecond(), timing.transactionsPerSecond(),
                report.mode().equals("genesis") ? "re-executed" : "checked without re-execution");
    }

    private void printBaseline(AuditTiming timing, int verifierThreads) {
        VerificationBaseline.Figures figures = VerificationBaseline.measure(baselineSeconds, verifierThreads);
        System.err.printf("baseline: raw Ed25519 %.0f verifications/s on 1 thread, %.0f/s on %d threads; the audit ran"
                        + " at %.1f%% of the %d-thread limit in transactions/s%n", figures.oneThreadPerSecond(),
                figures.allThreadsPerSecond(), figures.threads(),
                100 * timing.transactionsPerSecond() / figures.allThreadsPerSecond(), figures.threads());
    }
}
