package io.khata.core.genesis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.codec.ProtoJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code genesis.json}: the protobuf {@code Genesis} message in protobuf's JSON mapping.
 * Whatever the bytes, the answer is a {@link Result}, never an exception. The checks run
 * cheapest first and the first failure is returned:
 * <ol>
 *   <li>size within {@link Limits#genesisBytesMax()} ({@link Rejection.TooLarge}), before anything is decoded;</li>
 *   <li>strict UTF-8 and strict RFC 8259 JSON: one value, no comments, no name twice in an
 *       object, nested at most {@value #NESTING_DEPTH_MAX} deep; then the JSON mapping of
 *       {@code Genesis} with no unknown field ({@link Rejection.Malformed});</li>
 *   <li>the rules below, each refusal a {@link Rejection.InvalidField} naming the field's path
 *       in the file (such as {@code members[2].validator_key}) and its value.</li>
 * </ol>
 * The rules: {@code chain_id} is non-empty and within {@link Limits#identifierBytesMax()};
 * {@code genesis_time} fits a signed long; {@code max_tx_ttl_ms} is at most
 * {@value Genesis#MAX_TX_TTL_MILLIS_LIMIT} (24 hours), and 0 means
 * {@value Genesis#MAX_TX_TTL_MILLIS_DEFAULT} (one hour); there is at least one member; member ids are
 * well-formed and unique; each validator key is 64 lowercase hex characters encoding a strong
 * Ed25519 key ({@link io.khata.core.crypto.Ed25519#isStrongKey}), and no two members share one;
 * power is positive and the total at most {@link io.khata.core.block.ValidatorSet#TOTAL_POWER_MAX}
 * (so that a validator set can be built from it); {@code authority} is a well-formed account id
 * whose domain is not a member id, and that account exists; account ids are well-formed and
 * unique and their domain is a member id or the authority's domain; an account has at least
 * one key, no key twice, each key a strong key as above, and {@code 1 <= quorum <= keys} with a
 * quorum a transaction can carry ({@link Limits#signaturesPerTxMax()}); asset ids are well-formed
 * and unique, the issuer account exists, {@code decimals <= 18}; a balance names an existing
 * asset at most once per account, its amount is positive, and no asset's total supply
 * overflows a long.
 */
public final class GenesisLoader {
    /**
     * A genesis file nests five levels deep (the file, accounts, an account, its balances, a
     * balance); anything much deeper is refused before protobuf's JSON parser, which recurses
     * per level, could run out of stack.
     */
    static final int NESTING_DEPTH_MAX = 16;
    /** How much of a parser's complaint a {@link Rejection.Malformed} repeats. */
    private static final int PARSER_MESSAGE_CHARS_MAX = 200;

    private GenesisLoader() {
    }

    /** Reads and checks a genesis file under {@link Limits#DEFAULT}. */
    public static Result<Genesis> load(Path file) {
        return load(file, Limits.DEFAULT);
    }

    /**
     * Reads and checks a genesis file. A file that cannot be read (missing, a directory, no
     * permission) is answered with {@link Rejection.Malformed} naming the file and the cause.
     */
    public static Result<Genesis> load(Path file, Limits limits) {
        String what = "genesis file " + file;
        try {
            long size = Files.size(file);
            if (size > limits.genesisBytesMax()) {
                return Result.err(new Rejection.TooLarge(what, size, limits.genesisBytesMax()));
            }
            byte[] json;
            try (InputStream in = Files.newInputStream(file)) {
                // Bounded even if the file grows after Files.size: parse() refuses the extra byte.
                json = in.readNBytes(limits.genesisBytesMax() + 1);
            }
            return parse(json, limits);
        } catch (IOException | SecurityException e) {
            return Result.err(new Rejection.Malformed(what, "cannot be read: " + e));
        }
    }

    /** Decodes and checks the bytes of a genesis file. */
    public static Result<Genesis> parse(byte[] json, Limits limits) {
        if (json.length > limits.genesisBytesMax()) {
            return Result.err(new Rejection.TooLarge("genesis", json.length, limits.genesisBytesMax()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            return Result.err(new Rejection.Malformed("genesis", "not valid UTF-8"));
        }
        io.khata.proto.Genesis.Builder wire = io.khata.proto.Genesis.newBuilder();
        try {
            ProtoJson.merge(text, wire, NESTING_DEPTH_MAX);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Result.err(new Rejection.Malformed("genesis",
                    GenesisChecks.shown(reason, PARSER_MESSAGE_CHARS_MAX)));
        }
        return accept(wire.build(), limits);
    }

    /**
     * Applies the same rules to a genesis built in code, such as by a testnet tool before it
     * writes the file: the answer is {@code genesis} itself, or the first rule it breaks.
     */
    public static Result<Genesis> validate(Genesis genesis, Limits limits) {
        Rejection rejection = GenesisChecks.check(WireMapping.toWire(genesis), limits);
        return rejection == null ? Result.ok(genesis) : Result.err(rejection);
    }

    private static Result<Genesis> accept(io.khata.proto.Genesis wire, Limits limits) {
        Rejection rejection = GenesisChecks.check(wire, limits);
        return rejection == null ? Result.ok(WireMapping.fromWire(wire)) : Result.err(rejection);
    }
}
