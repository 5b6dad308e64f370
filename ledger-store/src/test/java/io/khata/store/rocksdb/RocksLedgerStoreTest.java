package io.khata.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.CommittedTx;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.proof.ProofVerifier;
import io.khata.core.proof.TxProof;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The RocksDB store behind {@link RocksLedger#open}: what is committed is all there after a
 * reopen, the data refuses a genesis it was not created from, the replay window is pruned on
 * disk as its entries close (ReplayWindowStoresTest), and it computes the same state as the
 * in-memory store.
 */
class RocksLedgerStoreTest {
    private static final int CANDIDATES_PER_BLOCK = 30;

    private final TestGenesis fixture = TestGenesis.of(4);

    @TempDir
    Path directory;

    @Test
    void reopenedLedgerHoldsTheSameChainStateIndexAndProofs() {
        MixedWorkload workload = new MixedWorkload(fixture, fixture.genesis().maxTxTtlMillis(), 1);
        List<Transaction> committed = new ArrayList<>();
        Snapshot before;
        try (Ledger ledger = RocksLedger.open(directory, fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            for (long height = 1; height <= 8; height++) {
                committed.addAll(chain.commitNext(workload.candidates(chain.nextBlockTimeMillis(), CANDIDATES_PER_BLOCK))
                        .block().transactions());
            }
            before = Snapshot.of(ledger, committed, workload.accounts());
        }
        assertTrue(committed.size() > 8 * 5, "the workload committed too little to compare: "
                + committed.size() + " transactions");
        try (Ledger reopened = RocksLedger.open(directory, fixture.genesis())) {
            Snapshot after = Snapshot.of(reopened, committed, workload.accounts());
            before.assertSameAs(after);
            for (TxProof proof : after.proofs().values()) {
                assertEquals(Optional.empty(), ProofVerifier.verify(proof, fixture.genesis()));
            }
            // The chain goes on from the stored head: the next block links to it and carries its stored commit.
            TestChain chain = new TestChain(fixture, reopened);
            Block next = chain.commitNext(workload.candidates(chain.nextBlockTimeMillis(), CANDIDATES_PER_BLOCK)).block();
            assertEquals(9, reopened.height());
            assertEquals(before.headHash(), next.header().prevBlockHash());
            assertEquals(before.commits().get(7).hash(), next.header().lastCommitHash());
        }
    }

    @Test
    void attack3_committedEvidenceIsIndexedDurablySoNoLaterBlockCarriesItAgain() {
        String chainId = fixture.genesis().chainId();
        var key = fixture.validatorKey("bank2");
        io.khata.core.block.Evidence evidence = new io.khata.core.block.Evidence(
                io.khata.core.block.Vote.sign(io.khata.core.block.VoteType.PREVOTE, chainId, 1, 0, Hash.ZERO, 0, "bank2", key),
                io.khata.core.block.Vote.sign(io.khata.core.block.VoteType.PREVOTE, chainId, 1, 0, null, 0, "bank2", key))
                .normalized();
        try (Ledger ledger = RocksLedger.open(directory, fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            chain.commitNext(List.of());
            assertFalse(ledger.evidenceCommitted(evidence.offence()));
            Block carrying = ledger.build(TestGenesis.bank(0), List.of(),
                    ledger.commit(1).orElseThrow(), List.of(evidence)).block();
            assertEquals(List.of(evidence), carrying.evidence());
            ledger.commit(carrying, chain.commitFor(carrying));
        }
        try (Ledger reopened = RocksLedger.open(directory, fixture.genesis())) {
            assertTrue(reopened.evidenceCommitted(evidence.offence()), "the index survives a restart");
            Block again = reopened.build(TestGenesis.bank(0), List.of(),
                    reopened.commit(2).orElseThrow(), List.of(evidence)).block();
            assertTrue(again.evidence().isEmpty(), "an offence is committed once");
        }
    }

    @Test
    void dataCreatedFromOneGenesisRefusesAnother() {
        try (Ledger ledger = RocksLedger.open(directory, fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            chain.commitNext(List.of(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 7)));
        }
        Genesis fewerBanks = TestGenesis.of(3).genesis();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> RocksLedger.open(directory, fewerBanks));
        assertTrue(refused.getMessage().contains("another genesis"), refused.getMessage());
        assertTrue(refused.getMessage().contains(Ledger.genesisHash(fewerBanks).toString()), refused.getMessage());
        // Any difference counts, not only the members: here only the transaction TTL differs.
        Genesis otherTtl = withMaxTxTtl(fixture.genesis(), fixture.genesis().maxTxTtlMillis() + 1);
        assertThrows(IllegalStateException.class, () -> RocksLedger.open(directory, otherTtl));
        // The refusals closed the database (or this open would find it locked) and changed nothing.
        try (Ledger reopened = RocksLedger.open(directory, fixture.genesis())) {
            assertEquals(1, reopened.height());
            assertEquals(TestGenesis.TREASURY_PKR + 7, reopened.balance(TestGenesis.treasury(1), TestGenesis.PKR));
        }
    }

    @Test
    void memoryAndRocksStoresAgreeAtEveryHeight() throws RocksDBException {
        long maxTxTtlMillis = 6 * TestChain.BLOCK_INTERVAL_MILLIS;
        Genesis genesis = withMaxTxTtl(fixture.genesis(), maxTxTtlMillis);
        MixedWorkload workload = new MixedWorkload(fixture, maxTxTtlMillis, 2);
        int included = 0;
        int skipped = 0;
        try (Ledger memory = Ledger.inMemory(genesis)) {
            TestChain chain = new TestChain(fixture, memory);
            try (Ledger rocks = RocksLedger.open(directory, genesis)) {
                for (long height = 1; height <= 40; height++) {
                    BlockBuilder.Built built = chain.build(workload.candidates(chain.nextBlockTimeMillis(), CANDIDATES_PER_BLOCK));
                    Commit commit = chain.commitFor(built.block());
                    memory.commit(built.block(), commit);
                    rocks.commit(built.block(), commit);
                    included += built.block().transactions().size();
                    skipped += built.skipped().size();
                    assertSameState(memory, rocks, workload, "height " + height);
                }
            }
            assertTrue(included > 300 && skipped > 100, included + " included and " + skipped
                    + " skipped: the workload should give both in numbers");
            int open = 0;
            try (Ledger reopened = RocksLedger.open(directory, genesis)) {
                assertSameState(memory, reopened, workload, "after reopening");
                for (Transaction tx : workload.sent()) {
                    open += memory.replayWindowEnd(tx.hash()) >= 0 ? 1 : 0;
                }
            }
            // The window on disk holds exactly the open entries, once by hash and once by expiry.
            assertEquals(Map.of('R', open, 'E', open), RawKeys.count(directory, 'R', 'E'));
        }
    }

    private static void assertSameState(Ledger memory, Ledger rocks, MixedWorkload workload, String when) {
        assertEquals(memory.height(), rocks.height(), when);
        assertEquals(memory.headHash(), rocks.headHash(), when);
        assertEquals(memory.stateRoot(), rocks.stateRoot(), when + ": state root");
        for (String account : workload.accounts()) {
            assertEquals(memory.account(account), rocks.account(account), when + ": " + account);
            for (AssetSpec asset : memory.genesis().assets()) {
                assertEquals(memory.balance(account, asset.id()), rocks.balance(account, asset.id()),
                        when + ": balance of " + account + " in " + asset.id());
            }
        }
        for (AssetSpec asset : memory.genesis().assets()) {
            assertEquals(memory.asset(asset.id()), rocks.asset(asset.id()), when + ": " + asset.id());
        }
        assertEquals(memory.assets(), rocks.assets(), when + ": the list of assets");
        for (Transaction tx : workload.sent()) {
            assertEquals(memory.replayWindowEnd(tx.hash()), rocks.replayWindowEnd(tx.hash()),
                    when + ": replay window of " + tx.hash() + " valid until " + tx.body().validUntilMillis());
            assertEquals(memory.location(tx.hash()), rocks.location(tx.hash()), when + ": location of " + tx.hash());
        }
    }

    /** A PKR payment from treasury 0 to treasury 1 with the given window and nonce. */
    private Transaction transfer(Genesis genesis, long validUntil, long nonce) {
        Operation payment = new Operation.Transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 100);
        return TxCodec.sign(new TxBody(genesis.chainId(), List.of(payment), validUntil, nonce, ""),
                List.of(fixture.accountKey(TestGenesis.treasury(0))));
    }

    static Genesis withMaxTxTtl(Genesis genesis, long maxTxTtlMillis) {
        return new Genesis(genesis.chainId(), genesis.genesisTimeMillis(), genesis.members(), genesis.authorityAccount(),
                genesis.rootCaPem(), genesis.assets(), genesis.accounts(), maxTxTtlMillis);
    }

    /** Everything a reader can ask a ledger about its chain, for the committed transactions and accounts given. */
    private record Snapshot(
            long height,
            Hash headHash,
            Hash stateRoot,
            List<Block> blocks,
            List<Commit> commits,
            Map<Hash, CommittedTx> transactions,
            Map<Hash, TxProof> proofs,
            Map<String, AccountState> accounts,
            Map<String, Long> balances,
            Map<String, AssetState> assets) {

        static Snapshot of(Ledger ledger, List<Transaction> committed, List<String> accountIds) {
            List<Block> blocks = new ArrayList<>();
            List<Commit> commits = new ArrayList<>();
            for (long height = 1; height <= ledger.height(); height++) {
                blocks.add(ledger.block(height).orElseThrow());
                commits.add(ledger.commit(height).orElseThrow());
            }
            Map<Hash, CommittedTx> transactions = new LinkedHashMap<>();
            Map<Hash, TxProof> proofs = new LinkedHashMap<>();
            for (Transaction tx : committed) {
                transactions.put(tx.hash(), ledger.transaction(tx.hash()).orElseThrow());
                proofs.put(tx.hash(), ledger.proof(tx.hash()).orElseThrow());
            }
            Map<String, AccountState> accounts = new LinkedHashMap<>();
            Map<String, Long> balances = new LinkedHashMap<>();
            for (String id : accountIds) {
                accounts.put(id, ledger.account(id));
                for (AssetSpec asset : ledger.genesis().assets()) {
                    balances.put(id + " " + asset.id(), ledger.balance(id, asset.id()));
                }
            }
            Map<String, AssetState> assets = new LinkedHashMap<>();
            for (AssetSpec asset : ledger.genesis().assets()) {
                assets.put(asset.id(), ledger.asset(asset.id()));
            }
            return new Snapshot(ledger.height(), ledger.headHash(), ledger.stateRoot(), blocks, commits, transactions,
                    proofs, accounts, balances, assets);
        }

        /** Field by field, so that a failure names what differs. */
        void assertSameAs(Snapshot other) {
            assertEquals(height, other.height, "height");
            assertEquals(headHash, other.headHash, "head hash");
            assertEquals(stateRoot, other.stateRoot, "state root");
            assertEquals(blocks, other.blocks, "blocks");
            assertEquals(commits, other.commits, "commits");
            assertEquals(transactions, other.transactions, "transactions and their locations");
            assertEquals(proofs, other.proofs, "proofs");
            assertEquals(accounts, other.accounts, "accounts");
            assertEquals(balances, other.balances, "balances");
            assertEquals(assets, other.assets, "assets");
        }
    }

    /** Reads the store's key space directly, once the ledger is closed: the layout is RocksLedgerStore's. */
    static final class RawKeys {
        static Map<Character, Integer> count(Path directory, char... prefixes) throws RocksDBException {
            Map<Character, Integer> counts = new LinkedHashMap<>();
            try (Options options = new Options();
                 RocksDB db = RocksDB.openReadOnly(options, directory.toString());
                 RocksIterator it = db.newIterator()) {
                for (char prefix : prefixes) {
                    int count = 0;
                    for (it.seek(new byte[] {(byte) prefix}); it.isValid() && it.key()[0] == prefix; it.next()) {
                        count++;
                    }
                    counts.put(prefix, count);
                }
            }
            return counts;
        }
    }
}
