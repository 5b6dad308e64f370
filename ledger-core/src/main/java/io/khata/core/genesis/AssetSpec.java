package io.khata.core.genesis;

import java.util.Objects;

/**
 * An asset that exists from the first block.
 *
 * @param issuer   the account that may issue and redeem it
 * @param decimals how many of the smallest units make one displayed unit, as a power of ten (PKR: 2)
 */
public record AssetSpec(String id, String issuer, int decimals) {
    public AssetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
    }
}
