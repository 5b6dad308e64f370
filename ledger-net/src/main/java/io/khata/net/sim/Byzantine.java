package io.khata.net.sim;

import io.khata.core.block.Block;
import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;
import io.khata.net.consensus.Message;
import io.khata.net.node.ConsensusShell;
import io.khata.net.consensus.Proposal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a Byzantine validator does to the messages its (honest) state machine produces:
 * conflicting votes to different peers (nil, or a block nobody proposed), a second proposal
 * with a fresh block to half the network (which also drops any valid value the honest
 * proposal carried), and noise: garbage bytes, votes from a non-validator, votes under another
 * validator's name, proposals out of turn. Every conflicting pair is also sent, both halves,
 * to one witness, so that honest nodes can see the equivocation.
 */
final class Byzantine {
    private final Simulation sim;
    private final SplittableRandom random;
    final double voteEquivocation;
    final double proposalEquivocation;
    final double noise;

    Byzantine(Simulation sim, SplittableRandom random) {
        this.sim = sim;
        this.random = random;
        this.voteEquivocation = 0.2 + random.nextDouble() * 0.6;
        this.proposalEquivocation = 0.3 + random.nextDouble() * 0.7;
        this.noise = random.nextDouble() * 0.3;
    }

    void broadcast(SimNode node, Message message) {
        Message other = null;
        if (message instanceof Message.OfVote vote && random.nextDouble() < voteEquivocation) {
            other = new Message.OfVote(conflictingVote(node, vote.vote()));
        } else if (message instanceof Message.OfProposal proposal && random.nextDouble() < proposalEquivocation) {
            other = secondProposal(node, proposal.proposal());
        }
        if (other == null) {
            sim.sendToAll(node.index, packet(message));
        } else {
            split(node, message, other);
            sim.stats.equivocationsInjected++;
        }
        if (random.nextDouble() < noise) {
            sendNoise(node, message);
        }
    }

    private void split(SimNode node, Message first, Message second) {
        int witness = sim.randomPeer(node.index);
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
            }
        }
    }

    private Vote conflictingVote(SimNode node, Vote vote) {
        Hash other = vote.blockHash() != null && random.nextBoolean() ? null : randomHash();
        return Vote.sign(vote.type(), SimFixture.CHAIN_ID, vote.height(), vote.round(), other, node.id, node.key);
    }

    private Message secondProposal(SimNode node, Proposal proposal) {
        if (node.ledger.height() + 1 != proposal.height()) {
            return null;
        }
        Block fresh = node.ledger.build(proposal.height(), sim.now + 1 + random.nextLong(1_000), node.id, List.of(),
                List.of());
        if (fresh.hash().equals(proposal.blockHash())) {
            return null;
        }
        return new Message.OfProposal(Proposal.sign(SimFixture.CHAIN_ID, proposal.height(), proposal.round(), -1, fresh,
                node.id, node.key));
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
                        SimFixture.CHAIN_ID, height, round, randomHash(), "outsider", sim.fixture.outsiderKey))));
                break;
            case 2: {
                String victim = sim.nodes.get(peer).id;
                sim.send(node.index, peer, packet(new Message.OfVote(Vote.sign(io.khata.core.block.VoteType.PRECOMMIT,
                        SimFixture.CHAIN_ID, height, round, randomHash(), victim, node.key))));
                break;
            }
            case 3:
                sim.send(node.index, peer, packet(new Message.OfVote(Vote.sign(io.khata.core.block.VoteType.PREVOTE,
                        SimFixture.CHAIN_ID, height, round + 1_000_000, null, node.id, node.key))));
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
