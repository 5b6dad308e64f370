package io.khata.net.consensus;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Signature;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signature-checked messages for heights after the current one, kept until this node gets
 * there, and the highest height each validator was seen at (how this node learns it is
 * behind).
 *
 * <p>Bounds, since a Byzantine validator can sign as many messages for later heights as it
 * likes: a copy of a message already held is recognised by its identity (for a proposal the
 * signed fields and the block hash, for a vote the vote) and dropped, and {@link #holds} lets
 * the caller drop it before checking its signature; then {@code messagesMax} messages and
 * {@code bytesMax} bytes in all, and {@code bytesPerSenderMax} bytes per signer. A message over
 * its signer's share is refused (the signer re-sends while it stays in that round). One over the
 * total evicts the oldest message of the signer holding the most bytes, unless that is the new
 * message's own signer, so a validator within its share always gets in.
 */
final class FutureMessages {
    /** What a vote is taken to cost; proposals are counted by their transactions' bytes. */
    static final long VOTE_BYTES = 256;
    private static final long PROPOSAL_OVERHEAD_BYTES = 1024;

    private record ProposalIdentity(long height, int round, int validRound, String proposer, Hash block,
                                    Signature signature) {
    }

    private record Held(Message message, long bytes) {
    }

    private final int messagesMax;
    private final long bytesPerSenderMax;
    private final long bytesMax;
    private final LinkedHashMap<Object, Held> held = new LinkedHashMap<>();
    private final Map<String, Long> bytesBySender = new HashMap<>();
    private final Map<String, Long> highestHeightSeen = new HashMap<>();
    private long bytes;

    FutureMessages(int messagesMax, long bytesPerSenderMax, long bytesMax) {
        this.messagesMax = messagesMax;
        this.bytesPerSenderMax = bytesPerSenderMax;
        this.bytesMax = bytesMax;
    }

    void noteSeen(String validator, long height) {
        highestHeightSeen.merge(validator, height, Math::max);
    }

    /** True if this very message is held already: a copy, to be dropped unchecked. */
    boolean holds(Message message) {
        return held.containsKey(identity(message));
    }

    /** Keeps {@code message}; empty if kept or already held, else why it was refused. */
    Optional<Rejection> add(Message message) {
        Object identity = identity(message);
        if (held.containsKey(identity)) {
            return Optional.empty();
        }
        long size = bytesOf(message);
        String sender = message.sender();
        long senderBytes = bytesBySender.getOrDefault(sender, 0L);
        if (senderBytes + size > bytesPerSenderMax) {
            return Optional.of(new Rejection.TooLarge("messages buffered from " + sender, senderBytes + size,
                    bytesPerSenderMax));
        }
        while (held.size() >= messagesMax || bytes + size > bytesMax) {
            if (!evictFromLargestSenderOtherThan(sender, senderBytes + size)) {
                return Optional.of(new Rejection.TooMany("buffered future messages", held.size() + 1L, messagesMax));
            }
        }
        held.put(identity, new Held(message, size));
        bytesBySender.put(sender, senderBytes + size);
        bytes += size;
        return Optional.empty();
    }

    private boolean evictFromLargestSenderOtherThan(String sender, long senderBytesAfter) {
        String largest = null;
        long largestBytes = 0;
        for (Map.Entry<String, Long> entry : bytesBySender.entrySet()) {
            if (!entry.getKey().equals(sender) && entry.getValue() > largestBytes) {
                largest = entry.getKey();
                largestBytes = entry.getValue();
            }
        }
        if (largest == null || largestBytes <= senderBytesAfter) {
            return false;
        }
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held candidate = it.next();
            if (candidate.message().sender().equals(largest)) {
                it.remove();
                forget(candidate);
                return true;
            }
        }
        throw new IllegalStateException("bytes counted for " + largest + " but no message of it held");
    }

    private void forget(Held gone) {
        String sender = gone.message().sender();
        long left = bytesBySender.get(sender) - gone.bytes();
        if (left == 0) {
            bytesBySender.remove(sender);
        } else {
            bytesBySender.put(sender, left);
        }
        bytes -= gone.bytes();
    }

    /** Removes and returns the messages of {@code height}, in arrival order, dropping those of earlier heights. */
    List<Message> take(long height) {
        List<Message> taken = new ArrayList<>();
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held candidate = it.next();
            long at = candidate.message().height();
            if (at <= height) {
                it.remove();
                forget(candidate);
                if (at == height) {
                    taken.add(candidate.message());
                }
            }
        }
        return taken;
    }

    /** The voting power of validators seen at a height above {@code height}. */
    long powerAbove(long height, ValidatorSet validators) {
        long power = 0;
        for (Map.Entry<String, Long> entry : highestHeightSeen.entrySet()) {
            if (entry.getValue() > height && validators.contains(entry.getKey())) {
                power += validators.get(entry.getKey()).power();
            }
        }
        return power;
    }

    int size() {
        return held.size();
    }

    long bytes() {
        return bytes;
    }

    private static Object identity(Message message) {
        if (message instanceof Message.OfProposal proposal) {
            Proposal p = proposal.proposal();
            return new ProposalIdentity(p.height(), p.round(), p.validRound(), p.proposer(), p.blockHash(), p.signature());
        }
        return message;
    }

    /** What a message costs against the bounds: its transactions' encoded bytes plus a fixed overhead. */
    static long bytesOf(Message message) {
        if (!(message instanceof Message.OfProposal proposal)) {
            return VOTE_BYTES;
        }
        Block block = proposal.proposal().block();
        long size = PROPOSAL_OVERHEAD_BYTES + VOTE_BYTES * (block.evidence().size() * 2L
                + (block.lastCommit() == null ? 0 : block.lastCommit().signatures().size()));
        for (Transaction tx : block.transactions()) {
            size += tx.encodedSize();
        }
        return size;
    }
}
