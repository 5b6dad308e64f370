package io.khata.net.node;

/**
 * Whether a node can serve its clients now, and if not why: {@code /health/ready} answers 200 or
 * 503 from it. Ready means connected (itself included) to more than two thirds of the voting power
 * in force, so blocks can be committed and submissions reach validators, not behind the
 * heights its peers report, and healthy (a node whose consensus or storage failed is never ready).
 *
 * @param reason empty when ready; otherwise one sentence for an operator
 */
public record Readiness(boolean ready, String reason, long height, long connectedPower, long totalPower) {
    /** For a node that has nothing to check (a test node without peers): always ready. */
    public static Readiness unchecked() {
        return new Readiness(true, "", 0, 0, 0);
    }
}
