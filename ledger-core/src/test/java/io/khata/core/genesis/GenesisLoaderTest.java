package io.khata.core.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.state.GenesisState;
import io.khata.core.testing.Generator;
import io.khata.core.testing.Mutations;
import io.khata.core.testing.SeededProperty;
import io.khata.proto.BalanceSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GenesisLoaderTest {
    private static final TestGenesis TEST = TestGenesis.of(4);
    private static final Genesis VALID = TEST.genesis();
    private static final byte[] VALID_JSON = GenesisWriter.toJson(VALID).getBytes(StandardCharsets.UTF_8);

    /** The identity point (y = 1): on the curve, but of order 1, so anyone can "sign" for it. */
    private static final String SMALL_ORDER_KEY = "01" + "00".repeat(31);
    /** y = 2: no x satisfies the curve equation, so this encodes no point. */
    private static final String NOT_ON_CURVE_KEY = "02" + "00".repeat(31);
    /** y = 3: a point of the curve, but outside the prime-order subgroup (it has a small-order component). */
    private static final String MIXED_ORDER_KEY = "03" + "00".repeat(31);
    /** y = p = 2^255 - 19: a non-canonical encoding (of y = 0), refused by RFC 8032 decoding. */
    private static final String NON_CANONICAL_KEY = "ed" + "ff".repeat(30) + "7f";

    // ------------------------------------------------------------------ valid input

    @Test
    void validGenesisParses() {
        Genesis genesis = GenesisLoader.parse(VALID_JSON, Limits.DEFAULT).value();

        assertEquals(TestGenesis.CHAIN_ID, genesis.chainId());
        assertEquals(TestGenesis.GENESIS_TIME_MILLIS, genesis.genesisTimeMillis());
        assertEquals(List.of("bank0", "bank1", "bank2", "bank3"), genesis.members().stream().map(Member::id).toList());
        assertEquals(TEST.validatorKey("bank2").publicKey(), genesis.member("bank2").orElseThrow().validatorKey());
        assertEquals(4 * TestGenesis.MEMBER_POWER, genesis.totalVotingPower());
        assertEquals("issuer@authority", genesis.authorityAccount());
        assertEquals("authority", genesis.authorityDomain());
        assertEquals(
                List.of(new AssetSpec("PKR", "issuer@authority", 2), new AssetSpec("BOND-2030", "issuer@authority", 0)),
                genesis.assets());
        assertEquals(5, genesis.accounts().size());
        AccountSpec treasury = genesis.accounts().get(2);
        assertEquals("treasury@bank1", treasury.id());
        assertEquals(List.of(TEST.accountKey("treasury@bank1").publicKey()), treasury.keys());
        assertEquals(TestGenesis.TREASURY_PKR, treasury.balance("PKR"));
        assertEquals(0, treasury.balance("BOND-2030"));
        assertEquals(Genesis.MAX_TX_TTL_MILLIS_DEFAULT, genesis.maxTxTtlMillis());
    }

    @Test
    void roundTripThroughJsonGivesAnEqualGenesisAndTheSameText() {
        Genesis parsed = GenesisLoader.parse(VALID_JSON, Limits.DEFAULT).value();

        assertEquals(VALID, parsed);
        assertEquals(new String(VALID_JSON, StandardCharsets.UTF_8), GenesisWriter.toJson(parsed));
    }

    @Test
    void roundTripKeepsEveryFieldOfAGenesisBuiltInCode() {
        String rootCaPem = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";
        List<AssetSpec> assets =
                List.of(new AssetSpec("PKR", "central@rbp", 2), new AssetSpec("BOND-2030", "central@rbp", 0));
        Genesis genesis = new Genesis("chain.2", 5L, VALID.members(), "central@rbp", rootCaPem, assets,
                List.of(new AccountSpec("central@rbp", List.of(key("a"), key("b"), key("c")), 2,
                        Map.of("PKR", 7L, "BOND-2030", Long.MAX_VALUE))),
                7);
        assertEquals(Result.ok(genesis), GenesisLoader.validate(genesis, Limits.DEFAULT));

        Genesis parsed = parse(GenesisWriter.toJson(genesis).getBytes(StandardCharsets.UTF_8)).value();

        assertEquals(genesis, parsed);
        assertEquals(List.of("BOND-2030", "PKR"), List.copyOf(parsed.accounts().get(0).balances().keySet()));
    }

    @Test
    void theTestGenesisIsValidForAnyNumberOfBanks() {
        for (int banks = 1; banks <= 7; banks++) {
            Result<Genesis> result = GenesisLoader.validate(TestGenesis.of(banks).genesis(), Limits.DEFAULT);
            assertTrue(result.isOk(), banks + " banks: " + result.rejection());
        }
    }

    @Test
    void maxTxTtlZeroMeansTheDefault() {
        Genesis genesis = parse(mutated(wire -> wire.setMaxTxTtlMs(0))).value();

        assertEquals(Genesis.MAX_TX_TTL_MILLIS_DEFAULT, genesis.maxTxTtlMillis());
    }

    @Test
    void camelCaseJsonNamesAreAcceptedAsTheMappingAllows() {
        String camel = new String(VALID_JSON, StandardCharsets.UTF_8).replace("\"chain_id\"", "\"chainId\"");

        assertEquals(VALID, parse(camel.getBytes(StandardCharsets.UTF_8)).value());
    }

    @Test
    void loadReadsAFile(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("genesis.json");
        Files.write(file, VALID_JSON);

        assertEquals(VALID, GenesisLoader.load(file).value());
    }

    @Test
    void loadAnswersAMissingFileWithARejection(@TempDir Path directory) {
        Result<Genesis> result = GenesisLoader.load(directory.resolve("absent.json"));

        Rejection.Malformed malformed = assertInstanceOf(Rejection.Malformed.class, result.rejection());
        assertTrue(malformed.message().contains("absent.json"), malformed.message());
    }

    @Test
    void publicApiSpeaksInRecordsNeverInGeneratedProtobufTypes() {
        List<Class<?>> publicTypes = List.of(Genesis.class, Member.class, AccountSpec.class, AssetSpec.class,
                GenesisLoader.class, GenesisWriter.class);
        for (Class<?> type : publicTypes) {
            List<String> signatures = new ArrayList<>();
            for (java.lang.reflect.Method method : type.getMethods()) {
                signatures.add(method.toGenericString());
            }
            for (java.lang.reflect.Constructor<?> constructor : type.getConstructors()) {
                signatures.add(constructor.toGenericString());
            }
            for (String signature : signatures) {
                assertFalse(signature.contains("io.khata.proto"), signature);
            }
        }
    }

    // ------------------------------------------------------------------ the validator set hash

    @Test
    void validatorsHashIsSha256OfTheDocumentedEncoding() throws Exception {
        Member b = new Member("b", key("member b"), 3, "host-b:1");
        Member a = new Member("a", key("member a"), io.khata.core.block.ValidatorSet.TOTAL_POWER_MAX - 3, "host-a:1");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        for (Member member : List.of(a, b)) {
            out.writeInt(1);
            out.write(member.id().getBytes(StandardCharsets.UTF_8));
            out.write(member.validatorKey().toByteArray());
            out.writeLong(member.power());
        }
        Hash expectedHash = Hash.of(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));

        assertEquals(expectedHash, withMembers(List.of(b, a)).validatorsHash());
    }

    @Test
    void validatorsHashIgnoresMemberOrderAndAddressesButNotKeysOrPower() {
        List<Member> members = new ArrayList<>(VALID.members());
        Hash original = VALID.validatorsHash();
        Collections.reverse(members);
        assertEquals(original, withMembers(members).validatorsHash());

        Member first = members.get(0);
        members.set(0, new Member(first.id(), first.validatorKey(), first.power(), "10.0.0.9:1"));
        assertEquals(original, withMembers(members).validatorsHash());

        members.set(0, new Member(first.id(), first.validatorKey(), first.power() + 1, first.p2pAddress()));
        assertNotEquals(original, withMembers(members).validatorsHash());

        members.set(0, new Member(first.id(), key("another"), first.power(), first.p2pAddress()));
        assertNotEquals(original, withMembers(members).validatorsHash());
    }

    // ------------------------------------------------------------------ size and syntax

    @Test
    void aFileOneByteOverTheLimitIsTooLarge(@TempDir Path directory) throws IOException {
        Limits limits = limitsWithGenesisBytesMax(VALID_JSON.length - 1);
        Path file = directory.resolve("genesis.json");
        Files.write(file, VALID_JSON);

        Rejection.TooLarge tooLarge =
                assertInstanceOf(Rejection.TooLarge.class, GenesisLoader.load(file, limits).rejection());
        assertEquals(VALID_JSON.length, tooLarge.bytes());
        assertEquals(VALID_JSON.length - 1, tooLarge.bytesMax());
        assertInstanceOf(Rejection.TooLarge.class, GenesisLoader.parse(VALID_JSON, limits).rejection());

        assertTrue(GenesisLoader.load(file, limitsWithGenesisBytesMax(VALID_JSON.length)).isOk());
    }

    @Test
    void tooLargeIsCheckedBeforeParsing() {
        byte[] garbage = new byte[101];

        Result<Genesis> result = GenesisLoader.parse(garbage, limitsWithGenesisBytesMax(100));

        assertInstanceOf(Rejection.TooLarge.class, result.rejection());
    }

    @Test
    void everyTruncationOfValidJsonIsMalformed() {
        String json = new String(VALID_JSON, StandardCharsets.UTF_8).strip();
        for (int length = 0; length < json.length(); length++) {
            byte[] truncated = json.substring(0, length).getBytes(StandardCharsets.UTF_8);
            Result<Genesis> result = parse(truncated);
            assertInstanceOf(Rejection.Malformed.class, result.rejection(), "truncated to " + length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInputs")
    void malformedInputIsMalformed(String name, byte[] input) {
        assertInstanceOf(Rejection.Malformed.class, parse(input).rejection());
    }

    static Stream<Arguments> malformedInputs() {
        String json = new String(VALID_JSON, StandardCharsets.UTF_8);
        return Stream.of(
                malformed("empty", ""),
                malformed("not JSON", "genesis"),
                malformed("a JSON array", "[]"),
                malformed("a JSON string", "\"{}\""),
                malformed("unknown field", json.replace("\"chain_id\"", "\"colour\": \"red\",\n  \"chain_id\"")),
                malformed("unknown nested field", json.replace("\"power\"", "\"weight\": 1, \"power\"")),
                malformed("a name twice", json.replace("\"chain_id\"", "\"chain_id\": \"other\",\n  \"chain_id\"")),
                malformed("a field under both of its names",
                        json.replace("\"chain_id\"", "\"chainId\": \"x\",\n  \"chain_id\"")),
                malformed("trailing content", json + "{}"),
                malformed("a comment", "// genesis\n" + json),
                malformed("single quotes", json.replace("\"khata-test\"", "'khata-test'")),
                malformed("a string where a number belongs", json.replace("\"decimals\": 2", "\"decimals\": \"two\"")),
                malformed("power not a number", json.replace("\"power\": \"10\"", "\"power\": \"ten\"")),
                malformed("power with a fraction", json.replace("\"power\": \"10\"", "\"power\": 10.5")),
                malformed("power beyond 64 bits",
                        json.replace("\"power\": \"10\"", "\"power\": \"18446744073709551616\"")),
                malformed("deep nesting", "[".repeat(100_000)),
                malformed("deep nesting in a field",
                        json.replace("\"root_ca_pem\": \"\"", "\"root_ca_pem\": " + "[".repeat(20) + "]".repeat(20))),
                Arguments.of("invalid UTF-8", concat(VALID_JSON, new byte[] {(byte) 0xc3, 0x28})),
                Arguments.of("a UTF-8 byte order mark",
                        concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, VALID_JSON)));
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        byte[] json = mutated(wire -> wire.setRootCaPem("[".repeat(10_000) + "{\"\\"));

        assertEquals("[".repeat(10_000) + "{\"\\", parse(json).value().rootCaPem());
    }

    @Test
    void malformedMessagesAreBoundedAndEscaped() {
        String name = "x\n".repeat(10_000);
        byte[] json = ("{\"" + name.replace("\n", "\\n") + "\": 1}").getBytes(StandardCharsets.UTF_8);

        String message = parse(json).rejection().message();

        assertTrue(message.length() < 400, message);
        assertFalse(message.contains("\n"), message);
    }

    // ------------------------------------------------------------------ one test per rule

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleViolations")
    void eachRuleIsEnforcedAndNamesTheField(String rule, Change change, String field) {
        assertRefused(mutated(change), Limits.DEFAULT, field);
    }

    static Stream<Arguments> ruleViolations() {
        String validatorKey = "members[2].validator_key";
        return Stream.of(
                rule("chain_id empty", wire -> wire.setChainId(""), "chain_id"),
                rule("chain_id over the identifier limit", wire -> wire.setChainId("c".repeat(65)), "chain_id"),
                rule("genesis_time beyond a signed long", wire -> wire.setGenesisTime(-1), "genesis_time"),
                rule("max_tx_ttl_ms beyond a signed long", wire -> wire.setMaxTxTtlMs(-1), "max_tx_ttl_ms"),
                rule("max_tx_ttl_ms Long.MAX_VALUE", wire -> wire.setMaxTxTtlMs(Long.MAX_VALUE), "max_tx_ttl_ms"),
                rule("max_tx_ttl_ms one over 24 hours", wire -> wire.setMaxTxTtlMs(86_400_001L), "max_tx_ttl_ms"),
                rule("no members", wire -> wire.clearMembers(), "members"),
                rule("member id empty", member(1, m -> m.setId("")), "members[1].id"),
                rule("member id with capitals", member(1, m -> m.setId("Bank1")), "members[1].id"),
                rule("member id repeated", member(2, m -> m.setId("bank0")), "members[2].id"),
                rule("validator key short", member(2, m -> m.setValidatorKey("abcd")), validatorKey),
                rule("validator key long", member(2, m -> m.setValidatorKey(hex(2) + "00")), validatorKey),
                rule("validator key in capitals", member(2, m -> m.setValidatorKey(hex(2).toUpperCase())),
                        validatorKey),
                rule("validator key not hex", member(2, m -> m.setValidatorKey("zz" + hex(2).substring(2))),
                        validatorKey),
                rule("validator key not on the curve", member(2, m -> m.setValidatorKey(NOT_ON_CURVE_KEY)),
                        validatorKey),
                rule("validator key of small order", member(2, m -> m.setValidatorKey(SMALL_ORDER_KEY)), validatorKey),
                rule("validator key of mixed order", member(2, m -> m.setValidatorKey(MIXED_ORDER_KEY)), validatorKey),
                rule("validator key not canonical", member(2, m -> m.setValidatorKey(NON_CANONICAL_KEY)), validatorKey),
                rule("validator key shared", member(3, m -> m.setValidatorKey(hex(0))), "members[3].validator_key"),
                rule("power zero", member(1, m -> m.setPower(0)), "members[1].power"),
                rule("power beyond a signed long", member(1, m -> m.setPower(Long.MIN_VALUE)), "members[1].power"),
                rule("total power overflows a long", member(1, m -> m.setPower(Long.MAX_VALUE)), "members[1].power"),
                rule("total power above the validator set's maximum", wire -> {
                    wire.getMembersBuilder(0).setPower(ValidatorSet.TOTAL_POWER_MAX - 30);
                    wire.getMembersBuilder(3).setPower(11);
                }, "members[3].power"),
                rule("authority not an account id", wire -> wire.setAuthority("issuer"), "authority"),
                rule("authority domain is a member", wire -> wire.setAuthority("issuer@bank0"), "authority"),
                rule("authority account missing", wire -> wire.setAuthority("governor@authority"), "authority"),
                rule("account id malformed", account(1, a -> a.setId("treasury")), "accounts[1].id"),
                rule("account domain unknown", account(1, a -> a.setId("treasury@bank9")), "accounts[1].id"),
                rule("account id repeated", account(2, a -> a.setId("treasury@bank0")), "accounts[2].id"),
                rule("account without keys", account(1, a -> a.clearKeys()), "accounts[1].keys"),
                rule("account key malformed", account(1, a -> a.setKeys(0, "00")), "accounts[1].keys[0]"),
                rule("account key of small order", account(1, a -> a.setKeys(0, SMALL_ORDER_KEY)),
                        "accounts[1].keys[0]"),
                rule("account key repeated", account(1, a -> a.addKeys(a.getKeys(0))), "accounts[1].keys[1]"),
                rule("quorum zero", account(1, a -> a.setQuorum(0)), "accounts[1].quorum"),
                rule("quorum above the keys", account(1, a -> a.setQuorum(2)), "accounts[1].quorum"),
                rule("quorum beyond a signed int", account(1, a -> a.setQuorum(-1)), "accounts[1].quorum"),
                rule("asset id malformed", asset(1, a -> a.setId("BOND 2030")), "assets[1].id"),
                rule("asset id repeated", asset(1, a -> a.setId("PKR")), "assets[1].id"),
                rule("asset issuer missing", asset(0, a -> a.setIssuer("mint@authority")), "assets[0].issuer"),
                rule("decimals above 18", asset(0, a -> a.setDecimals(19)), "assets[0].decimals"),
                rule("balance of an unknown asset", account(2, a -> a.getBalancesBuilder(0).setAsset("USD")),
                        "accounts[2].balances[0].asset"),
                rule("balance listed twice", account(2, a -> a.addBalances(balance("PKR", 1))),
                        "accounts[2].balances[1].asset"),
                rule("balance zero", account(2, a -> a.getBalancesBuilder(0).setAmount(0)),
                        "accounts[2].balances[0].amount"),
                rule("balance negative", account(2, a -> a.getBalancesBuilder(0).setAmount(-5)),
                        "accounts[2].balances[0].amount"),
                rule("total supply overflows", account(1, a -> a.getBalancesBuilder(0).setAmount(Long.MAX_VALUE)),
                        "accounts[2].balances[0].amount"));
    }

    /** A change to the wire message of the valid genesis. */
    interface Change extends Consumer<io.khata.proto.Genesis.Builder> {
    }

    private static Change member(int index, Consumer<io.khata.proto.Member.Builder> change) {
        return wire -> change.accept(wire.getMembersBuilder(index));
    }

    private static Change account(int index, Consumer<io.khata.proto.AccountSpec.Builder> change) {
        return wire -> change.accept(wire.getAccountsBuilder(index));
    }

    private static Change asset(int index, Consumer<io.khata.proto.AssetSpec.Builder> change) {
        return wire -> change.accept(wire.getAssetsBuilder(index));
    }

    @Test
    void theLargestAcceptedTotalPowerMakesAValidatorSet() {
        byte[] json = mutated(member(0, m -> m.setPower(ValidatorSet.TOTAL_POWER_MAX - 30)));

        Genesis genesis = parse(json).value();

        assertEquals(ValidatorSet.TOTAL_POWER_MAX, genesis.totalVotingPower());
        assertEquals(ValidatorSet.TOTAL_POWER_MAX, GenesisState.validators(genesis).totalPower());
        assertEquals(genesis.validatorsHash(), GenesisState.validators(genesis).hash());
    }

    @Test
    void quorumAboveWhatATransactionCanCarryIsRefused() {
        Limits limits = new Limits(64 * 1024, 64, 2, 256, 32 * 1024 * 1024, 20_000, 100, 64, 16 * 1024 * 1024);
        byte[] json = mutated(account(1, a -> a.addKeys(key("second").toHex())
                .addKeys(key("third").toHex())
                .setQuorum(3)));

        assertRefused(json, limits, "accounts[1].quorum");
        assertTrue(parse(json).isOk());
    }

    @Test
    void identifierLimitComesFromLimits() {
        Limits limits = new Limits(64 * 1024, 64, 32, 256, 32 * 1024 * 1024, 20_000, 100, 9, 16 * 1024 * 1024);

        assertRefused(VALID_JSON, limits, "chain_id");
    }

    @Test
    void validateAppliesTheSameRulesToAGenesisBuiltInCode() {
        List<AccountSpec> accounts = new ArrayList<>(VALID.accounts());
        accounts.set(1, new AccountSpec("treasury@bank0", accounts.get(1).keys(), 1, Map.of("PKR", 0L)));
        Genesis genesis = new Genesis(VALID.chainId(), VALID.genesisTimeMillis(), VALID.members(),
                VALID.authorityAccount(), VALID.rootCaPem(), VALID.assets(), accounts, VALID.maxTxTtlMillis());

        Result<Genesis> result = GenesisLoader.validate(genesis, Limits.DEFAULT);

        Rejection.InvalidField invalid = assertInstanceOf(Rejection.InvalidField.class, result.rejection());
        assertEquals("accounts[1].balances[0].amount", invalid.field());
    }

    @Test
    void aRefusedValueIsShownEscapedAndShortened() {
        byte[] json = mutated(wire -> wire.setChainId("evil\nINFO forged log line " + "x".repeat(500)));

        String message = parse(json).rejection().message();

        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains("evil\\u000aINFO"), message);
        assertTrue(message.length() < 300, message);
    }

    // ------------------------------------------------------------------ any bytes give a Result

    @TestFactory
    Stream<DynamicTest> anyBytesGiveARejectionNeverAnException() {
        return SeededProperty.forAll(500, Generator.bytes(2_000), bytes -> {
            Result<Genesis> result = parse(bytes);

            assertNotNull(result);
            assertFalse(result.isOk());
        });
    }

    @TestFactory
    Stream<DynamicTest> anyJsonLikeTextGivesAResult() {
        return SeededProperty.forAll(500, Generator.strings("{}[]\":,\\-. eu0123456789", 300),
                text -> assertNotNull(parse(text.getBytes(StandardCharsets.UTF_8))));
    }

    @TestFactory
    Stream<DynamicTest> changingOneByteOfAValidFileGivesAResult() {
        return SeededProperty.cases(300, random -> {
            byte[] changed = VALID_JSON.clone();
            changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);

            Result<Genesis> result = parse(changed);

            assertNotNull(result);
            if (result.isOk()) {
                byte[] rewritten = GenesisWriter.toJson(result.value()).getBytes(StandardCharsets.UTF_8);
                assertEquals(result.value(), parse(rewritten).value());
            }
        });
    }

    @Test
    void everyTruncationOfAValidFileGivesARejectionOrTheSameGenesis() {
        for (byte[] prefix : Mutations.truncations(VALID_JSON)) {
            Result<Genesis> result = parse(prefix);

            assertNotNull(result);
            if (result.isOk()) {
                // Only a cut in the trailing whitespace leaves the whole document.
                assertEquals(parse(VALID_JSON).value(), result.value(), "a genesis cut to " + prefix.length + " bytes");
            }
        }
    }

    @Test
    void aFileOverTheLimitIsTooLargeAndDeepNestingIsRefused() {
        Limits d = Limits.DEFAULT;
        Limits small = new Limits(d.txBytesMax(), d.operationsPerTxMax(), d.signaturesPerTxMax(), d.memoBytesMax(),
                d.blockBytesMax(), d.txsPerBlockMax(), d.evidencePerBlockMax(), d.identifierBytesMax(), VALID_JSON.length - 1);
        assertInstanceOf(Rejection.TooLarge.class, GenesisLoader.parse(VALID_JSON, small).rejection());
        byte[] nested = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        assertFalse(parse(nested).isOk());
    }

    // ------------------------------------------------------------------ helpers

    private static Result<Genesis> parse(byte[] json) {
        return GenesisLoader.parse(json, Limits.DEFAULT);
    }

    private static void assertRefused(byte[] json, Limits limits, String field) {
        Result<Genesis> result = GenesisLoader.parse(json, limits);
        Rejection.InvalidField invalid = assertInstanceOf(Rejection.InvalidField.class, result.rejection(),
                () -> "expected " + field + " to be refused, got " + result);
        assertEquals(field, invalid.field(), invalid.message());
        assertTrue(invalid.message().startsWith(field + " = '"), invalid.message());
        assertEquals("invalid_field", invalid.code());
    }

    /** The valid test genesis with {@code change} applied to its wire message, as JSON bytes. */
    static byte[] mutated(Change change) {
        io.khata.proto.Genesis.Builder wire = WireMapping.toWire(VALID).toBuilder();
        change.accept(wire);
        try {
            return JsonFormat.printer().preservingProtoFieldNames().print(wire).getBytes(StandardCharsets.UTF_8);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static Arguments rule(String name, Change change, String field) {
        return Arguments.of(name, change, field);
    }

    private static Arguments malformed(String name, String input) {
        return Arguments.of(name, input.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(int member) {
        return VALID.members().get(member).validatorKey().toHex();
    }

    private static PublicKey key(String name) {
        return TestGenesis.keyPair(name).publicKey();
    }

    private static BalanceSpec balance(String asset, long amount) {
        return BalanceSpec.newBuilder().setAsset(asset).setAmount(amount).build();
    }

    private static Genesis withMembers(List<Member> members) {
        return new Genesis(VALID.chainId(), VALID.genesisTimeMillis(), members, VALID.authorityAccount(),
                VALID.rootCaPem(), VALID.assets(), VALID.accounts(), VALID.maxTxTtlMillis());
    }

    private static Limits limitsWithGenesisBytesMax(int bytesMax) {
        return new Limits(64 * 1024, 64, 32, 256, 32 * 1024 * 1024, 20_000, 100, 64, bytesMax);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
