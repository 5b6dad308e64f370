package io.khata.core.ledger;

import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import java.util.List;
import java.util.function.Consumer;

/**
 * A mutable copy of a {@link BlockHeader}, for tests that forge blocks: start from a header a
 * builder produced, change one field, and assemble a block around it. The forged header is
 * encoded afresh, so the block's hash is that of the forgery, as a malicious proposer's would be.
 */
public final class HeaderDraft {
    public String chainId;
    public long height;
    public Hash prevBlockHash;
    public long timeMillis;
    public String proposer;
    public Hash txRoot;
    public Hash stateRoot;
    public Hash lastCommitHash;
    public Hash validatorsHash;
    public Hash evidenceHash;
    public Hash nextValidatorsHash;

    public HeaderDraft(BlockHeader header) {
        chainId = header.chainId();
        height = header.height();
        prevBlockHash = header.prevBlockHash();
        timeMillis = header.timeMillis();
        proposer = header.proposer();
        txRoot = header.txRoot();
        stateRoot = header.stateRoot();
        lastCommitHash = header.lastCommitHash();
        validatorsHash = header.validatorsHash();
        evidenceHash = header.evidenceHash();
        nextValidatorsHash = header.nextValidatorsHash();
    }

    public BlockHeader toHeader() {
        return new BlockHeader(chainId, height, prevBlockHash, timeMillis, proposer, txRoot, stateRoot,
                lastCommitHash, validatorsHash, evidenceHash, nextValidatorsHash);
    }

    /** {@code block} with its header changed by {@code edit}; transactions, last commit and evidence kept. */
    public static Block edit(Block block, Consumer<HeaderDraft> edit) {
        return assemble(block, edit, block.transactions(), block.lastCommit());
    }

    /** A block with {@code block}'s header changed by {@code edit} around other contents. */
    public static Block assemble(Block block, Consumer<HeaderDraft> edit, List<Transaction> transactions,
                                 Commit lastCommit) {
        HeaderDraft draft = new HeaderDraft(block.header());
        edit.accept(draft);
        return BlockCodec.assemble(draft.toHeader(), transactions, lastCommit, block.evidence());
    }
}
