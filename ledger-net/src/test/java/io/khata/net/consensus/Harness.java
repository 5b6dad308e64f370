package io.khata.net.consensus;

import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validator's state machine among four ({@code bank-0 .. bank-3}, power 1 each, so 2f+1 = 3
 * and f+1 = 2), with helpers to sign the others' messages and read the effects. At height 1
 * the proposer of round r is {@code bank-((1 + r) mod 4)}: bank-1, bank-2, bank-3, bank-0.
 */
final class Harness {
    static final String CHAIN = "khata-test";
    static final Timeouts TIMEOUTS = new Timeouts(300, 200, 200, 100, 1_000, 500, 1_000);
    /** 2026-01-01T00:00:00Z: the clock the harness hands in, and the time of the others' votes. */
    static final long TIME_MILLIS = 1_767_225_600_000L;

    final Map<String, KeyPair> keys = new LinkedHashMap<>();
    final ValidatorSet validators;
    final String self;
    Consensus consensus;
    List<Effect> effects = new ArrayList<>();
    /** The shell's clock reading passed with every event; tests move it. */
    long nowMillis = TIME_MILLIS;

    Harness(String self) {
        this(self, SignState.NONE, Consensus::new);
    }

    interface Factory {
        Consensus create(ConsensusConfig config, ValidatorSet validators, long committedHeight, SignState restored);
    }

    Harness(String self, SignState restored, Factory factory) {
        List<Validator> list = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "bank-" + i;
            KeyPair key = KeyPair.fromSeed(Sha256.hash(("harness/" + id).getBytes(StandardCharsets.UTF_8)).toByteArray());
            keys.put(id, key);
            list.add(new Validator(id, key.publicKey(), 1));
        }
        this.validators = new ValidatorSet(list);
        this.self = self;
        this.consensus = factory.create(ConsensusConfig.of(CHAIN, self, keys.get(self), TIMEOUTS), validators, 0, restored);
        this.effects = consensus.start(null, nowMillis);
    }

    static Block block(long height, String tag) {
        Hash tagHash = Sha256.hash(tag.getBytes(StandardCharsets.UTF_8));
        BlockHeader header = new BlockHeader(CHAIN, height, Hash.ZERO, 1_000 + tag.hashCode(), "bank-1", tagHash, tagHash,
                Commit.NONE_HASH, Hash.ZERO, Hash.ZERO, Hash.ZERO);
        return BlockCodec.assemble(header, List.of(), null, List.of());
    }

    List<Effect> on(Event event) {
        effects = consensus.on(event, nowMillis);
        return effects;
    }

    Proposal proposal(long height, int round, int validRound, Block block) {
        String proposer = Proposers.proposer(validators, height, round);
        return Proposal.sign(CHAIN, height, round, validRound, block, proposer, keys.get(proposer));
    }

    /** Delivers the round's proposal and says the ledger found its block valid (or not). */
    List<Effect> propose(long height, int round, int validRound, Block block, boolean valid) {
        List<Effect> all = new ArrayList<>(on(new Event.Received(new Message.OfProposal(proposal(height, round, validRound, block)))));
        all.addAll(on(new Event.BlockValidated(height, block.hash(), valid)));
        effects = all;
        return all;
    }

    Vote vote(String validator, VoteType type, long height, int round, Hash blockHash) {
        return Vote.sign(type, CHAIN, height, round, blockHash, nowMillis, validator, keys.get(validator));
    }

    List<Effect> receive(Vote vote) {
        return on(new Event.Received(new Message.OfVote(vote)));
    }

    /** Votes of the given validators, delivered one by one; the effects of all of them. */
    List<Effect> votes(VoteType type, long height, int round, Hash blockHash, String... validators) {
        List<Effect> all = new ArrayList<>();
        for (String validator : validators) {
            all.addAll(receive(vote(validator, type, height, round, blockHash)));
        }
        effects = all;
        return all;
    }

    static List<Vote> broadcastVotes(List<Effect> effects, VoteType type) {
        List<Vote> votes = new ArrayList<>();
        for (Effect effect : effects) {
            if (effect instanceof Effect.Broadcast broadcast && broadcast.message() instanceof Message.OfVote vote
                    && vote.vote().type() == type) {
                votes.add(vote.vote());
            }
        }
        return votes;
    }

    static <T extends Effect> List<T> of(List<Effect> effects, Class<T> kind) {
        List<T> found = new ArrayList<>();
        for (Effect effect : effects) {
            if (kind.isInstance(effect)) {
                found.add(kind.cast(effect));
            }
        }
        return found;
    }
}
