package io.khata.core.block;

import io.khata.core.crypto.DomainTag;

/** The two kinds of Tendermint vote, each signed under its own domain tag. */
public enum VoteType {
    PREVOTE(DomainTag.PREVOTE),
    PRECOMMIT(DomainTag.PRECOMMIT);

    private final DomainTag tag;

    VoteType(DomainTag tag) {
        this.tag = tag;
    }

    public DomainTag tag() {
        return tag;
    }
}
