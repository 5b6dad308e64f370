package io.khata.net.consensus;

/**
 * The step of a round, in the order a validator passes through them ({@code step_p} of
 * Algorithm 1). The order also orders signatures within a round: a proposal is signed at
 * {@link #PROPOSE}, a prevote at {@link #PREVOTE}, a precommit at {@link #PRECOMMIT}.
 */
public enum Step {
    PROPOSE,
    PREVOTE,
    PRECOMMIT;

    public boolean atLeast(Step other) {
        return compareTo(other) >= 0;
    }
}
