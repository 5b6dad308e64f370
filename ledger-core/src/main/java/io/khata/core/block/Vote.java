package io.khata.core.block;

import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;

/**
 * A signed prevote or precommit of {@code validator} for {@code blockHash} (null for nil) at
 * {@code height} and {@code round}, stamped with the signer's clock.
 *
 * @param timeMillis the signer's clock when it signed, milliseconds since the Unix epoch, never
 *                   negative. It is signed, so a commit's precommits fix the next block's time
 *                   (see {@link BlockTime}); it is not part of what the vote says, so two votes
 *                   that differ only in it are one vote sent twice, never an equivocation.
 */
public record Vote(VoteType type, long height, int round, Hash blockHash, long timeMillis, String validator,
                   Signature signature) {

    public boolean isNil() {
        return blockHash == null;
    }

    /**
     * The signed bytes: {@code tag ‖ chain_id ‖ height ‖ round ‖ block hash or nil ‖ time}, the
     * time as 8 bytes big-endian. The validator's id is not signed: the key that verifies the
     * signature identifies it.
     */
    public static byte[] signedBytes(VoteType type, String chainId, long height, int round, Hash blockHash,
                                     long timeMillis) {
        return new CanonicalWriter(104)
                .writeByte(type.tag().value())
                .writeString(chainId)
                .writeLong(height)
                .writeInt(round)
                .writeOptionalHash(blockHash)
                .writeLong(timeMillis)
                .toByteArray();
    }

    public byte[] signedBytes(String chainId) {
        return signedBytes(type, chainId, height, round, blockHash, timeMillis);
    }

    public static Vote sign(VoteType type, String chainId, long height, int round, Hash blockHash, long timeMillis,
                            String validator, KeyPair key) {
        Signature signature = key.sign(signedBytes(type, chainId, height, round, blockHash, timeMillis));
        return new Vote(type, height, round, blockHash, timeMillis, validator, signature);
    }

    public boolean verify(String chainId, PublicKey key) {
        return Ed25519.verify(key, signedBytes(chainId), signature);
    }

    /**
     * Same validator, height, round and type, different block: equivocation when both verify.
     * The time is not compared: a vote re-signed with another time says the same thing.
     */
    public boolean conflictsWith(Vote other) {
        return type == other.type && height == other.height && round == other.round
                && validator.equals(other.validator)
                && !java.util.Objects.equals(blockHash, other.blockHash);
    }
}
