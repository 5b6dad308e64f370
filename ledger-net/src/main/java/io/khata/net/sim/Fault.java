package io.khata.net.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The faults a run may inject, each switchable. A run's parameters are drawn the same whatever
 * is switched off (a switched-off fault's are then unused); the steps that follow differ, since
 * one random generator drives them all.
 */
public enum Fault {
    /** Packets lost. */
    LOSS,
    /** Packets delivered twice (and so reordered). */
    DUPLICATE,
    /** A long tail of packet delays, up to seconds. */
    DELAY,
    /** Nodes cut off from the others, both ways or one way. */
    PARTITION,
    /** Crash-restarts, at any step or at a disk sync (just before or just after it), losing or tearing unsynced writes. */
    CRASH,
    /** I/O errors on writes and syncs, and full disks; a node whose disk fails halts and is restarted. */
    DISK,
    /**
     * Up to f validators (less than 1/3 of the power) equivocate: two valid blocks to two halves
     * and votes for both; send garbage, votes under other names and proposals out of turn; stamp
     * absurd times on their votes; leave sync requests unanswered. The faults below add to it.
     */
    BYZANTINE,
    /** Byzantine validators forget their lock on purpose: they restart with their lock wiped and go on voting. */
    AMNESIA,
    /** Byzantine proposers propose blocks with time 0 or a year ahead, or over the block size limit; honest nodes refuse them. */
    EXTREME_BLOCKS,
    /** Byzantine validators answer block sync with a wrong block, a bad certificate, truncated bytes or other heights. */
    SYNC_LIES,
    /** Byzantine validators replay old messages (theirs and others') in bursts. */
    FLOOD,
    /** Honest clocks differ by up to {@link Simulation#CLOCK_SKEW_MAX_MILLIS} either way. */
    SKEW,
    /** In half the runs, voting powers drawn at random (1 to 10 each) when the options' are all equal; Byzantine power stays under 1/3. */
    POWER,
    /** Spare banks join, validators leave and change power (runs of their own). */
    MEMBERSHIP;

    /** Every fault but {@link #MEMBERSHIP}, which changes the run's shape and has runs of its own. */
    public static Set<Fault> standard() {
        return EnumSet.complementOf(EnumSet.of(MEMBERSHIP));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a comma-separated list of labels; {@code all} is {@link #standard()}, {@code none} no fault. */
    public static Set<Fault> parse(String list) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String part : list.split(",")) {
            String label = part.trim().toLowerCase(Locale.ROOT);
            if (label.isEmpty() || label.equals("none")) {
                continue;
            }
            if (label.equals("all")) {
                faults.addAll(standard());
                continue;
            }
            boolean found = false;
            for (Fault fault : values()) {
                if (fault.label().equals(label)) {
                    faults.add(fault);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("unknown fault '" + part.trim() + "'; known: all, none, "
                        + String.join(", ", labels()));
            }
        }
        return faults;
    }

    static java.util.List<String> labels() {
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (Fault fault : values()) {
            labels.add(fault.label());
        }
        return labels;
    }

    /** The labels of {@code faults} in declaration order, comma-separated; {@code none} when empty. */
    public static String format(Set<Fault> faults) {
        StringBuilder text = new StringBuilder();
        for (Fault fault : values()) {
            if (faults.contains(fault)) {
                text.append(text.length() == 0 ? "" : ",").append(fault.label());
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
