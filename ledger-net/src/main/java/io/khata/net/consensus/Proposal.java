package io.khata.net.consensus;

import io.khata.core.block.Block;
import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.DomainTag;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;

/**
 * {@code ⟨PROPOSAL, h, r, v, vr⟩} of Algorithm 1, signed by the round's proposer. The
 * signature covers {@code PROPOSAL tag ‖ chain_id ‖ height ‖ round ‖ valid_round ‖ block hash};
 * the block hash commits to everything in the block, so the block itself is not signed again.
 *
 * @param validRound -1, or the round in which the proposer saw a polka for this block
 */
public record Proposal(long height, int round, int validRound, Block block, String proposer, Signature signature) {

    public Hash blockHash() {
        return block.hash();
    }

    public static byte[] signedBytes(String chainId, long height, int round, int validRound, Hash blockHash) {
        return new CanonicalWriter(96)
                .writeByte(DomainTag.PROPOSAL.value())
                .writeString(chainId)
                .writeLong(height)
                .writeInt(round)
                .writeInt(validRound)
                .writeHash(blockHash)
                .toByteArray();
    }

    public static Proposal sign(String chainId, long height, int round, int validRound, Block block,
                                String proposer, KeyPair key) {
        Signature signature = key.sign(signedBytes(chainId, height, round, validRound, block.hash()));
        return new Proposal(height, round, validRound, block, proposer, signature);
    }

    public boolean verify(String chainId, PublicKey key) {
        return Ed25519.verify(key, signedBytes(chainId, height, round, validRound, block.hash()), signature);
    }

    @Override
    public String toString() {
        return "Proposal[h=" + height + ", r=" + round + ", vr=" + validRound + ", block=" + block.hash()
                + ", proposer=" + proposer + "]";
    }
}
