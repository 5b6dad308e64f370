package io.khata.core.genesis;

import io.khata.core.codec.ProtoJson;

/**
 * Writes a {@link Genesis} as {@code genesis.json}: protobuf's JSON mapping with the proto
 * field names ({@code chain_id}, {@code validator_key}), every field present even when empty
 * so that a file doubles as a template, and {@code max_tx_ttl_ms} written as its effective value.
 * As the mapping prescribes, 64-bit numbers ({@code genesis_time}, {@code power},
 * {@code amount}) are JSON strings. {@link GenesisLoader#parse} reads the output back to an
 * equal value. This writes what it is given; run {@link GenesisLoader#validate} first to refuse
 * a genesis that no node would load.
 */
public final class GenesisWriter {
    private GenesisWriter() {
    }

    public static String toJson(Genesis genesis) {
        return ProtoJson.printComplete(WireMapping.toWire(genesis)) + "\n";
    }
}
