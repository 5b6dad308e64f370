package io.khata.net.sim;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * What a simulated node needs from its ledger: the calls the consensus shell makes for
 * {@code BuildProposal}, {@code ValidateBlock} and {@code Commit}, and the queries the
 * invariants read. One instance per node; it survives the node's crashes, as storage does.
 */
interface SimLedger {
    long height();

    /** Builds the next block; its time is the one its last commit fixes (BFT time). */
    Block build(long height, String proposer, List<Transaction> candidates, List<Evidence> evidence);

    /** Empty if the block is valid as the next block; otherwise why not. Changes nothing. */
    Optional<String> validate(Block block);

    void commit(Block block, Commit commit);

    Optional<Block> block(long height);

    Optional<Commit> commit(long height);

    /** Every asset's supply as the ledger records it. */
    Map<String, Long> supply();

    /** Every asset's sum over all account balances; conservation means it equals {@link #supply()}. */
    Map<String, Long> balanceSums();

    boolean isCommitted(Hash txHash);

    /** The validator set in force at {@code height}, from this ledger's own history of changes. */
    ValidatorSet validatorsAt(long height);

    /** Every validator set this ledger has recorded, by the height it takes effect at. */
    NavigableMap<Long, ValidatorSet> validatorHistory();

    /** The candidates the last {@link #build} left out, with the reason for each. */
    default List<BlockBuilder.Skipped> lastSkipped() {
        return List.of();
    }
}
