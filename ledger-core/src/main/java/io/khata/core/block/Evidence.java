package io.khata.core.block;

import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import java.util.List;

/** Two conflicting votes signed by one validator: proof that it equivocated. */
public record Evidence(Vote first, Vote second) {

    public String validator() {
        return first.validator();
    }

    public long height() {
        return first.height();
    }

    /**
     * The offence this evidence proves, as a hash of (validator, height, round, vote type): two
     * evidence items about the same offence (the same vote against two different others, say)
     * have the same offence, and an offence is committed at most once in the whole chain.
     */
    public Hash offence() {
        return Sha256.hash(new CanonicalWriter(64)
                .writeString("khata-offence/1")
                .writeString(first.validator())
                .writeLong(first.height())
                .writeInt(first.round())
                .writeByte(first.type().tag().value())
                .toByteArray());
    }

    /** The two votes in a fixed order (by block hash, nil first), so one offence has one form. */
    public Evidence normalized() {
        Hash a = first.blockHash();
        Hash b = second.blockHash();
        boolean swap = a != null && (b == null || a.compareTo(b) > 0);
        return swap ? new Evidence(second, first) : this;
    }

    static void write(CanonicalWriter writer, Vote vote) {
        writer.writeByte(vote.type().ordinal())
                .writeLong(vote.height())
                .writeInt(vote.round())
                .writeOptionalHash(vote.blockHash())
                .writeLong(vote.timeMillis())
                .writeString(vote.validator())
                .writeBytes(vote.signature().toByteArray());
    }

    /** SHA-256 over the evidence list in block order; the header's {@code evidence_hash}. */
    public static Hash hashOf(List<Evidence> evidence) {
        CanonicalWriter writer = new CanonicalWriter().writeInt(evidence.size());
        for (Evidence item : evidence) {
            write(writer, item.first());
            write(writer, item.second());
        }
        return Sha256.hash(writer.toByteArray());
    }
}
