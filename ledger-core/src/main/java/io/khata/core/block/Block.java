package io.khata.core.block;

import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block: the exact header bytes (whose SHA-256 is the block hash), the decoded header, the
 * transactions in order, the commit of the previous block (null for the first block) and
 * evidence of equivocation. Built by {@link BlockCodec}.
 */
public final class Block {
    private final byte[] headerBytes;
    private final BlockHeader header;
    private final Hash hash;
    private final List<Transaction> transactions;
    private final Commit lastCommit;
    private final List<Evidence> evidence;

    Block(byte[] headerBytes, BlockHeader header, Hash hash, List<Transaction> transactions,
          Commit lastCommit, List<Evidence> evidence) {
        this.headerBytes = headerBytes;
        this.header = header;
        this.hash = hash;
        this.transactions = List.copyOf(transactions);
        this.lastCommit = lastCommit;
        this.evidence = List.copyOf(evidence);
    }

    public Hash hash() {
        return hash;
    }

    public BlockHeader header() {
        return header;
    }

    public long height() {
        return header.height();
    }

    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    /** The length of the header bytes, without copying them. */
    public int headerSize() {
        return headerBytes.length;
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    public List<Hash> transactionHashes() {
        List<Hash> hashes = new ArrayList<>(transactions.size());
        for (Transaction tx : transactions) {
            hashes.add(tx.hash());
        }
        return hashes;
    }

    /** The previous block's commit certificate, or null for the first block. */
    public Commit lastCommit() {
        return lastCommit;
    }

    public List<Evidence> evidence() {
        return evidence;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Block that && hash.equals(that.hash) && Arrays.equals(headerBytes, that.headerBytes)
                && transactions.equals(that.transactions) && java.util.Objects.equals(lastCommit, that.lastCommit)
                && evidence.equals(that.evidence);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "Block[height=" + header.height() + ", hash=" + hash + ", txs=" + transactions.size() + "]";
    }
}
