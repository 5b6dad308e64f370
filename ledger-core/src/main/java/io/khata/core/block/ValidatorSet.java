package io.khata.core.block;

import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validators in force at a height, ordered by id. A quorum is more than 2/3 of the total
 * voting power; the total is capped so that {@code 3 * power} never overflows.
 */
public final class ValidatorSet {
    /** Total power is at most this, so quorum arithmetic in longs cannot overflow. */
    public static final long TOTAL_POWER_MAX = Long.MAX_VALUE / 4;

    private final List<Validator> validators;
    private final Map<String, Validator> byId;
    private final long totalPower;
    private final Hash hash;

    public ValidatorSet(List<Validator> validators) {
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a validator set needs at least one validator");
        }
        List<Validator> sorted = new ArrayList<>(validators);
        sorted.sort(Comparator.comparing(Validator::id));
        Map<String, Validator> index = new HashMap<>();
        long total = 0;
        for (Validator validator : sorted) {
            if (index.put(validator.id(), validator) != null) {
                throw new IllegalArgumentException("duplicate validator id " + validator.id());
            }
            total += validator.power();
            if (total > TOTAL_POWER_MAX || total < 0) {
                throw new IllegalArgumentException("total voting power exceeds " + TOTAL_POWER_MAX);
            }
        }
        this.validators = Collections.unmodifiableList(sorted);
        this.byId = index;
        this.totalPower = total;
        this.hash = computeHash(sorted);
    }

    public List<Validator> validators() {
        return validators;
    }

    public int size() {
        return validators.size();
    }

    /** The validator with {@code id}, or null if it is not in this set. */
    public Validator get(String id) {
        return byId.get(id);
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public PublicKey keyOf(String id) {
        Validator validator = byId.get(id);
        return validator == null ? null : validator.key();
    }

    public long totalPower() {
        return totalPower;
    }

    /** True if {@code power} is more than 2/3 of the total. */
    public boolean isQuorum(long power) {
        return 3 * power > 2 * totalPower;
    }

    /** True if {@code power} is more than 1/3 of the total (at least one honest validator among them). */
    public boolean isOneThirdPlus(long power) {
        return 3 * power > totalPower;
    }

    /**
     * The header's {@code validators_hash}: SHA-256 over the validators in id order (ids are
     * ASCII, so string order is byte order), each encoded as a 4-byte big-endian id length, the
     * UTF-8 id, the 32-byte key and the 8-byte big-endian power, concatenated without a count:
     * every field is fixed-size or length-prefixed, so the sequence decodes one way only.
     */
    public Hash hash() {
        return hash;
    }

    private static Hash computeHash(List<Validator> sorted) {
        CanonicalWriter writer = new CanonicalWriter(64 * sorted.size());
        for (Validator validator : sorted) {
            byte[] key = validator.key().toByteArray();
            writer.writeString(validator.id());
            for (byte b : key) {
                writer.writeByte(b);
            }
            writer.writeLong(validator.power());
        }
        return Sha256.hash(writer.toByteArray());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValidatorSet that && hash.equals(that.hash) && validators.equals(that.validators);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "ValidatorSet" + validators;
    }
}
