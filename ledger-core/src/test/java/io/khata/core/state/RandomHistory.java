package io.khata.core.state;

import static io.khata.core.genesis.TestGenesis.AUTHORITY;
import static io.khata.core.genesis.TestGenesis.BOND;
import static io.khata.core.genesis.TestGenesis.PKR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.testing.Generator;
import io.khata.core.testing.Generator.Weighted;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ledger driven through a random history: eight accounts (every third one 2-of-3 multi-sig)
 * opened and funded with rupees and bonds in two fixed blocks, then random blocks of random
 * steps, valid and invalid: transfers, delivery-versus-payment, issues, redemptions, freezes,
 * limits, borrowed signatures, expired transactions and replays.
 *
 * <p>Alongside runs a model that knows only what the committed blocks contain: it applies the
 * balance effects of each included transaction and nothing else. A refused transaction that
 * left any trace, or an included one that did not have exactly its effect, shows as a
 * difference between the ledger and the model.
 *
 * <p>Each step says whether it must be refused and, for some, why: signed by a key that
 * controls nothing or by fewer keys than the quorum, naming an account or asset that does not
 * exist, an amount not positive, a borrowed signature, an expired or replayed transaction.
 * A step signed correctly may still be refused by the state (funds, limits, freezes,
 * overflow), but never as unauthorized or for its signature.
 */
final class RandomHistory {
    static final TestGenesis FIXTURE = TestGenesis.of(4);
    static final int ACCOUNTS = 8;
    static final long FUNDING_PKR = 1_000_000;
    static final long FUNDING_BOND = 10_000;
    static final long ISSUER_BOND = 5_000;
    static final String UNKNOWN_ASSET = "GOLD";
    static final List<String> ASSETS = List.of(PKR, BOND, UNKNOWN_ASSET);
    static final List<String> KNOWN_ASSETS = List.of(PKR, BOND);
    /** Controls no account: a transaction signed only by it authorizes nothing. */
    static final KeyPair STRANGER = TestGenesis.keyPair("stranger");
    static final Party GHOST = new Party("ghost@bank1", List.of(TestGenesis.keyPair("ghost@bank1")), 1);
    /** The accounts, then the four treasuries, then the authority; an index past them is {@link #GHOST}. */
    static final List<Party> PARTIES = parties();
    /** How long past the head's time a transaction stays valid: ten blocks of the test chain. */
    private static final long VALID_FOR_MILLIS = 10 * TestChain.BLOCK_INTERVAL_MILLIS;

    enum Kind {
        TRANSFER, DELIVERY_VERSUS_PAYMENT, ISSUE, REDEEM, FREEZE, UNFREEZE, LIMIT, BORROWED_SIGNATURE, EXPIRED, REPLAY
    }

    enum Signing { RIGHT, STRANGER, SHORT_OF_QUORUM }

    record Step(Kind kind, int first, int second, int asset, long amount, Signing signing) {
    }

    record Party(String id, List<KeyPair> keys, int quorum) {
        List<KeyPair> quorumKeys() {
            return keys.subList(0, quorum);
        }
    }

    /**
     * A transaction made from a step and what the step demands of it: {@code mustBeRefused},
     * and if {@code exactReason} is set, refused for exactly that reason.
     */
    record Candidate(Transaction tx, Step step, boolean mustBeRefused, Rejection exactReason) {
    }

    private final Ledger ledger;
    private final TestChain chain;
    private final Map<String, Long> modelBalances = new HashMap<>();
    private final Map<String, Long> issued = new HashMap<>();
    private final Map<String, Long> redeemed = new HashMap<>();
    private final Map<String, Long> genesisSupply = new HashMap<>();
    private final List<Transaction> committed = new ArrayList<>();
    private long nonce;

    /** Opens and funds the accounts in blocks 1 and 2. */
    RandomHistory(Ledger ledger) {
        this.ledger = ledger;
        this.chain = new TestChain(FIXTURE, ledger);
        for (int i = 0; i < 4; i++) {
            modelBalances.put(key(TestGenesis.treasury(i), PKR), TestGenesis.TREASURY_PKR);
        }
        genesisSupply.put(PKR, 4 * TestGenesis.TREASURY_PKR);
        genesisSupply.put(BOND, 0L);
        commitAll(openAccounts());
        commitAll(fundAccounts());
    }

    // ------------------------------------------------------------------ generation

    /** Two to five blocks of three to 25 steps each. */
    static Generator<List<List<Step>>> blocks() {
        return steps().list(3, 25).list(2, 5);
    }

    static Generator<Step> steps() {
        Generator<Kind> kind = Generator.frequency(
                Weighted.value(10, Kind.TRANSFER), Weighted.value(2, Kind.DELIVERY_VERSUS_PAYMENT),
                Weighted.value(2, Kind.ISSUE), Weighted.value(2, Kind.REDEEM), Weighted.value(1, Kind.FREEZE),
                Weighted.value(1, Kind.UNFREEZE), Weighted.value(1, Kind.LIMIT),
                Weighted.value(1, Kind.BORROWED_SIGNATURE), Weighted.value(1, Kind.EXPIRED),
                Weighted.value(1, Kind.REPLAY));
        Generator<Integer> party = Generator.integers(0, PARTIES.size());
        Generator<Integer> asset = Generator.frequency(Weighted.value(5, 0), Weighted.value(4, 1), Weighted.value(1, 2));
        Generator<Long> amount = Generator.frequency(
                new Weighted<>(6, Generator.longs(1, 50_000)),
                new Weighted<>(2, Generator.longs(50_001, 5_000_000)),
                new Weighted<>(1, Generator.of(0L, -1L, Long.MIN_VALUE)),
                new Weighted<>(1, Generator.longs(Long.MAX_VALUE / 2, Long.MAX_VALUE)));
        Generator<Signing> signing = Generator.frequency(
                Weighted.value(8, Signing.RIGHT), Weighted.value(1, Signing.STRANGER),
                Weighted.value(1, Signing.SHORT_OF_QUORUM));
        return random -> new Step(kind.next(random), party.next(random), party.next(random), asset.next(random),
                amount.next(random), signing.next(random));
    }

    private static List<Party> parties() {
        List<Party> parties = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = "account" + i + "@" + TestGenesis.bank(i % 4);
            if (i % 3 == 0) {
                List<KeyPair> keys = List.of(TestGenesis.keyPair(id + "/0"), TestGenesis.keyPair(id + "/1"),
                        TestGenesis.keyPair(id + "/2"));
                parties.add(new Party(id, keys, 2));
            } else {
                parties.add(new Party(id, List.of(TestGenesis.keyPair(id)), 1));
            }
        }
        for (int i = 0; i < 4; i++) {
            String treasury = TestGenesis.treasury(i);
            parties.add(new Party(treasury, List.of(FIXTURE.accountKey(treasury)), 1));
        }
        parties.add(new Party(AUTHORITY, List.of(FIXTURE.accountKey(AUTHORITY)), 1));
        return List.copyOf(parties);
    }

    static Party party(int index) {
        return index < PARTIES.size() ? PARTIES.get(index) : GHOST;
    }

    static Party authority() {
        return PARTIES.get(PARTIES.size() - 1);
    }

    // ------------------------------------------------------------------ the fixed first blocks

    private List<Transaction> openAccounts() {
        List<Transaction> txs = new ArrayList<>();
        for (Party account : PARTIES.subList(0, ACCOUNTS)) {
            List<PublicKey> keys = account.keys().stream().map(KeyPair::publicKey).toList();
            String member = account.id().substring(account.id().indexOf('@') + 1);
            txs.add(sign(List.of(new Operation.CreateAccount(account.id(), keys, account.quorum())),
                    List.of(FIXTURE.validatorKey(member))));
        }
        return txs;
    }

    private List<Transaction> fundAccounts() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = PARTIES.get(i).id();
            String treasury = TestGenesis.treasury(i % 4);
            txs.add(sign(List.of(new Operation.Transfer(PKR, treasury, account, FUNDING_PKR)),
                    List.of(FIXTURE.accountKey(treasury))));
            txs.add(sign(List.of(new Operation.Issue(BOND, account, FUNDING_BOND)), authority().quorumKeys()));
        }
        txs.add(sign(List.of(new Operation.Issue(BOND, AUTHORITY, ISSUER_BOND)), authority().quorumKeys()));
        return txs;
    }

    private void commitAll(List<Transaction> txs) {
        BlockBuilder.Built built = chain.commitNext(txs);
        assertEquals(List.of(), built.skipped());
        applyToModel(built.block().transactions());
    }

    // ------------------------------------------------------------------ random blocks

    Ledger ledger() {
        return ledger;
    }

    TestChain chain() {
        return chain;
    }

    Transaction sign(List<Operation> operations, List<KeyPair> signers) {
        return sign(operations, ledger.headTimeMillis() + VALID_FOR_MILLIS, signers);
    }

    private Transaction sign(List<Operation> operations, long validUntil, List<KeyPair> signers) {
        return TxCodec.sign(new TxBody(ledger.chainId(), operations, validUntil, ++nonce, ""), signers);
    }

    /** The candidate transactions for the next block, one per step (a replay with nothing to replay is dropped). */
    List<Candidate> candidates(List<Step> steps) {
        List<Candidate> candidates = new ArrayList<>();
        for (Step step : steps) {
            Candidate candidate = candidate(step);
            if (candidate != null) {
                candidates.add(candidate);
            }
        }
        return candidates;
    }

    private Candidate candidate(Step step) {
        Party first = party(step.first());
        Party second = party(step.second());
        String asset = ASSETS.get(step.asset());
        long amount = step.amount();
        boolean unknown = first == GHOST || second == GHOST || asset.equals(UNKNOWN_ASSET);
        boolean badSigning = step.signing() != Signing.RIGHT;
        Rejection invalidAmount = amount <= 0 ? new Rejection.InvalidAmount(amount) : null;
        switch (step.kind()) {
            case TRANSFER: {
                Transaction tx = sign(List.of(new Operation.Transfer(asset, first.id(), second.id(), amount)),
                        signers(first, step.signing()));
                return new Candidate(tx, step, unknown || badSigning || invalidAmount != null, invalidAmount);
            }
            case DELIVERY_VERSUS_PAYMENT: {
                List<KeyPair> signers = new ArrayList<>(signers(first, step.signing()));
                if (!first.equals(second)) {
                    signers.addAll(second.quorumKeys());
                }
                Transaction tx = sign(List.of(
                        new Operation.Transfer(BOND, first.id(), second.id(), amount),
                        new Operation.Transfer(PKR, second.id(), first.id(), amount)), signers);
                boolean unknownParty = first == GHOST || second == GHOST;
                return new Candidate(tx, step, unknownParty || badSigning || invalidAmount != null, invalidAmount);
            }
            case ISSUE: {
                Transaction tx = sign(List.of(new Operation.Issue(asset, second.id(), amount)),
                        signers(authority(), step.signing()));
                boolean unknownTarget = second == GHOST || asset.equals(UNKNOWN_ASSET);
                return new Candidate(tx, step, unknownTarget || badSigning || invalidAmount != null, invalidAmount);
            }
            case REDEEM: {
                Transaction tx = sign(List.of(new Operation.Redeem(asset, amount)),
                        signers(authority(), step.signing()));
                boolean unknownAsset = asset.equals(UNKNOWN_ASSET);
                return new Candidate(tx, step, unknownAsset || badSigning || invalidAmount != null, invalidAmount);
            }
            case FREEZE:
            case UNFREEZE: {
                Transaction tx = sign(List.of(new Operation.SetFrozen(first.id(), step.kind() == Kind.FREEZE)),
                        signers(authority(), step.signing()));
                return new Candidate(tx, step, first == GHOST || badSigning, null);
            }
            case LIMIT: {
                long max = amount % 100_000;
                Transaction tx = sign(List.of(new Operation.SetTransferLimit(first.id(), asset, max)),
                        signers(authority(), step.signing()));
                boolean invalid = first == GHOST || asset.equals(UNKNOWN_ASSET) || badSigning || max < 0;
                return new Candidate(tx, step, invalid, null);
            }
            case BORROWED_SIGNATURE: {
                Transaction honest = sign(List.of(new Operation.Transfer(PKR, first.id(), second.id(), 1)),
                        first.quorumKeys());
                Transaction donor = sign(List.of(new Operation.Transfer(PKR, first.id(), second.id(), 2)),
                        first.quorumKeys());
                Transaction tx = TxCodec.assemble(TxCodec.encodeBody(honest.body()), donor.signatures());
                return new Candidate(tx, step, true, new Rejection.BadSignature(first.quorumKeys().get(0).publicKey()));
            }
            case EXPIRED: {
                long next = chain.nextBlockTimeMillis();
                Transaction tx = sign(List.of(new Operation.Transfer(PKR, first.id(), second.id(), 1)), next - 1,
                        first.quorumKeys());
                return new Candidate(tx, step, true, new Rejection.Expired(next - 1, next));
            }
            case REPLAY: {
                if (committed.isEmpty()) {
                    return null;
                }
                Transaction tx = committed.get(Math.floorMod(amount, committed.size()));
                return new Candidate(tx, step, true, new Rejection.Replayed(tx.hash()));
            }
            default:
                throw new IllegalStateException("unhandled step kind " + step.kind());
        }
    }

    /** The keys a step signs with for an operation that needs {@code required}'s quorum. */
    private static List<KeyPair> signers(Party required, Signing signing) {
        switch (signing) {
            case RIGHT:
                return required.quorumKeys();
            case STRANGER:
                return List.of(STRANGER);
            case SHORT_OF_QUORUM:
                return required.quorum() > 1 ? required.keys().subList(0, required.quorum() - 1) : List.of(STRANGER);
            default:
                throw new IllegalStateException("unhandled signing " + signing);
        }
    }

    /** Reasons a correctly signed transaction naming only known accounts and assets must never get. */
    private static final Set<Class<?>> NEVER_FOR_A_RIGHT_STEP = Set.of(Rejection.NotAuthorized.class,
            Rejection.BadSignature.class, Rejection.UnknownAccount.class, Rejection.UnknownAsset.class,
            Rejection.Expired.class, Rejection.TtlTooLong.class, Rejection.Replayed.class);

    /** Builds the next block from {@code candidates} and checks what each step demanded; commits nothing. */
    BlockBuilder.Built build(List<Candidate> candidates) {
        List<Transaction> txs = candidates.stream().map(Candidate::tx).toList();
        BlockBuilder.Built built = chain.build(txs);
        Map<Transaction, Rejection> refused = new IdentityHashMap<>();
        for (BlockBuilder.Skipped skipped : built.skipped()) {
            refused.put(skipped.transaction(), skipped.reason());
        }
        for (Candidate candidate : candidates) {
            Rejection reason = refused.get(candidate.tx());
            boolean included = built.block().transactions().stream().anyMatch(tx -> tx == candidate.tx());
            assertTrue(included != (reason != null), "neither included nor refused: " + candidate.step());
            if (candidate.mustBeRefused()) {
                assertFalse(included, "included though it must be refused: " + candidate.step());
            }
            if (candidate.exactReason() != null) {
                assertEquals(candidate.exactReason(), reason, candidate.step().toString());
            }
            if (reason != null && !candidate.mustBeRefused()) {
                assertFalse(NEVER_FOR_A_RIGHT_STEP.contains(reason.getClass()),
                        "a valid step refused as " + reason + ": " + candidate.step());
            }
        }
        return built;
    }

    /** Commits a block this history built, with every validator's precommit, and updates the model. */
    void commit(BlockBuilder.Built built) {
        ledger.commit(built.block(), chain.commitFor(built.block()));
        applyToModel(built.block().transactions());
    }

    /** Builds, checks and commits the next block of {@code steps}. */
    BlockBuilder.Built commitNext(List<Step> steps) {
        BlockBuilder.Built built = build(candidates(steps));
        commit(built);
        return built;
    }

    private void applyToModel(List<Transaction> included) {
        for (Transaction tx : included) {
            committed.add(tx);
            for (Operation operation : tx.body().operations()) {
                if (operation instanceof Operation.Transfer op) {
                    add(op.from(), op.asset(), -op.amount());
                    add(op.to(), op.asset(), op.amount());
                } else if (operation instanceof Operation.Issue op) {
                    add(op.to(), op.asset(), op.amount());
                    issued.merge(op.asset(), op.amount(), Math::addExact);
                } else if (operation instanceof Operation.Redeem op) {
                    add(ledger.asset(op.asset()).issuer(), op.asset(), -op.amount());
                    redeemed.merge(op.asset(), op.amount(), Math::addExact);
                }
            }
        }
    }

    private void add(String account, String asset, long amount) {
        modelBalances.merge(key(account, asset), amount, Math::addExact);
    }

    private static String key(String account, String asset) {
        return account + "/" + asset;
    }

    // ------------------------------------------------------------------ invariants

    /**
     * Every balance is the model's and none is negative; every asset's supply is its genesis
     * supply plus what was issued minus what was redeemed, and the sum of all balances.
     */
    void checkInvariants() {
        for (String asset : KNOWN_ASSETS) {
            long sum = 0;
            for (int i = 0; i <= PARTIES.size(); i++) {
                Party party = party(i);
                long balance = ledger.balance(party.id(), asset);
                assertTrue(balance >= 0, party.id() + " holds " + balance + " " + asset);
                assertEquals(modelBalances.getOrDefault(key(party.id(), asset), 0L), balance,
                        "balance of " + party.id() + " in " + asset);
                sum = Math.addExact(sum, balance);
            }
            long supply = ledger.asset(asset).supply();
            long expected = genesisSupply.get(asset) + issued.getOrDefault(asset, 0L)
                    - redeemed.getOrDefault(asset, 0L);
            assertEquals(expected, supply, "supply of " + asset + " against issued minus redeemed");
            assertEquals(sum, supply, "supply of " + asset + " against the sum of balances");
        }
    }
}
