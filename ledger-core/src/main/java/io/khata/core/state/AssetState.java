package io.khata.core.state;

/** An asset: its issuer, how many decimals its minor unit has, and its total supply in minor units. */
public record AssetState(String id, String issuer, int decimals, long supply) {
    public AssetState withSupply(long value) {
        return new AssetState(id, issuer, decimals, value);
    }
}
