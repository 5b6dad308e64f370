package io.khata.net.consensus;

import io.khata.core.block.Vote;

/** What validators send each other: a proposal or a vote. */
public sealed interface Message {

    long height();

    int round();

    /** The validator that signed it. */
    String sender();

    record OfProposal(Proposal proposal) implements Message {
        public long height() {
            return proposal.height();
        }

        public int round() {
            return proposal.round();
        }

        public String sender() {
            return proposal.proposer();
        }
    }

    record OfVote(Vote vote) implements Message {
        public long height() {
            return vote.height();
        }

        public int round() {
            return vote.round();
        }

        public String sender() {
            return vote.validator();
        }
    }
}
