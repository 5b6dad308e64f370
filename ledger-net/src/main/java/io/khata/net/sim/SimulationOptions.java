package io.khata.net.sim;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a run: the validators' voting powers (their number is the network's size), the
 * heights every honest node must commit, and the faults switched on.
 */
public record SimulationOptions(List<Long> powers, int heights, Set<Fault> faults, Broken broken) {
    /** The largest network the simulator runs (a consortium is 4 to about 30 banks). */
    public static final int VALIDATORS_MAX = 64;

    public SimulationOptions {
        powers = List.copyOf(powers);
        if (powers.size() < 1 || powers.size() > VALIDATORS_MAX) {
            throw new IllegalArgumentException("validators must number 1 to " + VALIDATORS_MAX + ", not " + powers.size());
        }
        for (long power : powers) {
            if (power < 1 || power > 1_000_000) {
                throw new IllegalArgumentException("a voting power must be 1 to 1000000, not " + power);
            }
        }
        if (heights < 2 || heights > 100_000) {
            throw new IllegalArgumentException("heights must be 2 to 100000, not " + heights);
        }
        faults = Collections.unmodifiableSet(faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults));
        java.util.Objects.requireNonNull(broken, "broken");
    }

    /** Honest nodes: no broken variant. */
    public SimulationOptions(List<Long> powers, int heights, Set<Fault> faults) {
        this(powers, heights, faults, Broken.NONE);
    }

    /** {@code validators} of power 1 each, with the standard faults. */
    public static SimulationOptions equalPower(int validators, int heights) {
        return new SimulationOptions(Collections.nCopies(validators, 1L), heights, Fault.standard());
    }

    public int validators() {
        return powers.size();
    }

    public boolean has(Fault fault) {
        return faults.contains(fault);
    }

    public SimulationOptions withFaults(Set<Fault> newFaults) {
        return new SimulationOptions(powers, heights, newFaults, broken);
    }

    /** The same run with every node's {@code variant} swapped in. */
    public SimulationOptions withBroken(Broken variant) {
        return new SimulationOptions(powers, heights, faults, variant);
    }

    public boolean equalPowers() {
        return powers.stream().distinct().count() == 1;
    }
}
