package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.state.RandomHistory.Candidate;
import io.khata.core.state.RandomHistory.Step;
import io.khata.core.testing.Generator;
import io.khata.core.testing.SeededProperty;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of the ledger over random histories of valid and invalid transactions across
 * many accounts ({@link RandomHistory}). A failing history prints its seed and the command
 * that replays it ({@link SeededProperty}).
 */
class LedgerProperties {
    private static final LedgerOptions ONE_THREAD = LedgerOptions.defaults().withVerifierThreads(1);

    private static final Generator<List<List<Step>>> HISTORIES = RandomHistory.blocks();

    @TestFactory
    Stream<DynamicTest> supplyIsIssuedMinusRedeemedAndTheSumOfBalancesAndNoBalanceIsNegative() {
        return SeededProperty.forAll(30, HISTORIES, blocks -> {
            try (Ledger ledger = Ledger.inMemory(RandomHistory.FIXTURE.genesis(), ONE_THREAD)) {
                RandomHistory history = new RandomHistory(ledger);
                history.checkInvariants();
                for (List<Step> steps : blocks) {
                    history.commitNext(steps);
                    history.checkInvariants();
                }
            }
        });
    }

    /**
     * Two views of "a refused transaction changes nothing". At block level: the block built from
     * all the candidates is the very block (same hash, so same state root) built from only the
     * ones it included. At transition level: replaying the candidates on a view of the committed
     * state, each refusal leaves the view exactly as it was, and the same ones are refused.
     */
    @TestFactory
    Stream<DynamicTest> aRefusedTransactionChangesNothing() {
        return SeededProperty.forAll(30, HISTORIES, blocks -> {
            try (Ledger ledger = Ledger.inMemory(RandomHistory.FIXTURE.genesis(), ONE_THREAD)) {
                RandomHistory history = new RandomHistory(ledger);
                for (List<Step> steps : blocks) {
                    List<Candidate> candidates = history.candidates(steps);
                    BlockBuilder.Built all = history.build(candidates);
                    List<Transaction> included = all.block().transactions();
                    BlockBuilder.Built onlyIncluded = history.chain().build(included);
                    assertEquals(all.block().hash(), onlyIncluded.block().hash());
                    assertEquals(List.of(), onlyIncluded.skipped());
                    assertEquals(included, replayOnCommittedState(ledger, candidates, all));
                    history.commit(all);
                }
                history.checkInvariants();
            }
        });
    }

    /** The candidates that apply, in order, on a view of {@code ledger}'s state; each refusal must leave no trace. */
    private static List<Transaction> replayOnCommittedState(Ledger ledger, List<Candidate> candidates,
                                                            BlockBuilder.Built built) {
        Map<Transaction, Rejection> refused = new HashMap<>();
        for (BlockBuilder.Skipped skipped : built.skipped()) {
            refused.put(skipped.transaction(), skipped.reason());
        }
        StateView view = new StateView(ledger.tip().state());
        long blockTimeMillis = built.block().header().timeMillis();
        List<Transaction> applied = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Transaction tx = candidate.tx();
            if (refused.get(tx) instanceof Rejection.BadSignature) {
                continue; // Signatures are the builder's business; Transition trusts them.
            }
            ViewSnapshot before = new ViewSnapshot(view);
            Optional<Rejection> rejection = ledger.transition().apply(tx, view, blockTimeMillis);
            if (rejection.isPresent()) {
                assertEquals(before, new ViewSnapshot(view), "refused as " + rejection.get() + " but left a trace");
            } else {
                view.settle();
                applied.add(tx);
            }
        }
        return applied;
    }

    /** Everything a view holds beyond its base, copied. */
    private record ViewSnapshot(Map<String, AccountState> accounts, Map<String, AssetState> assets,
                                Map<BalanceKey, Long> balances, Map<Hash, Long> remembered) {
        ViewSnapshot(StateView view) {
            this(Map.copyOf(view.changedAccounts()), Map.copyOf(view.changedAssets()),
                    Map.copyOf(view.changedBalances()), Map.copyOf(view.rememberedTransactions()));
        }
    }

    /**
     * A second ledger fed the first one's blocks, as bytes decoded again, validates and commits
     * each to the same state root at every height, and refuses each forgery of the next block (tx
     * root, state root, previous hash, height, a proposer that is no validator) without moving.
     */
    @TestFactory
    Stream<DynamicTest> twoLedgersFedTheSameBlocksAgreeAtEveryHeightAndRefuseForgeries() {
        return SeededProperty.forAll(30, HISTORIES, blocks -> {
            try (Ledger first = Ledger.inMemory(RandomHistory.FIXTURE.genesis(), LedgerOptions.defaults());
                 Ledger second = Ledger.inMemory(RandomHistory.FIXTURE.genesis(), ONE_THREAD)) {
                RandomHistory history = new RandomHistory(first);
                follow(first, second);
                for (List<Step> steps : blocks) {
                    history.commitNext(steps);
                    Block next = decoded(first.block(first.height()).orElseThrow());
                    refuseAt(second, HeaderDraft.edit(next, draft -> draft.txRoot = Hash.ZERO), 3);
                    refuseAt(second, HeaderDraft.edit(next, draft -> draft.stateRoot = second.stateRoot()), 5);
                    refuseAt(second, HeaderDraft.edit(next, draft -> draft.prevBlockHash = next.hash()), 1);
                    refuseAt(second, HeaderDraft.edit(next, draft -> draft.height = next.height() + 1), 1);
                    refuseAt(second, HeaderDraft.edit(next, draft -> draft.proposer = "bank4"), 1);
                    follow(first, second);
                }
                assertEquals(first.height(), second.height());
            }
        });
    }

    /** Brings {@code second} up to {@code first}'s height, block by block, checking the roots agree at each. */
    private static void follow(Ledger first, Ledger second) {
        while (second.height() < first.height()) {
            long height = second.height() + 1;
            Block block = decoded(first.block(height).orElseThrow());
            Commit commit = first.commit(height).orElseThrow();
            assertTrue(second.validate(block).isOk(), () -> second.validate(block).rejection().message());
            second.commit(block, commit);
            assertEquals(block.header().stateRoot(), second.stateRoot(), "state root at height " + height);
        }
        assertEquals(first.stateRoot(), second.stateRoot());
        assertEquals(first.headHash(), second.headHash());
    }

    private static Block decoded(Block block) {
        return BlockCodec.decode(BlockCodec.encode(block), Limits.DEFAULT).value();
    }

    private static void refuseAt(Ledger ledger, Block forged, int step) {
        long height = ledger.height();
        Hash stateRoot = ledger.stateRoot();
        Rejection rejection = ledger.validate(forged).rejection();
        assertEquals(step, assertInstanceOf(Rejection.InvalidBlock.class, rejection).step(), rejection.message());
        assertEquals(height, ledger.height());
        assertEquals(stateRoot, ledger.stateRoot());
    }
}
