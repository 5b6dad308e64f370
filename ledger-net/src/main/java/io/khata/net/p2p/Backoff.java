package io.khata.net.p2p;

/**
 * Capped exponential backoff for redialing a peer: the delay doubles with each failed attempt
 * from {@code min} up to {@code max}, and is spread by up to 20% either way (then capped
 * again) so that nodes that lost a peer together do not all redial it in the same instant.
 */
final class Backoff {
    private static final int DOUBLINGS_MAX = 30;

    private Backoff() {
    }

    /**
     * @param attempt 0 for the first redial after a loss
     * @param unitRandom a number in [0, 1) that picks the jitter
     */
    static long delayMillis(int attempt, long minMillis, long maxMillis, double unitRandom) {
        if (attempt < 0 || minMillis <= 0 || maxMillis < minMillis || unitRandom < 0 || unitRandom >= 1) {
            throw new IllegalArgumentException(
                    "attempt " + attempt + ", min " + minMillis + ", max " + maxMillis + ", random " + unitRandom);
        }
        int doublings = Math.min(attempt, DOUBLINGS_MAX);
        long base = minMillis > (maxMillis >> doublings) ? maxMillis : minMillis << doublings;
        long jittered = Math.round(base * (0.8 + 0.4 * unitRandom));
        return Math.max(1, Math.min(maxMillis, jittered));
    }
}
