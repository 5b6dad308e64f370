package io.khata.net.sim;

import java.util.Map;
import java.util.TreeMap;

/** What happened in one run, for the report line and for aggregate assertions. */
final class SimStats {
    int byzantine;
    long steps;
    long delivered;
    long dropped;
    long undecodable;
    long evidenceFound;
    long equivocationsInjected;
    long partitions;
    long crashes;
    long syncRequests;
    long syncedBlocks;
    long refusedTransactions;
    long virtualMillis;
    /** The most of any one run: steps, events waiting at once, virtual time (the margins of the unfinished-run guard). */
    long stepsMaxPerRun;
    long queueMax;
    long virtualMillisMaxPerRun;
    long heights;
    long membershipChanges;
    long membersAdded;
    long membersRemoved;
    long joinedDuringPartition;
    long removedWhileProposer;
    long membershipExpired;
    long invalidChangesSubmitted;
    long invalidChangesRefused;
    final Map<String, Long> refusalReasons = new TreeMap<>();

    void add(SimStats other) {
        byzantine += other.byzantine;
        steps += other.steps;
        delivered += other.delivered;
        dropped += other.dropped;
        undecodable += other.undecodable;
        evidenceFound += other.evidenceFound;
        equivocationsInjected += other.equivocationsInjected;
        partitions += other.partitions;
        crashes += other.crashes;
        syncRequests += other.syncRequests;
        syncedBlocks += other.syncedBlocks;
        refusedTransactions += other.refusedTransactions;
        virtualMillis += other.virtualMillis;
        stepsMaxPerRun = Math.max(stepsMaxPerRun, Math.max(other.stepsMaxPerRun, other.steps));
        queueMax = Math.max(queueMax, other.queueMax);
        virtualMillisMaxPerRun = Math.max(virtualMillisMaxPerRun, Math.max(other.virtualMillisMaxPerRun, other.virtualMillis));
        heights += other.heights;
        membershipChanges += other.membershipChanges;
        membersAdded += other.membersAdded;
        membersRemoved += other.membersRemoved;
        joinedDuringPartition += other.joinedDuringPartition;
        removedWhileProposer += other.removedWhileProposer;
        membershipExpired += other.membershipExpired;
        invalidChangesSubmitted += other.invalidChangesSubmitted;
        invalidChangesRefused += other.invalidChangesRefused;
        other.refusalReasons.forEach((reason, count) -> refusalReasons.merge(reason, count, Long::sum));
    }

    @Override
    public String toString() {
        return "heights=" + heights + " virtualSeconds=" + virtualMillis / 1000 + " steps=" + steps
                + " delivered=" + delivered + " dropped=" + dropped + " undecodable=" + undecodable
                + " equivocationsInjected=" + equivocationsInjected + " evidenceFound=" + evidenceFound
                + " partitions=" + partitions + " crashes=" + crashes + " syncRequests=" + syncRequests
                + " syncedBlocks=" + syncedBlocks + " refusedTransactions=" + refusedTransactions
                + " mostInOneRun(steps=" + stepsMaxPerRun + " queued=" + queueMax
                + " virtualSeconds=" + virtualMillisMaxPerRun / 1000 + ")"
                + (membershipChanges + invalidChangesSubmitted == 0 ? "" : membershipText());
    }

    private String membershipText() {
        return "; membership: changes=" + membershipChanges + " added=" + membersAdded + " removed=" + membersRemoved
                + " joinedDuringPartition=" + joinedDuringPartition + " removedWhileProposer=" + removedWhileProposer
                + " expired=" + membershipExpired + " invalidSubmitted=" + invalidChangesSubmitted
                + " invalidRefused=" + invalidChangesRefused + " " + refusalReasons;
    }
}
