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
 * <p>Bounds: at most {@code pendingMax} pending items, and at most a tenth of that (at least
 * one) per offender. A new offence past either bound evicts the oldest pending one (of that
 * offender, or overall): the oldest are the most likely to be committed by another proposer
 * already, and a Byzantine validator that fabricates endless equivocations of its own only
 * churns its own share, never the evidence against others. The offences of the last
 * {@code committedRememberedMax} committed items are remembered, so an offence seen again
 * after its evidence was committed is not offered twice.
 */
final class EvidencePool {
    private record Offence(String validator, long height, int round, VoteType type) {
        static Offence of(Evidence evidence) {
            return new Offence(evidence.validator(), evidence.height(), evidence.first().round(), evidence.first().type());
        }
    }

    private final int pendingMax;
    private final int perOffenderMax;
    private final Map<String, Integer> pendingByOffender = new java.util.HashMap<>();
    private final int committedRememberedMax;
    private final Map<Offence, Evidence> pending = new LinkedHashMap<>();
    private final Set<Offence> committed = new HashSet<>();
    private final ArrayDeque<Offence> committedOrder = new ArrayDeque<>();

    EvidencePool(int pendingMax, int committedRememberedMax) {
        this.pendingMax = pendingMax;
        this.perOffenderMax = Math.max(1, pendingMax / 10);
        this.committedRememberedMax = committedRememberedMax;
    }

    /** True if this offence is pending or was seen committed (so a forwarded copy needs no checking). */
    boolean knows(Evidence evidence) {
        Offence offence = Offence.of(evidence);
        return pending.containsKey(offence) || committed.contains(offence);
    }

    /** True if this offence is new and now pending (perhaps in place of an older one). */
    boolean add(Evidence evidence) {
        Offence offence = Offence.of(evidence);
        if (committed.contains(offence) || pending.containsKey(offence)) {
            return false;
        }
        if (pendingByOffender.getOrDefault(offence.validator(), 0) >= perOffenderMax) {
            evictOldest(offence.validator());
        } else if (pending.size() >= pendingMax) {
            evictOldest(null);
        }
        pending.put(offence, evidence.normalized());
        pendingByOffender.merge(offence.validator(), 1, Integer::sum);
        return true;
    }

    /** Removes the oldest pending offence, of {@code offender} or (null) of anyone. */
    private void evictOldest(String offender) {
        for (Offence candidate : pending.keySet()) {
            if (offender == null || candidate.validator().equals(offender)) {
                forgetPending(candidate);
                return;
            }
        }
        throw new IllegalStateException("no pending evidence to evict for " + offender);
    }

    private void forgetPending(Offence offence) {
        if (pending.remove(offence) != null) {
            pendingByOffender.computeIfPresent(offence.validator(), (validator, count) -> count == 1 ? null : count - 1);
        }
    }

    int size() {
        return pending.size();
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
            forgetPending(offence);
            if (committed.add(offence)) {
                committedOrder.addLast(offence);
                if (committedOrder.size() > committedRememberedMax) {
                    committed.remove(committedOrder.removeFirst());
                }
            }
        }
    }

    /**
     * The ledger's verdict on evidence offered to a block it built: an offered item it left out
     * before one it carried, or any item left out of a block that carries none, was refused by
     * the ledger (its offence already committed, perhaps before a restart emptied this pool;
     * too old; or not the offender's), so it is forgotten and remembered as settled, and a
     * forwarded copy is not taken again. Items after the last carried one may have been cut by
     * the block's evidence count only, so they stay pending.
     */
    void settleOffered(List<Evidence> offered, List<Evidence> carried) {
        Set<Offence> carriedOffences = new HashSet<>();
        for (Evidence item : carried) {
            carriedOffences.add(Offence.of(item));
        }
        int lastCarried = -1;
        for (int i = 0; i < offered.size(); i++) {
            if (carriedOffences.contains(Offence.of(offered.get(i)))) {
                lastCarried = i;
            }
        }
        int judgedThrough = carried.isEmpty() ? offered.size() : lastCarried;
        List<Evidence> refused = new ArrayList<>();
        for (int i = 0; i < judgedThrough; i++) {
            if (!carriedOffences.contains(Offence.of(offered.get(i)))) {
                refused.add(offered.get(i));
            }
        }
        markCommitted(refused);
    }
}
