package io.khata.net.consensus;

import io.khata.core.block.Evidence;
import io.khata.core.block.VoteType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Equivocations found and not yet committed, offered to each block this validator proposes.
 * One offence (validator, height, round, vote type) is kept once, in its normalized form.
 *
 * <p>Bounds: at most {@code pendingMax} pending items (a new one past that is not kept: the
 * oldest offences are the ones most likely to be committed by another proposer already); and
 * the offences of the last {@code committedRememberedMax} committed items are remembered, so an
 * offence seen again after its evidence was committed is not offered twice.
 */
final class EvidencePool {
    private record Offence(String validator, long height, int round, VoteType type) {
        static Offence of(Evidence evidence) {
            return new Offence(evidence.validator(), evidence.height(), evidence.first().round(), evidence.first().type());
        }
    }

    private final int pendingMax;
    private final int committedRememberedMax;
    private final Map<Offence, Evidence> pending = new LinkedHashMap<>();
    private final Set<Offence> committed = new HashSet<>();
    private final ArrayDeque<Offence> committedOrder = new ArrayDeque<>();

    EvidencePool(int pendingMax, int committedRememberedMax) {
        this.pendingMax = pendingMax;
        this.committedRememberedMax = committedRememberedMax;
    }

    /** True if this offence is pending or was seen committed (so a forwarded copy needs no checking). */
    boolean knows(Evidence evidence) {
        Offence offence = Offence.of(evidence);
        return pending.containsKey(offence) || committed.contains(offence);
    }

    /** True if this offence is new and now pending. */
    boolean add(Evidence evidence) {
        Offence offence = Offence.of(evidence);
        if (committed.contains(offence) || pending.containsKey(offence) || pending.size() >= pendingMax) {
            return false;
        }
        pending.put(offence, evidence.normalized());
        return true;
    }

    List<Evidence> pending() {
        return new ArrayList<>(pending.values());
    }

    /** The pending evidence a block at {@code height} may carry: only offences of earlier heights. */
    List<Evidence> pendingBefore(long height) {
        List<Evidence> past = new ArrayList<>();
        for (Evidence evidence : pending.values()) {
            if (evidence.height() < height) {
                past.add(evidence);
            }
        }
        return past;
    }

    void markCommitted(List<Evidence> evidence) {
        for (Evidence item : evidence) {
            Offence offence = Offence.of(item);
            pending.remove(offence);
            if (committed.add(offence)) {
                committedOrder.addLast(offence);
                if (committedOrder.size() > committedRememberedMax) {
                    committed.remove(committedOrder.removeFirst());
                }
            }
        }
    }
}
