package io.khata.core.block;

import com.google.protobuf.ByteString;
import io.khata.core.crypto.Hash;

/**
 * A block header. The block's hash is SHA-256 of the header's exact encoded bytes; a header
 * is encoded once by its proposer and carried as bytes from then on.
 *
 * @param timeMillis       milliseconds since the Unix epoch, fixed by the last commit (BFT time, {@link BlockTime}),
 *                         not by the proposer
 * @param prevBlockHash    {@link Hash#ZERO} for the first block
 * @param lastCommitHash   {@link Commit#NONE_HASH} for the first block
 * @param stateRoot        the state after this block's transactions (execution is immediate)
 * @param nextValidatorsHash the validator set in force from {@code height + 2}, as this block leaves it
 */
public record BlockHeader(
        String chainId,
        long height,
        Hash prevBlockHash,
        long timeMillis,
        String proposer,
        Hash txRoot,
        Hash stateRoot,
        Hash lastCommitHash,
        Hash validatorsHash,
        Hash evidenceHash,
        Hash nextValidatorsHash) {

    /** The protobuf encoding; hash the bytes this returns once, never a re-encoding of a decoded header. */
    public byte[] encode() {
        return io.khata.proto.BlockHeader.newBuilder()
                .setChainId(chainId)
                .setHeight(height)
                .setPrevBlockHash(bytes(prevBlockHash))
                .setTime(timeMillis)
                .setProposer(proposer)
                .setTxRoot(bytes(txRoot))
                .setStateRoot(bytes(stateRoot))
                .setLastCommitHash(bytes(lastCommitHash))
                .setValidatorsHash(bytes(validatorsHash))
                .setEvidenceHash(bytes(evidenceHash))
                .setNextValidatorsHash(bytes(nextValidatorsHash))
                .build()
                .toByteArray();
    }

    private static ByteString bytes(Hash hash) {
        return ByteString.copyFrom(hash.toByteArray());
    }
}
