package io.khata.net.sim;

import java.util.Map;
import java.util.TreeMap;

/** What happened in one run, for the report line and for aggregate assertions. */
public final class SimStats {
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
    long invalidProposals;
    long syncRefused;
    long diskErrors;
    long disksFull;
    long diskHalts;
    long lostWrites;
    long tornWrites;
    long amnesia;
    long precommitsWithheld;
    long extremeBlocks;
    long syncLies;
    long flooded;
    /** Runs with unequal powers, and with skewed honest clocks. */
    long unequalPowerRuns;
    long skewedRuns;
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

    public void add(SimStats other) {
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
        invalidProposals += other.invalidProposals;
        syncRefused += other.syncRefused;
        diskErrors += other.diskErrors;
        disksFull += other.disksFull;
        diskHalts += other.diskHalts;
        lostWrites += other.lostWrites;
        tornWrites += other.tornWrites;
        amnesia += other.amnesia;
        precommitsWithheld += other.precommitsWithheld;
        extremeBlocks += other.extremeBlocks;
        syncLies += other.syncLies;
        flooded += other.flooded;
        unequalPowerRuns += other.unequalPowerRuns;
        skewedRuns += other.skewedRuns;
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

    /** Heights every honest node committed, summed over the runs. */
    public long heights() {
        return heights;
    }

    /** The counters by name, in a fixed order, for the command line's summary. */
    public java.util.LinkedHashMap<String, Long> counters() {
        java.util.LinkedHashMap<String, Long> counters = new java.util.LinkedHashMap<>();
        counters.put("virtual_seconds", virtualMillis / 1000);
        counters.put("steps", steps);
        counters.put("byzantine_validators", (long) byzantine);
        counters.put("delivered", delivered);
        counters.put("dropped", dropped);
        counters.put("undecodable", undecodable);
        counters.put("equivocations_injected", equivocationsInjected);
        counters.put("evidence_found", evidenceFound);
        counters.put("partitions", partitions);
        counters.put("crashes", crashes);
        counters.put("disk_errors", diskErrors);
        counters.put("disks_full", disksFull);
        counters.put("disk_halts", diskHalts);
        counters.put("lost_writes", lostWrites);
        counters.put("torn_writes", tornWrites);
        counters.put("precommits_withheld", precommitsWithheld);
        counters.put("amnesia_restarts", amnesia);
        counters.put("extreme_blocks", extremeBlocks);
        counters.put("sync_lies", syncLies);
        counters.put("flooded", flooded);
        counters.put("unequal_power_runs", unequalPowerRuns);
        counters.put("skewed_clock_runs", skewedRuns);
        counters.put("sync_requests", syncRequests);
        counters.put("synced_blocks", syncedBlocks);
        counters.put("sync_refused", syncRefused);
        counters.put("refused_transactions", refusedTransactions);
        counters.put("invalid_proposals", invalidProposals);
        counters.put("membership_changes", membershipChanges);
        counters.put("most_steps_in_one_run", stepsMaxPerRun);
        counters.put("most_queued", queueMax);
        return counters;
    }

    @Override
    public String toString() {
        return "heights=" + heights + " virtualSeconds=" + virtualMillis / 1000 + " steps=" + steps
                + " delivered=" + delivered + " dropped=" + dropped + " undecodable=" + undecodable
                + " equivocationsInjected=" + equivocationsInjected + " evidenceFound=" + evidenceFound
                + " partitions=" + partitions + " crashes=" + crashes + " syncRequests=" + syncRequests
                + " syncedBlocks=" + syncedBlocks + " syncRefused=" + syncRefused
                + " refusedTransactions=" + refusedTransactions + " invalidProposals=" + invalidProposals
                + " diskErrors=" + diskErrors + " disksFull=" + disksFull + " diskHalts=" + diskHalts
                + " lostWrites=" + lostWrites + " tornWrites=" + tornWrites + " precommitsWithheld=" + precommitsWithheld + " amnesia=" + amnesia
                + " extremeBlocks=" + extremeBlocks + " syncLies=" + syncLies + " flooded=" + flooded
                + " unequalPowerRuns=" + unequalPowerRuns + " skewedRuns=" + skewedRuns
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
