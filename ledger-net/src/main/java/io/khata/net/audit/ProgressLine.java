package io.khata.net.audit;

import io.khata.core.audit.AuditListener;
import java.io.PrintStream;

/**
 * The progress line of a long audit on stderr: nothing for the first second (short audits stay
 * quiet), then the height and rates at most twice a second, rewritten in place.
 */
final class ProgressLine implements AuditListener {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long INTERVAL_NANOS = 500_000_000L;

    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;
    private boolean printed;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    @Override
    public void blockChecked(long height, long transactionsSoFar) {
        long now = System.nanoTime();
        if (now - startNanos < QUIET_NANOS || now - lastPrintNanos < INTERVAL_NANOS) {
            return;
        }
        lastPrintNanos = now;
        printed = true;
        double seconds = (now - startNanos) / 1e9;
        err.printf("\raudit: height %d, %d transactions, %.0f tx/s, %.0f s   ", height, transactionsSoFar,
                transactionsSoFar / seconds, seconds);
        err.flush();
    }

    /** Ends the line if one was printed. */
    void finish() {
        if (printed) {
            err.println();
        }
    }
}
