package io.khata.net.sim;

import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;
import io.khata.net.consensus.Message;
import io.khata.net.node.ConsensusShell;
import io.khata.net.consensus.Proposal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a Byzantine validator does to the messages its (honest) state machine produces:
 * a second proposal with a fresh valid block to half the network (which also drops any valid
 * value the honest proposal carried); conflicting votes to different peers: where a Byzantine
 * proposer split the round, the Byzantine validators (who collude) vote for the block each
 * peer was shown, so both real blocks gather votes, and elsewhere nil or a block nobody
 * proposed; and noise: garbage bytes, votes from a non-validator, votes under another
 * validator's name, proposals out of turn. Every conflicting pair is also sent, both halves,
 * to one witness, so that honest nodes can see the equivocation.
 */
final class Byzantine {
    private final Simulation sim;
    private final SplittableRandom random;
    final double voteEquivocation;
    final double proposalEquivocation;
    final double noise;
    /** What a misbehaving validator's clock says: 0 far past, 1 the end of {@code long}, 2 a year ahead. */
    private final int clockMode;

    Byzantine(Simulation sim, SplittableRandom random) {
        this.sim = sim;
        this.random = random;
        this.voteEquivocation = 0.2 + random.nextDouble() * 0.6;
        this.proposalEquivocation = 0.3 + random.nextDouble() * 0.7;
        this.noise = random.nextDouble() * 0.3;
        this.clockMode = random.nextInt(3);
    }

    /** The hostile clock reading stamped on a misbehaving validator's votes, given the honest one. */
    long clockMillis(long honestMillis) {
        switch (clockMode) {
            case 0:
                return 0;
            case 1:
                return Long.MAX_VALUE;
            default:
                return honestMillis + 365L * 24 * 3600 * 1000;
        }
    }

    /**
     * A proposal split between two blocks at one height and round: which peers were sent the
     * second block. The Byzantine validators collude: each then votes for the block each peer
     * was shown, so both blocks gather votes (the second may be one that BFT time makes invalid:
     * honest validators must refuse it).
     */
    private record Split(Hash first, Hash second, boolean[] sawSecond) {
    }

    private final java.util.Map<String, Split> splits = new java.util.HashMap<>();

    void broadcast(SimNode node, Message message) {
        if (message instanceof Message.OfVote vote && random.nextDouble() < voteEquivocation) {
            Split split = splits.get(vote.vote().height() + "/" + vote.vote().round());
            if (split != null) {
                voteForBoth(node, vote.vote(), split);
            } else {
                split(node, message, new Message.OfVote(conflictingVote(node, vote.vote())));
            }
            sim.stats.equivocationsInjected++;
        } else if (message instanceof Message.OfProposal proposal && random.nextDouble() < proposalEquivocation
                && secondProposal(node, proposal.proposal()) instanceof Message.OfProposal second) {
            boolean[] sawSecond = split(node, message, second);
            splits.put(proposal.height() + "/" + proposal.round(),
                    new Split(proposal.proposal().blockHash(), second.proposal().blockHash(), sawSecond));
            sim.stats.equivocationsInjected++;
        } else {
            sim.sendToAll(node.index, packet(message));
        }
        if (random.nextDouble() < noise) {
            sendNoise(node, message);
        }
    }

    /** Sends each peer one of the two messages at random, and one witness both. Returns who got the second. */
    private boolean[] split(SimNode node, Message first, Message second) {
        int witness = sim.randomPeer(node.index);
        boolean[] gotSecond = new boolean[sim.nodes.size()];
        for (int peer = 0; peer < sim.nodes.size(); peer++) {
            if (peer == node.index) {
                continue;
            }
            boolean both = peer == witness;
            boolean firstHalf = random.nextBoolean();
            if (both || firstHalf) {
                sim.send(node.index, peer, packet(first));
            }
            if (both || !firstHalf) {
                sim.send(node.index, peer, packet(second));
                gotSecond[peer] = !firstHalf;
            }
        }
        return gotSecond;
    }

    /**
     * A vote at a height and round where a Byzantine proposer showed two blocks: each peer gets
     * a vote for the block it was shown (a real, valid block either way), and one witness both.
     */
    private void voteForBoth(SimNode node, Vote vote, Split split) {
        Vote forFirst = Vote.sign(vote.type(), SimFixture.CHAIN_ID, vote.height(), vote.round(), split.first(),
                vote.timeMillis(), node.id, node.key);
        Vote forSecond = Vote.sign(vote.type(), SimFixture.CHAIN_ID, vote.height(), vote.round(), split.second(),
                vote.timeMillis(), node.id, node.key);
        int witness = sim.randomPeer(node.index);
        for (int peer = 0; peer < sim.nodes.size(); peer++) {
            if (peer == node.index) {
                continue;
            }
            if (peer == witness || !split.sawSecond()[peer]) {
                sim.send(node.index, peer, packet(new Message.OfVote(forFirst)));
            }
            if (peer == witness || split.sawSecond()[peer]) {
                sim.send(node.index, peer, packet(new Message.OfVote(forSecond)));
            }
        }
    }

    private Vote conflictingVote(SimNode node, Vote vote) {
        Hash other = vote.blockHash() != null && random.nextBoolean() ? null : randomHash();
        return Vote.sign(vote.type(), SimFixture.CHAIN_ID, vote.height(), vote.round(), other, vote.timeMillis(), node.id,
                node.key);
    }

    /**
     * A second block for the same height and round: an empty one without evidence when the honest
     * proposal carried something (a valid block: the equivocation can split the votes), else the
     * honest block stamped with a time its last commit does not give (BFT time makes it invalid).
     */
    private Message secondProposal(SimNode node, Proposal proposal) {
        if (node.ledger.height() + 1 != proposal.height()) {
            return null;
        }
        Block fresh = node.ledger.build(proposal.height(), node.id, List.of(), List.of());
        if (fresh.hash().equals(proposal.blockHash())) {
            fresh = restamped(fresh, random.nextBoolean() ? Long.MAX_VALUE : fresh.header().timeMillis() + 1);
        }
        return new Message.OfProposal(Proposal.sign(SimFixture.CHAIN_ID, proposal.height(), proposal.round(), -1, fresh,
                node.id, node.key));
    }

    private static Block restamped(Block block, long timeMillis) {
        BlockHeader h = block.header();
        BlockHeader header = new BlockHeader(h.chainId(), h.height(), h.prevBlockHash(), timeMillis, h.proposer(),
                h.txRoot(), h.stateRoot(), h.lastCommitHash(), h.validatorsHash(), h.evidenceHash(), h.nextValidatorsHash());
        return BlockCodec.assemble(header, block.transactions(), block.lastCommit(), block.evidence());
    }

    private void sendNoise(SimNode node, Message message) {
        int peer = sim.randomPeer(node.index);
        long height = message.height();
        int round = message.round();
        switch (random.nextInt(5)) {
            case 0: {
                byte[] garbage = new byte[random.nextInt(300)];
                random.nextBytes(garbage);
                sim.send(node.index, peer, garbage);
                break;
            }
            case 1:
                sim.send(node.index, peer, packet(new Message.OfVote(Vote.sign(io.khata.core.block.VoteType.PREVOTE,
                        SimFixture.CHAIN_ID, height, round, randomHash(), node.clockMillis(), "outsider",
                        sim.fixture.outsiderKey))));
                break;
            case 2: {
                String victim = sim.nodes.get(peer).id;
                sim.send(node.index, peer, packet(new Message.OfVote(Vote.sign(io.khata.core.block.VoteType.PRECOMMIT,
                        SimFixture.CHAIN_ID, height, round, randomHash(), node.clockMillis(), victim, node.key))));
                break;
            }
            case 3:
                sim.send(node.index, peer, packet(new Message.OfVote(Vote.sign(io.khata.core.block.VoteType.PREVOTE,
                        SimFixture.CHAIN_ID, height, round + 1_000_000, null, node.clockMillis(), node.id,
                        node.key))));
                break;
            default:
                if (message instanceof Message.OfProposal proposal) {
                    sim.send(node.index, peer, packet(new Message.OfProposal(Proposal.sign(SimFixture.CHAIN_ID,
                            height, round + 1, -1, proposal.proposal().block(), node.id, node.key))));
                }
                break;
        }
    }

    private Hash randomHash() {
        byte[] bytes = new byte[Hash.BYTES];
        random.nextBytes(bytes);
        return Hash.of(bytes);
    }

    private static byte[] packet(Message message) {
        return ConsensusShell.envelope(message).toByteArray();
    }
}
