package io.khata.net.sim;

import io.khata.net.consensus.Consensus;

final class SimDebug {
    public static void main(String[] args) {
        for (long seed = Long.parseLong(args[0]); seed < Long.parseLong(args[1]); seed++) {
            long t = System.nanoTime();
            SeedRunner.Outcome o = SeedRunner.runOne(seed, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Consensus::new);
            System.out.println("seed " + seed + " " + (System.nanoTime() - t) / 1_000_000 + "ms " + o.stats() + " " + o.failure());
        }
    }
}
