package io.khata.core.audit;

import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a large chain for measuring {@code khata audit verify}: {@code BLOCKS} blocks of
 * {@code TXS} transfers each between the test genesis' treasuries, committed through the
 * ledger, exported to {@code DIR/speed.khata} with {@code DIR/genesis.json}. A tool, not a
 * test: run it with the test classpath (README, "Auditing a chain").
 */
public final class SpeedChain {
    private SpeedChain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int blocks = Integer.parseInt(args[1]);
        int txs = Integer.parseInt(args[2]);
        TestGenesis fixture = TestGenesis.of(4);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("genesis.json"), GenesisWriter.toJson(fixture.genesis()));
        try (Ledger ledger = Ledger.inMemory(fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            for (int b = 0; b < blocks; b++) {
                List<Transaction> candidates = new ArrayList<>(txs);
                for (int i = 0; i < txs; i++) {
                    candidates.add(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(i % 4),
                            TestGenesis.treasury((i + 1 + b) % 4 == i % 4 ? (i + 2) % 4 : (i + 1 + b) % 4), 1 + i % 100));
                }
                int committed = chain.commitNext(candidates).block().transactions().size();
                if (committed != txs) {
                    throw new IllegalStateException("block " + ledger.height() + " took " + committed + " of " + txs);
                }
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("speed.khata")), 1 << 16)) {
                BundleExport.bundle(ChainSource.of(ledger), ledger.chainId(), 1, ledger.height(), out);
            }
            System.out.println("wrote " + blocks + " blocks of " + txs + " transactions to " + dir.resolve("speed.khata"));
        }
    }
}
