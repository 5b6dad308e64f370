package io.khata.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.Hash;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.state.StateChanges;
import io.khata.core.store.AccountTx;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.TxLocation;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Account history, on the memory store and on RocksDB alike: every transaction that touched an
 * account, newest first, paged by position so that blocks committed between two page reads never
 * shift a page, and written in the block's own atomic commit (it survives a reopen with the block).
 */
class AccountHistoryTest {
    private static final int TRANSACTIONS_PER_BLOCK = 150;
    private static final int BLOCKS = 7;

    private final TestGenesis fixture = TestGenesis.of(4);
    private final String account = TestGenesis.treasury(1);

    @TempDir
    Path directory;

    private Ledger open(String store) {
        return store.equals("rocksdb") ? RocksLedger.open(directory, fixture.genesis()) : Ledger.inMemory(fixture.genesis());
    }

    /** Blocks where {@code account} receives from two others, with transactions of others in between. */
    private static List<Transaction> mixedBlock(TestChain chain, String account) {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS_PER_BLOCK; i++) {
            String from = TestGenesis.treasury(i % 2 == 0 ? 0 : 2);
            String to = i % 5 == 4 ? TestGenesis.treasury(3) : account;
            txs.add(chain.transfer(TestGenesis.PKR, from, to, 1 + i));
        }
        return txs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void pagesReturnEveryTransactionOnceNewestFirstWhileBlocksKeepComing(String store) {
        List<TxLocation> expected = new ArrayList<>();
        try (Ledger ledger = open(store)) {
            TestChain chain = new TestChain(fixture, ledger);
            for (int b = 0; b < BLOCKS; b++) {
                chain.commitNext(mixedBlock(chain, account));
            }
            for (long height = ledger.height(); height >= 1; height--) {
                List<Transaction> txs = ledger.block(height).orElseThrow().transactions();
                for (int index = txs.size() - 1; index >= 0; index--) {
                    Operation.Transfer transfer = (Operation.Transfer) txs.get(index).body().operations().get(0);
                    if (transfer.to().equals(account)) {
                        expected.add(new TxLocation(height, index));
                    }
                }
            }
            assertTrue(expected.size() >= 800, "the history holds " + expected.size());

            List<TxLocation> seen = new ArrayList<>();
            TxLocation cursor = null;
            int pages = 0;
            while (true) {
                List<TxLocation> page = ledger.accountHistory(account, cursor, 97);
                if (page.isEmpty()) {
                    break;
                }
                seen.addAll(page);
                cursor = page.get(page.size() - 1);
                if (++pages % 3 == 0) {
                    // More of the account's transactions arrive between two reads: they are newer
                    // than every page handed out, so the paging neither repeats nor skips anything.
                    chain.commitNext(mixedBlock(chain, account).subList(0, 20));
                }
            }
            assertEquals(expected, seen);
            assertEquals(expected.size(), new HashSet<>(seen).size());

            List<TxLocation> newest = ledger.accountHistory(account, null, 5);
            assertEquals(ledger.height(), newest.get(0).height());
            assertTrue(newest.get(0).compareTo(expected.get(0)) > 0);
        }
    }

    /**
     * A committer thread keeps committing the account's transactions while this thread pages: what
     * was in the history when paging began comes back once each, newest first, nothing newer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void pagingWhileAnotherThreadCommitsNeitherRepeatsNorSkips(String store) throws Exception {
        try (Ledger ledger = open(store)) {
            TestChain chain = new TestChain(fixture, ledger);
            for (int b = 0; b < 3; b++) {
                chain.commitNext(mixedBlock(chain, account));
            }
            List<TxLocation> expected = ledger.accountHistory(account, null, 1_000);
            List<List<Transaction>> later = new ArrayList<>();
            for (int b = 0; b < 12; b++) {
                later.add(mixedBlock(chain, account).subList(0, 15));
            }
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread committer = new Thread(() -> {
                try {
                    for (List<Transaction> block : later) {
                        chain.commitNext(block);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            committer.start();
            List<TxLocation> seen = new ArrayList<>();
            TxLocation cursor = expected.get(0);
            seen.add(cursor);
            for (List<TxLocation> page = ledger.accountHistory(account, cursor, 7); !page.isEmpty();
                    page = ledger.accountHistory(account, cursor, 7)) {
                seen.addAll(page);
                cursor = page.get(page.size() - 1);
            }
            committer.join(60_000);
            assertEquals(null, failure.get());
            assertEquals(expected, seen);
            assertEquals(3 + later.size(), ledger.height(), "the committer ran to the end");
            assertEquals(expected.size() + 12 * 12, ledger.accountHistory(account, null, 1_000).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void historyNamesBothSidesOfATransferTheIssuerOfAnIssueAndEachTransactionOnce(String store) {
        try (Ledger ledger = open(store)) {
            TestChain chain = new TestChain(fixture, ledger);
            String payer = TestGenesis.treasury(0);
            Transaction twoLegs = chain.sign(List.of(
                    new Operation.Transfer(TestGenesis.PKR, payer, account, 5),
                    new Operation.Transfer(TestGenesis.PKR, payer, account, 6)), fixture.accountKey(payer));
            Transaction issue = chain.sign(List.of(new Operation.Issue(TestGenesis.PKR, account, 7)),
                    fixture.accountKey(TestGenesis.AUTHORITY));
            chain.commitNext(List.of(twoLegs, issue));
            assertEquals(List.of(new TxLocation(1, 1), new TxLocation(1, 0)), ledger.accountHistory(account, null, 10));
            assertEquals(List.of(new TxLocation(1, 0)), ledger.accountHistory(payer, null, 10));
            assertEquals(List.of(new TxLocation(1, 1)), ledger.accountHistory(TestGenesis.AUTHORITY, null, 10));
            assertEquals(List.of(new TxLocation(1, 0)), ledger.accountHistory(account, new TxLocation(1, 1), 10));
            assertEquals(List.of(), ledger.accountHistory(account, new TxLocation(1, 0), 10));
            assertEquals(List.of(), ledger.accountHistory("nobody@bank0", null, 10));
            assertEquals(List.of(), ledger.accountHistory(account, null, 0));
        }
    }

    @Test
    void historySurvivesAReopenWithItsBlock() {
        List<TxLocation> before;
        try (Ledger ledger = open("rocksdb")) {
            TestChain chain = new TestChain(fixture, ledger);
            chain.commitNext(mixedBlock(chain, account).subList(0, 10));
            before = ledger.accountHistory(account, null, 500);
            assertEquals(8, before.size());
        }
        try (Ledger reopened = open("rocksdb")) {
            assertEquals(before, reopened.accountHistory(account, null, 500));
        }
    }

    @Test
    void anAccountWhoseIdIsAPrefixOfAnotherKeepsItsOwnHistory() {
        try (RocksLedgerStore store = RocksLedgerStore.open(directory)) {
            store.commit(batch(0, List.of(), List.of()));
            Hash tx = Hash.of(new byte[32]);
            store.commit(batch(1, List.of(tx), List.of(new AccountTx("a@b", 0))));
            store.commit(batch(2, List.of(tx), List.of(new AccountTx("a@b.c", 0))));
            assertEquals(List.of(new TxLocation(1, 0)), store.accountHistory("a@b", null, 10));
            assertEquals(List.of(new TxLocation(2, 0)), store.accountHistory("a@b.c", null, 10));
            assertEquals(List.of(), store.accountHistory("a@", null, 10));
        }
    }

    @Test
    void aBatchRefusesHistoryForATransactionTheBlockDoesNotHave() {
        assertThrows(IllegalArgumentException.class,
                () -> batch(1, List.of(Hash.ZERO), List.of(new AccountTx("a@b", 1))));
        assertThrows(IllegalArgumentException.class, () -> new AccountTx("a@b", -1));
    }

    private static CommitBatch batch(long height, List<Hash> txs, List<AccountTx> history) {
        return new CommitBatch(height, null, null, txs, StateChanges.of(Map.of(), Map.of(), Map.of()), Map.of(), height,
                Hash.ZERO, height == 0 ? Hash.ZERO : null, Map.of(), List.of(), history);
    }
}
