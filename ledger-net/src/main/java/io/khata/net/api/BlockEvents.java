package io.khata.net.api;

import io.khata.core.block.Block;
import io.khata.core.block.CommitSig;
import io.khata.core.ledger.Ledger;
import io.khata.core.state.AssetState;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.proto.api.BlockEvent;
import io.khata.proto.api.TxEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A committed block as the event stream shows it: header fields, who signed its commit, and a line per operation. */
final class BlockEvents {
    private BlockEvents() {
    }

    static BlockEvent of(Block block, Ledger ledger) {
        BlockEvent.Builder event = BlockEvent.newBuilder()
                .setHeight(block.height())
                .setHash(block.hash().toHex())
                .setTime(block.header().timeMillis())
                .setProposer(block.header().proposer())
                .setEvidenceCount(block.evidence().size())
                .setChainId(block.header().chainId());
        ledger.commit(block.height()).ifPresent(commit -> {
            for (CommitSig signature : commit.signatures()) {
                event.addCommitSigners(signature.validator());
            }
        });
        Map<String, Integer> decimals = new HashMap<>();
        for (AssetState asset : ledger.assets()) {
            decimals.put(asset.id(), asset.decimals());
        }
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            TxEvent.Builder txEvent = TxEvent.newBuilder().setTxHash(tx.hash().toHex()).setIndex(i)
                    .setMemo(tx.body().memo());
            for (Operation operation : tx.body().operations()) {
                txEvent.addOperations(OperationSummaries.of(operation, decimals));
            }
            event.addTxs(txEvent);
        }
        return event.build();
    }
}
