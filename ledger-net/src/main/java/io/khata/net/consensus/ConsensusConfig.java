package io.khata.net.consensus;

import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.KeyPair;

/**
 * One validator's consensus settings. Every bound here limits what peers can make the state
 * machine hold; what is over a bound is dropped as a value (see {@link Effect.Dropped}).
 *
 * @param chainId             signed into every proposal and vote
 * @param validatorId         this node's member id, or null for a node that only follows
 * @param key                 this validator's signing key, or null for a node that only follows
 * @param roundsAheadMax      messages for the current height more than this many rounds ahead
 *                            of the current round are dropped (bounds the per-round vote sets a
 *                            Byzantine validator can make this node allocate)
 * @param heightsAheadMax     messages up to this many heights ahead are buffered; further ones
 *                            only tell this node it is behind
 * @param futureMessagesMax   messages buffered for later heights, in all
 * @param evidencePendingMax  equivocations kept for the next proposal
 * @param futureBytesPerSenderMax bytes of messages buffered for later heights from one signer
 *                            (default one largest block and 1 MiB of votes)
 * @param futureBytesMax      bytes of messages buffered for later heights, in all (default twice that)
 * @param verifier            checks the signatures of proposals and votes
 * @param quorumRule          how votes become a quorum: always {@link QuorumRule#PROTOCOL} but in
 *                            the simulator's deliberately broken variants
 */
public record ConsensusConfig(String chainId, String validatorId, KeyPair key, Timeouts timeouts,
                              int roundsAheadMax, int heightsAheadMax, int futureMessagesMax,
                              int evidencePendingMax, SignatureVerifier verifier, long futureBytesPerSenderMax,
                              long futureBytesMax, QuorumRule quorumRule) {

    public ConsensusConfig {
        if ((validatorId == null) != (key == null)) {
            throw new IllegalArgumentException("a validator needs both an id and a key");
        }
        if (roundsAheadMax <= 0 || heightsAheadMax <= 0 || futureMessagesMax <= 0 || evidencePendingMax <= 0
                || futureBytesPerSenderMax <= 0 || futureBytesMax < futureBytesPerSenderMax) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        java.util.Objects.requireNonNull(quorumRule, "quorumRule");
    }

    /**
     * Defaults: 100 rounds ahead, 2 heights ahead, 10,000 buffered messages, 100 pending evidence,
     * and buffered bytes for blocks of {@link io.khata.core.Limits#DEFAULT}.
     */
    public static ConsensusConfig of(String chainId, String validatorId, KeyPair key, Timeouts timeouts) {
        return new ConsensusConfig(chainId, validatorId, key, timeouts, 100, 2, 10_000, 100, Ed25519::verify, 1, 1, QuorumRule.PROTOCOL)
                .withFutureBytesMax(io.khata.core.Limits.DEFAULT.blockBytesMax());
    }

    public ConsensusConfig withVerifier(SignatureVerifier replacement) {
        return new ConsensusConfig(chainId, validatorId, key, timeouts, roundsAheadMax, heightsAheadMax,
                futureMessagesMax, evidencePendingMax, replacement, futureBytesPerSenderMax, futureBytesMax, quorumRule);
    }

    /** Sizes the future-height buffer for blocks of at most {@code blockBytesMax}: see the parameters above. */
    public ConsensusConfig withFutureBytesMax(int blockBytesMax) {
        long perSender = blockBytesMax + 1024L * 1024;
        return new ConsensusConfig(chainId, validatorId, key, timeouts, roundsAheadMax, heightsAheadMax,
                futureMessagesMax, evidencePendingMax, verifier, perSender, 2 * perSender, quorumRule);
    }

    /** Another quorum rule: only the simulator's deliberately broken variants use one. */
    public ConsensusConfig withQuorumRule(QuorumRule replacement) {
        return new ConsensusConfig(chainId, validatorId, key, timeouts, roundsAheadMax, heightsAheadMax,
                futureMessagesMax, evidencePendingMax, verifier, futureBytesPerSenderMax, futureBytesMax, replacement);
    }
}
