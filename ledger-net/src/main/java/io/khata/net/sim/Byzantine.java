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
    /** The chance a precommit for a block goes to one peer only. */
    final double withhold;
    /** What a misbehaving validator's clock says: 0 far past, 1 the end of {@code long}, 2 a year ahead. */
    private final int clockMode;
    /** Per Byzantine tick: the chance a locked Byzantine validator forgets its lock ({@link Fault#AMNESIA}), or floods. */
    final double amnesia;
    final double flood;
    /** The chance a Byzantine proposal is replaced by an extreme one ({@link Fault#EXTREME_BLOCKS}). */
    final double extreme;
    /** Packets the Byzantine validators sent or received lately, replayed by {@link Fault#FLOOD}. */
    private final java.util.ArrayList<byte[]> recent = new java.util.ArrayList<>();
    private int recentNext;
    private static final int RECENT_MAX = 256;
    private static final int RECENT_BYTES_MAX = 16 * 1024;
    private static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;

    Byzantine(Simulation sim, SplittableRandom random) {
        this.sim = sim;
        this.random = random;
        this.voteEquivocation = 0.2 + random.nextDouble() * 0.6;
        this.proposalEquivocation = 0.3 + random.nextDouble() * 0.7;
        this.noise = random.nextDouble() * 0.3;
        this.clockMode = random.nextInt(3);
        this.amnesia = random.nextDouble() * 0.3;
        this.flood = 0.2 + random.nextDouble() * 0.5;
        this.extreme = random.nextDouble() * 0.5;
        this.withhold = random.nextDouble() * 0.8;
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
    /** The block of the first proposal a Byzantine validator received, by height and round; the last few heights only. */
    private final java.util.TreeMap<Long, java.util.Map<Integer, Hash>> proposedBlocks = new java.util.TreeMap<>();
    private static final int PROPOSED_HEIGHTS_KEPT = 4;

    /** A proposal reached a Byzantine validator: its block is a competitor to vote for. */
    void sawProposal(Proposal proposal) {
        proposedBlocks.computeIfAbsent(proposal.height(), h -> new java.util.HashMap<>())
                .putIfAbsent(proposal.round(), proposal.blockHash());
        while (proposedBlocks.size() > PROPOSED_HEIGHTS_KEPT) {
            proposedBlocks.pollFirstEntry();
        }
    }

    void broadcast(SimNode node, Message message) {
        if (sim.options.has(Fault.FLOOD)) {
            remember(packet(message));
        }
        if (message instanceof Message.OfProposal proposal && sim.options.has(Fault.EXTREME_BLOCKS)
                && random.nextDouble() < extreme) {
            sim.sendToAll(node.index, extremeProposal(node, proposal.proposal()));
            sim.stats.extremeBlocks++;
        } else if (message instanceof Message.OfVote vote && random.nextDouble() < voteEquivocation) {
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
        } else if (message instanceof Message.OfVote vote && vote.vote().type() == io.khata.core.block.VoteType.PRECOMMIT
                && vote.vote().blockHash() != null && random.nextDouble() < withhold) {
            // A precommit for a block to one peer only: that peer may decide while the others move
            // on to the next round, where a validator that ignores its lock can decide another block.
            sim.send(node.index, sim.randomPeer(node.index), packet(message));
            sim.stats.precommitsWithheld++;
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

    /**
     * A vote that conflicts with {@code vote}: for the block proposed in that round when one
     * was seen and differs (a real, valid competitor, which can gather a quorum where honest
     * validators ignore their lock), else nil or a block nobody proposed.
     */
    private Vote conflictingVote(SimNode node, Vote vote) {
        Hash proposed = proposedBlocks.getOrDefault(vote.height(), java.util.Map.of()).get(vote.round());
        Hash other = proposed != null && !proposed.equals(vote.blockHash()) && random.nextInt(4) != 0 ? proposed
                : vote.blockHash() != null && random.nextBoolean() ? null : randomHash();
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

    /**
     * The proposer's block made extreme, signed by it: its time 0 or a year ahead of the honest
     * clocks (BFT time makes either invalid), or the block grown over the simulated nodes' block
     * size limit (repeating its first transaction, or with an unknown field's padding when it
     * has none), which honest nodes refuse before decoding it.
     */
    private byte[] extremeProposal(SimNode node, Proposal proposal) {
        Block block = proposal.block();
        int kind = random.nextInt(3);
        if (kind < 2) {
            long time = kind == 0 ? 0 : sim.fixture.genesis.genesisTimeMillis() + sim.now + YEAR_MILLIS;
            return packet(new Message.OfProposal(Proposal.sign(SimFixture.CHAIN_ID, proposal.height(), proposal.round(),
                    proposal.validRound(), restamped(block, time), node.id, node.key)));
        }
        io.khata.proto.Envelope.Builder envelope = ConsensusShell.envelope(new Message.OfProposal(proposal)).toBuilder();
        io.khata.proto.Block.Builder wire = envelope.getProposalBuilder().getBlockBuilder();
        if (wire.getTxsCount() > 0) {
            com.google.protobuf.ByteString first = wire.getTxs(0);
            while (wire.build().getSerializedSize() <= Simulation.LIMITS.blockBytesMax()) {
                for (int i = 0; i < 64; i++) {
                    wire.addTxs(first);
                }
            }
        } else {
            wire.setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder().addField(1_000,
                    com.google.protobuf.UnknownFieldSet.Field.newBuilder().addLengthDelimited(
                            com.google.protobuf.ByteString.copyFrom(new byte[Simulation.LIMITS.blockBytesMax() + 1]))
                            .build()).build());
        }
        return envelope.build().toByteArray();
    }

    /**
     * A lying answer to a block request ({@link Fault#SYNC_LIES}), built from this validator's
     * ledger: the first block swapped for another with the same commit, the first commit cut to
     * one signature, the answer's bytes truncated, or the blocks of other heights than asked.
     */
    void lieAboutBlocks(SimNode node, int to, io.khata.proto.BlockRequest request) {
        long head = node.ledger.height();
        long from = request.getFromHeight();
        int kind = random.nextInt(4);
        if (kind == 3) {
            from = Math.max(1, from + (random.nextBoolean() ? 1 : -1));
        }
        if (from < 1 || from > head) {
            return;
        }
        long last = Math.min(head, from + Math.min(Math.max(request.getCount(), 1), 32) - 1);
        io.khata.proto.BlockResponse.Builder response = io.khata.proto.BlockResponse.newBuilder();
        for (long height = from; height <= last; height++) {
            Block block = node.ledger.block(height).orElseThrow();
            io.khata.core.block.Commit commit = node.ledger.commit(height).orElseThrow();
            response.addBlocks(io.khata.proto.BlockWithCommit.newBuilder().setBlock(BlockCodec.toWire(block))
                    .setCommit(io.khata.core.block.VoteCodec.toWire(commit)));
        }
        io.khata.proto.BlockWithCommit.Builder first = response.getBlocksBuilder(0);
        if (kind == 0) {
            Block block = node.ledger.block(from).orElseThrow();
            first.setBlock(BlockCodec.toWire(restamped(block, block.header().timeMillis() + 1)));
        } else if (kind == 1 && first.getCommit().getSignaturesCount() > 1) {
            io.khata.proto.CommitSig kept = first.getCommit().getSignatures(0);
            first.setCommit(first.getCommit().toBuilder().clearSignatures().addSignatures(kept));
        }
        byte[] bytes = io.khata.proto.Envelope.newBuilder().setBlockResponse(response).build().toByteArray();
        if (kind == 2) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        }
        sim.stats.syncLies++;
        sim.send(node.index, to, bytes);
    }

    /** Keeps a packet a Byzantine validator sent or received, for {@link #flood}; large ones (blocks over the limit) are not kept. */
    void remember(byte[] bytes) {
        if (bytes.length > RECENT_BYTES_MAX) {
            return;
        }
        if (recent.size() < RECENT_MAX) {
            recent.add(bytes);
        } else {
            recent.set(recentNext, bytes);
            recentNext = (recentNext + 1) % RECENT_MAX;
        }
    }

    /** A burst of old packets, each to a peer drawn at random ({@link Fault#FLOOD}). */
    void flood(SimNode node) {
        if (recent.isEmpty()) {
            return;
        }
        int burst = 10 + random.nextInt(50);
        for (int i = 0; i < burst; i++) {
            sim.send(node.index, sim.randomPeer(node.index), recent.get(random.nextInt(recent.size())));
        }
        sim.stats.flooded += burst;
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
