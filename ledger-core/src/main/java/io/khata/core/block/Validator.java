package io.khata.core.block;

import io.khata.core.crypto.PublicKey;

/** A member bank's validator: its id, the key its votes verify under, and its voting power. */
public record Validator(String id, PublicKey key, long power) {
    public Validator {
        if (power <= 0) {
            throw new IllegalArgumentException("voting power must be positive, got " + power + " for " + id);
        }
    }
}
