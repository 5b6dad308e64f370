package io.khata.net.sim;

import java.util.SplittableRandom;

/**
 * The simulated links between nodes: per-packet delay with a long tail, loss, duplication
 * (and therefore reordering), and blocked directed links for partitions. Every decision draws
 * from the simulation's one random generator, so a seed fixes the whole network's behaviour.
 */
final class SimNetwork {
    private final SplittableRandom random;
    private final int nodes;
    private final boolean[][] blocked;
    final double lossProbability;
    final double duplicateProbability;
    final double tailProbability;
    final long tailMillisMax;
    private boolean faulty = true;

    SimNetwork(SplittableRandom random, int nodes, SimulationOptions options) {
        this.random = random;
        this.nodes = nodes;
        this.blocked = new boolean[nodes][nodes];
        double loss = random.nextDouble() * 0.15;
        double duplicate = random.nextDouble() * 0.10;
        double tail = random.nextDouble() * 0.08;
        this.lossProbability = options.has(Fault.LOSS) ? loss : 0;
        this.duplicateProbability = options.has(Fault.DUPLICATE) ? duplicate : 0;
        this.tailProbability = options.has(Fault.DELAY) ? tail : 0;
        this.tailMillisMax = 500 + random.nextLong(2_500);
    }

    /** The delays of the copies of one packet that will arrive: none if lost, two if duplicated. */
    long[] deliveries(int from, int to) {
        if (blocked[from][to] || (faulty && random.nextDouble() < lossProbability)) {
            return new long[0];
        }
        if (faulty && random.nextDouble() < duplicateProbability) {
            return new long[] {delayMillis(), delayMillis()};
        }
        return new long[] {delayMillis()};
    }

    private long delayMillis() {
        long delay = 2 + random.nextLong(25);
        if (faulty && random.nextDouble() < tailProbability) {
            delay += random.nextLong(tailMillisMax);
        }
        return delay;
    }

    /** A partition: {@code isolated} nodes lose every link to the others; one-way if {@code asymmetric}. */
    String partition(boolean[] isolated, boolean asymmetric) {
        StringBuilder description = new StringBuilder(asymmetric ? "one-way partition of" : "partition of");
        for (int a = 0; a < nodes; a++) {
            if (isolated[a]) {
                description.append(' ').append(a);
            }
            for (int b = 0; b < nodes; b++) {
                if (isolated[a] != isolated[b]) {
                    blocked[a][b] = blocked[a][b] || !asymmetric || isolated[a];
                }
            }
        }
        return description.toString();
    }

    void healPartitions() {
        for (boolean[] row : blocked) {
            java.util.Arrays.fill(row, false);
        }
    }

    /** After this, no loss, duplicates or long tails: only ordinary delays. */
    void stopFaults() {
        faulty = false;
        healPartitions();
    }
}
