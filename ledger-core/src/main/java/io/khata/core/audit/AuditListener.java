package io.khata.core.audit;

/** Told after each block that passed its checks; for a progress line. Runs on the auditing thread. */
@FunctionalInterface
public interface AuditListener {
    AuditListener NONE = (height, transactions) -> { };

    void blockChecked(long height, long transactionsSoFar);
}
