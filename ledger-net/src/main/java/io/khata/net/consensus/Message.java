package io.khata.net.consensus;

import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;

/**
 * What validators send each other: a proposal, a vote, or evidence of an equivocation
 * forwarded so that every validator, not only the one that saw both votes, can put it in a
 * block it proposes.
 */
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

    /**
     * Two conflicting votes of one validator, forwarded by whoever found them. Its height,
     * round and sender are those of the offence: the offender signed both votes.
     */
    record OfEvidence(Evidence evidence) implements Message {
        public long height() {
            return evidence.height();
        }

        public int round() {
            return evidence.first().round();
        }

        public String sender() {
            return evidence.validator();
        }
    }
}
