package io.khata.core.genesis;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

/**
 * Writes a {@link Genesis} as {@code genesis.json}: protobuf's JSON mapping with the proto
 * field names ({@code chain_id}, {@code validator_key}), every field present even when empty
 * so that a file doubles as a template, and {@code max_tx_ttl} written as its effective value.
 * As the mapping prescribes, 64-bit numbers ({@code genesis_time}, {@code power},
 * {@code amount}) are JSON strings. {@link GenesisLoader#parse} reads the output back to an
 * equal value. This writes what it is given; run {@link GenesisLoader#validate} first to refuse
 * a genesis that no node would load.
 */
public final class GenesisWriter {
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence();

    private GenesisWriter() {
    }

    public static String toJson(Genesis genesis) {
        try {
            return PRINTER.print(WireMapping.toWire(genesis)) + "\n";
        } catch (InvalidProtocolBufferException e) {
            // The printer fails only on google.protobuf.Any with an unknown type; Genesis has none.
            throw new IllegalStateException("cannot print a Genesis message", e);
        }
    }
}
