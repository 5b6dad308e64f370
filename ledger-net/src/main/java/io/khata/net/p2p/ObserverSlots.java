package io.khata.net.p2p;

import io.khata.net.tls.PeerIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The connections of observer nodes, apart from the members': each connected observer holds
 * one slot, at most {@code inAllMax} in all and {@code perMemberMax} for the observers of one
 * member bank. Members are never counted here (each member has its own {@link Peer}, created
 * from the configuration), so observers can neither take a member's place nor, by filling
 * their slots, keep a member out: a full table refuses the next observer, nothing else.
 *
 * <p>An observer's slot holds a {@link Peer} made for it when it connects (it is never dialed)
 * with its own bounded outbound queue. A reconnecting observer (same certificate name) takes
 * back its own slot, the newer connection replacing the older, as a restarted member's does.
 * The slot is freed when its last connection closes. Thread-safe; the lock order is this object,
 * then a {@link Peer}.
 */
final class ObserverSlots {
    private final int inAllMax;
    private final int perMemberMax;
    private final Map<String, Peer> byKey = new HashMap<>();
    private final Map<String, Integer> byMember = new HashMap<>();

    ObserverSlots(int inAllMax, int perMemberMax) {
        this.inAllMax = inAllMax;
        this.perMemberMax = perMemberMax;
    }

    /**
     * Attaches {@code session} of observer {@code identity} to its slot, taking a new slot if it
     * has none; null when no slot is free for it (in all, or for its member).
     */
    synchronized Peer.Attachment attach(PeerIdentity identity, Session session, Supplier<Peer> newPeer) {
        String key = identity.key();
        Peer peer = byKey.get(key);
        if (peer == null) {
            int ofMember = byMember.getOrDefault(identity.member(), 0);
            if (byKey.size() >= inAllMax || ofMember >= perMemberMax) {
                return null;
            }
            peer = newPeer.get();
            byKey.put(key, peer);
            byMember.put(identity.member(), ofMember + 1);
        }
        Peer.Attachment attachment = peer.attach(session);
        if (attachment.outcome() == Peer.Outcome.REFUSED && !peer.connected()) {
            byKey.remove(key);
            byMember.merge(identity.member(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        return attachment;
    }

    /** The observer's slot, or null when it has none. */
    synchronized Peer peer(String key) {
        return byKey.get(key);
    }

    /**
     * {@code session} closed: detaches it and frees the slot if it was the observer's live
     * connection. Returns the epoch of that change, or -1 if a newer connection holds the slot.
     */
    synchronized long detach(PeerIdentity identity, Session session) {
        Peer peer = byKey.get(identity.key());
        if (peer == null) {
            return -1;
        }
        long epoch = peer.detach(session);
        if (epoch >= 0 || !peer.connected()) {
            byKey.remove(identity.key());
            byMember.merge(identity.member(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        return epoch;
    }

    /** Every observer's peer now, for a broadcast or a close. */
    synchronized List<Peer> peers() {
        return new ArrayList<>(byKey.values());
    }

    /** The keys of the observers connected now. */
    synchronized Collection<String> connected() {
        List<String> keys = new ArrayList<>();
        byKey.forEach((key, peer) -> {
            if (peer.connected()) {
                keys.add(key);
            }
        });
        return keys;
    }

    synchronized int size() {
        return byKey.size();
    }
}
