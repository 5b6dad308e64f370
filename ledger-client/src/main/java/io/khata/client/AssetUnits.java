package io.khata.client;

import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.Result;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Each asset's decimals, to turn "12.50 PKR" into the 1250 minor units a transaction carries and
 * back. The ledger only ever sees minor units; conversion is exact or refused (no rounding: an
 * amount with more fractional digits than the asset has is an error, not a smaller payment).
 *
 * <p>The decimals come from a node ({@link KhataClient#assetUnits()}, every asset on the chain
 * now) or from the genesis file (every asset that exists from the first block), plus {@link #with}
 * for an asset created after either was read.
 */
public final class AssetUnits {
    /** More fractional digits than any long amount can hold. */
    private static final int DECIMALS_MAX = 18;

    private final Map<String, Integer> decimals;

    private AssetUnits(Map<String, Integer> decimals) {
        this.decimals = Map.copyOf(decimals);
    }

    public static AssetUnits fromGenesis(Genesis genesis) {
        Map<String, Integer> decimals = new HashMap<>();
        for (AssetSpec asset : genesis.assets()) {
            decimals.put(asset.id(), asset.decimals());
        }
        return new AssetUnits(decimals);
    }

    /** Reads the genesis file with ledger-core's loader (all of its checks and limits). */
    public static AssetUnits load(Path genesisFile) {
        Result<Genesis> genesis = GenesisLoader.load(genesisFile);
        if (!genesis.isOk()) {
            throw new IllegalArgumentException(genesisFile + ": " + genesis.rejection().message());
        }
        return fromGenesis(genesis.value());
    }

    public static AssetUnits of(Map<String, Integer> decimals) {
        decimals.forEach(AssetUnits::checkDecimals);
        return new AssetUnits(decimals);
    }

    /** These units and one more asset (one created after genesis, say). */
    public AssetUnits with(String asset, int assetDecimals) {
        checkDecimals(asset, assetDecimals);
        Map<String, Integer> more = new HashMap<>(decimals);
        more.put(asset, assetDecimals);
        return new AssetUnits(more);
    }

    public int decimals(String asset) {
        Integer known = decimals.get(asset);
        if (known == null) {
            throw new IllegalArgumentException("no decimals known for asset " + asset);
        }
        return known;
    }

    /** {@code 12.5} PKR (2 decimals) is 1250; {@code 0.001} PKR is refused. */
    public long toMinorUnits(String asset, BigDecimal amount) {
        try {
            return amount.movePointRight(decimals(asset)).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(amount.toPlainString() + " " + asset + " is not a whole number of minor units"
                    + " (" + decimals(asset) + " decimals) within a 64-bit amount");
        }
    }

    public long toMinorUnits(String asset, String amount) {
        return toMinorUnits(asset, new BigDecimal(amount));
    }

    /** 1250 minor units of PKR is {@code 12.50}. */
    public BigDecimal toMajorUnits(String asset, long minorUnits) {
        return BigDecimal.valueOf(minorUnits, decimals(asset));
    }

    /** For people: {@code "12.50 PKR"}. */
    public String format(String asset, long minorUnits) {
        return toMajorUnits(asset, minorUnits).toPlainString() + " " + asset;
    }

    private static void checkDecimals(String asset, int assetDecimals) {
        if (assetDecimals < 0 || assetDecimals > DECIMALS_MAX) {
            throw new IllegalArgumentException(asset + ": decimals must be 0 to " + DECIMALS_MAX + ", got " + assetDecimals);
        }
    }
}
