package io.khata.net.consensus;

/**
 * How long each timeout waits, in milliseconds of whatever clock the shell uses.
 *
 * <p>Round timeouts grow linearly, {@code base + round * delta}, as in the paper's
 * {@code timeoutX(r) = initTimeoutX + r * timeoutDelta}, and stop growing at {@code roundMillisMax}.
 * Linear growth with a cap, never doubling: after a long outage the rounds reached are high,
 * and a chain must still make progress within one capped timeout once a quorum is back.
 *
 * @param proposeMillis      timeoutPropose in round 0
 * @param prevoteMillis      timeoutPrevote in round 0
 * @param precommitMillis    timeoutPrecommit in round 0
 * @param deltaMillis        added per round to each of the three
 * @param roundMillisMax     cap on any of the three
 * @param gossipMillis       interval between re-sends of this validator's own messages
 * @param syncMillis         wait before asking for block sync once peers are seen ahead
 */
public record Timeouts(long proposeMillis, long prevoteMillis, long precommitMillis, long deltaMillis,
                       long roundMillisMax, long gossipMillis, long syncMillis) {

    public static final Timeouts DEFAULT = new Timeouts(1_000, 500, 500, 250, 10_000, 1_000, 2_000);

    public Timeouts {
        if (proposeMillis <= 0 || prevoteMillis <= 0 || precommitMillis <= 0 || deltaMillis < 0
                || roundMillisMax <= 0 || gossipMillis <= 0 || syncMillis <= 0) {
            throw new IllegalArgumentException("timeouts must be positive: " + this);
        }
    }

    public long delayMillis(TimeoutKind kind, int round) {
        switch (kind) {
            case PROPOSE:
                return grow(proposeMillis, round);
            case PREVOTE:
                return grow(prevoteMillis, round);
            case PRECOMMIT:
                return grow(precommitMillis, round);
            case GOSSIP:
                return gossipMillis;
            case SYNC:
                return syncMillis;
            default:
                throw new IllegalStateException("unknown timeout kind " + kind);
        }
    }

    private long grow(long base, int round) {
        long grown = base + (long) round * deltaMillis;
        return Math.min(grown, Math.max(base, roundMillisMax));
    }
}
