package io.khata.core.audit;

/**
 * The first thing that does not hold: at which height (0 for the bundle as a whole), which
 * check, and why, with the facts.
 */
public record AuditFailure(long height, AuditCheck check, String reason) {

    public String message() {
        return (height > 0 ? "height " + height + ": " : "") + check.code() + ": " + reason;
    }
}
