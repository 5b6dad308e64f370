package io.khata.net.sim;

import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import io.khata.core.validate.ValidatedBlock;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ledger-core's {@link Ledger} behind the simulator's interface: blocks are built, validated
 * and committed by the real builder, validator and payments state machine, and written to a
 * {@link SimulatedLedgerStore} that outlives the node. A restart opens a fresh {@link Ledger}
 * over that store, as a restarted node opens its database. Block time is BFT time: the weighted
 * median of the last commit's precommit times, which the nodes' clocks (genesis time plus
 * virtual time) stamped. One verifier thread, so the ledger verifies inline on the simulation's
 * thread.
 */
final class CoreLedger implements SimLedger {
    private final Genesis genesis;
    private final io.khata.core.store.LedgerStore store;
    private Ledger ledger;
    private List<BlockBuilder.Skipped> lastSkipped = List.of();

    CoreLedger(Genesis genesis) {
        this(genesis, new io.khata.core.store.MemoryLedgerStore());
    }

    CoreLedger(Genesis genesis, io.khata.core.store.LedgerStore store) {
        this.genesis = genesis;
        this.store = store;
        reopen();
    }

    /** Opens the ledger again over its store, as a node does when it restarts. */
    void reopen() {
        ledger = Ledger.open(store, genesis, LedgerOptions.defaults().withVerifierThreads(1).withLimits(Simulation.LIMITS));
    }

    /** The ledger the node's shell runs on, until the next restart. */
    Ledger ledger() {
        return ledger;
    }

    @Override
    public long height() {
        return ledger.height();
    }

    @Override
    public Block build(long height, String proposer, List<Transaction> candidates, List<Evidence> evidence) {
        if (height != ledger.height() + 1) {
            throw new IllegalStateException("build of " + height + " at ledger height " + ledger.height());
        }
        Commit lastCommit = ledger.commit(height - 1).orElse(null);
        BlockBuilder.Built built = ledger.build(proposer, candidates, lastCommit, evidence);
        lastSkipped = built.skipped();
        return built.block();
    }

    @Override
    public List<BlockBuilder.Skipped> lastSkipped() {
        return lastSkipped;
    }

    @Override
    public Optional<String> validate(Block block) {
        Result<ValidatedBlock> result = ledger.validate(block);
        return result.isOk() ? Optional.empty() : Optional.of(result.rejection().message());
    }

    @Override
    public void commit(Block block, Commit commit) {
        ledger.commit(block, commit);
    }

    @Override
    public Optional<Block> block(long height) {
        return ledger.block(height);
    }

    @Override
    public Optional<Commit> commit(long height) {
        return ledger.commit(height);
    }

    @Override
    public Map<String, Long> supply() {
        Map<String, Long> supply = new TreeMap<>();
        for (AssetSpec asset : genesis.assets()) {
            supply.put(asset.id(), ledger.asset(asset.id()).supply());
        }
        return supply;
    }

    @Override
    public Map<String, Long> balanceSums() {
        Map<String, Long> sums = new TreeMap<>();
        for (AssetSpec asset : genesis.assets()) {
            long sum = 0;
            for (AccountSpec account : genesis.accounts()) {
                sum = Math.addExact(sum, ledger.balance(account.id(), asset.id()));
            }
            sums.put(asset.id(), sum);
        }
        return sums;
    }

    @Override
    public boolean isCommitted(Hash txHash) {
        return ledger.location(txHash).isPresent();
    }

    @Override
    public ValidatorSet validatorsAt(long height) {
        return ledger.validatorsAt(height);
    }

    @Override
    public NavigableMap<Long, ValidatorSet> validatorHistory() {
        return ledger.validatorHistory();
    }
}
