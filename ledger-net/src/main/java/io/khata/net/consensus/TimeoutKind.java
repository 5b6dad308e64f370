package io.khata.net.consensus;

/**
 * What a scheduled timeout is for. The first three are the timeouts of Algorithm 1; the
 * last two are housekeeping timers of this implementation: re-sending this validator's own
 * signed messages (the paper assumes gossip eventually delivers every message; a lossy
 * network needs the sender to repeat itself) and asking for block sync when validators with
 * more than 1/3 of the power are seen at a higher height.
 */
public enum TimeoutKind {
    PROPOSE,
    PREVOTE,
    PRECOMMIT,
    GOSSIP,
    SYNC
}
