package io.khata.bench;

import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.SignatureCheck;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.genesis.Member;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import io.khata.core.validate.ValidatedBlock;
import io.khata.store.rocksdb.RocksLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The data every benchmark measures, generated the same way on every run from {@link #SEED}:
 * a genesis of {@value #BANKS} banks, the authority {@value #AUTHORITY}, the assets
 * {@value #PKR} (2 decimals) and {@value #BOND} (0 decimals), and many accounts spread over the
 * banks' domains, each with its own key and funded in genesis; then a chain of two blocks:
 * <ol>
 *   <li>an empty block 1 with its commit certificate, so the measured block carries a
 *       {@code last_commit} and validation runs every step a node runs;</li>
 *   <li>block 2, the measured block: {@code txsPerBlock} transactions, each a transfer signed by
 *       its sender (four in five of {@value #PKR}, one in five of {@value #BOND} from a bond
 *       holder), except every {@value #DVP_EVERY}th, which is a delivery-versus-payment
 *       (bond one way, cash the other, signed by both parties); with its commit certificate
 *       signed by all four validators.</li>
 * </ol>
 * Block 2 is built by a ledger as a proposer builds it, so its {@code tx_root} and
 * {@code state_root} are the real ones; building refuses to go on if any transaction is left out.
 */
public final class Workload {
    public static final long SEED = 20_240_601L;
    public static final String CHAIN_ID = "khata-bench";
    public static final long GENESIS_TIME_MILLIS = 1_700_000_000_000L;
    public static final long BLOCK_INTERVAL_MILLIS = 1_000;
    public static final int BANKS = 4;
    public static final long MEMBER_POWER = 10;
    public static final String AUTHORITY = "issuer@authority";
    public static final String PKR = "PKR";
    public static final String BOND = "BOND-2030";
    public static final int ACCOUNTS_DEFAULT = 2_000;
    /** Every this many transactions, one is a two-signer delivery-versus-payment. */
    public static final int DVP_EVERY = 100;
    /** Every this many accounts, one holds bonds from genesis. */
    public static final int BOND_HOLDER_EVERY = 4;
    /** Opening cash of every account: 1,000,000,000.00 PKR, far more than a block can spend. */
    public static final long OPENING_PKR_MINOR = 100_000_000_000L;
    public static final long OPENING_BONDS = 1_000_000;
    /** How long past the genesis time the transactions stay valid: the measured block is a second after it. */
    public static final long VALID_FOR_MILLIS = 60_000;
    /** The height of the measured block. */
    public static final long HEIGHT = 2;

    private final Genesis genesis;
    private final List<KeyPair> validatorKeys;
    private final Block firstBlock;
    private final Commit firstCommit;
    private final Block block;
    private final byte[] blockBytes;
    private final Commit commit;

    private record Account(String id, KeyPair key, boolean bondHolder) {
    }

    private Workload(Genesis genesis, List<KeyPair> validatorKeys, Block firstBlock, Commit firstCommit,
                     Block block, Commit commit) {
        this.genesis = genesis;
        this.validatorKeys = List.copyOf(validatorKeys);
        this.firstBlock = firstBlock;
        this.firstCommit = firstCommit;
        this.block = block;
        this.blockBytes = BlockCodec.encode(block);
        this.commit = commit;
    }

    /** The workload of a {@code txsPerBlock} block over {@value #ACCOUNTS_DEFAULT} accounts. */
    public static Workload create(int txsPerBlock) {
        return create(txsPerBlock, ACCOUNTS_DEFAULT);
    }

    public static Workload create(int txsPerBlock, int accountCount) {
        if (txsPerBlock < 1 || accountCount < 2) {
            throw new IllegalArgumentException("need at least 1 transaction and 2 accounts, got "
                    + txsPerBlock + " and " + accountCount);
        }
        List<KeyPair> validatorKeys = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < BANKS; i++) {
            KeyPair key = keyPair("validator/" + bank(i));
            validatorKeys.add(key);
            members.add(new Member(bank(i), key.publicKey(), MEMBER_POWER, "127.0.0.1:" + (26_650 + i)));
        }
        KeyPair authorityKey = keyPair(AUTHORITY);
        List<Account> accounts = accounts(accountCount);
        List<AccountSpec> specs = new ArrayList<>(accountCount + 1);
        specs.add(new AccountSpec(AUTHORITY, List.of(authorityKey.publicKey()), 1, Map.of()));
        for (Account account : accounts) {
            Map<String, Long> balances = account.bondHolder()
                    ? Map.of(PKR, OPENING_PKR_MINOR, BOND, OPENING_BONDS)
                    : Map.of(PKR, OPENING_PKR_MINOR);
            specs.add(new AccountSpec(account.id(), List.of(account.key().publicKey()), 1, balances));
        }
        List<AssetSpec> assets = List.of(new AssetSpec(PKR, AUTHORITY, 2), new AssetSpec(BOND, AUTHORITY, 0));
        Genesis genesis = new Genesis(CHAIN_ID, GENESIS_TIME_MILLIS, members, AUTHORITY, "", assets, specs,
                Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        Result<Genesis> checked = GenesisLoader.validate(genesis, Limits.DEFAULT);
        if (!checked.isOk()) {
            throw new IllegalStateException("the benchmark genesis is invalid: " + checked.rejection().message());
        }
        return build(genesis, validatorKeys, transactions(txsPerBlock, accounts));
    }

    private static Workload build(Genesis genesis, List<KeyPair> validatorKeys, List<Transaction> candidates) {
        try (Ledger proposer = Ledger.inMemory(genesis, options(0))) {
            BlockBuilder.Built first = proposer.build(bank(0), List.of(), null, List.of());
            Commit firstCommit = commitFor(first.block(), validatorKeys);
            proposer.commit(first.block(), firstCommit);
            BlockBuilder.Built built = proposer.build(bank(1), candidates, firstCommit, List.of());
            if (!built.skipped().isEmpty() || built.block().transactions().size() != candidates.size()) {
                BlockBuilder.Skipped skipped = built.skipped().isEmpty() ? null : built.skipped().get(0);
                throw new IllegalStateException("the proposer left " + built.skipped().size() + " of "
                        + candidates.size() + " transactions out" + (skipped == null ? "" : ", first: "
                        + skipped.reason().message()));
            }
            return new Workload(genesis, validatorKeys, first.block(), firstCommit, built.block(),
                    commitFor(built.block(), validatorKeys));
        }
    }

    private static List<Account> accounts(int count) {
        List<Account> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = String.format("acct%05d@%s", i, bank(i % BANKS));
            accounts.add(new Account(id, keyPair(id), i % BOND_HOLDER_EVERY == 0));
        }
        return accounts;
    }

    /** Transfers from random senders to random other accounts, with a DvP every {@value #DVP_EVERY}th. */
    private static List<Transaction> transactions(int count, List<Account> accounts) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Account> bondHolders = accounts.stream().filter(Account::bondHolder).toList();
        long validUntil = GENESIS_TIME_MILLIS + VALID_FOR_MILLIS;
        List<Transaction> transactions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long nonce = i + 1;
            String memo = String.format("INV-%08d", nonce);
            List<Operation> operations;
            List<KeyPair> signers;
            if (nonce % DVP_EVERY == 0) {
                Account seller = pick(bondHolders, random, null);
                Account buyer = pick(accounts, random, seller);
                long bonds = 1 + random.nextInt(10);
                long priceMinor = 100_000 + random.nextInt(1_000);
                operations = List.of(
                        new Operation.Transfer(BOND, seller.id(), buyer.id(), bonds),
                        new Operation.Transfer(PKR, buyer.id(), seller.id(), bonds * priceMinor));
                signers = List.of(seller.key(), buyer.key());
            } else if (random.nextInt(5) == 0) {
                Account from = pick(bondHolders, random, null);
                Account to = pick(accounts, random, from);
                operations = List.of(new Operation.Transfer(BOND, from.id(), to.id(), 1 + random.nextInt(10)));
                signers = List.of(from.key());
            } else {
                Account from = pick(accounts, random, null);
                Account to = pick(accounts, random, from);
                operations = List.of(new Operation.Transfer(PKR, from.id(), to.id(), 1 + random.nextInt(1_000_000)));
                signers = List.of(from.key());
            }
            transactions.add(TxCodec.sign(new TxBody(CHAIN_ID, operations, validUntil, nonce, memo), signers));
        }
        return transactions;
    }

    private static Account pick(List<Account> accounts, SplittableRandom random, Account other) {
        while (true) {
            Account account = accounts.get(random.nextInt(accounts.size()));
            if (account != other) {
                return account;
            }
        }
    }

    private static Commit commitFor(Block block, List<KeyPair> validatorKeys) {
        List<Vote> precommits = new ArrayList<>();
        for (int i = 0; i < validatorKeys.size(); i++) {
            precommits.add(Vote.sign(VoteType.PRECOMMIT, CHAIN_ID, block.height(), 0, block.hash(),
                    block.header().timeMillis() + BLOCK_INTERVAL_MILLIS, bank(i), validatorKeys.get(i)));
        }
        return Commit.of(block.height(), 0, block.hash(), precommits);
    }

    /** The key pair whose RFC 8032 seed is SHA-256 of the workload seed and {@code name}. */
    static KeyPair keyPair(String name) {
        byte[] material = (SEED + "/" + name).getBytes(StandardCharsets.UTF_8);
        return KeyPair.fromSeed(Sha256.hash(material).toByteArray());
    }

    static String bank(int i) {
        return "bank" + i;
    }

    /**
     * The verifier parallelism a benchmark's {@code threads} parameter stands for: the number
     * itself, or for 0 every available processor (JMH parameters are fixed strings, and the
     * processor count is only known on the machine that runs them).
     */
    public static int verifierThreads(int threadsParameter) {
        if (threadsParameter < 0) {
            throw new IllegalArgumentException("threads must be 0 (all processors) or positive, got " + threadsParameter);
        }
        return threadsParameter == 0 ? Runtime.getRuntime().availableProcessors() : threadsParameter;
    }

    static LedgerOptions options(int threadsParameter) {
        return LedgerOptions.defaults().withVerifierThreads(verifierThreads(threadsParameter));
    }

    /** A fresh in-memory ledger at height 1, ready to validate {@link #blockBytes()}; its signature cache is empty. */
    public Ledger newLedger(int threadsParameter) {
        return advance(Ledger.inMemory(genesis, options(threadsParameter)));
    }

    /** A fresh RocksDB ledger in {@code directory} at height 1, ready to validate and commit the block. */
    public Ledger openLedger(Path directory, int threadsParameter) {
        return advance(RocksLedger.open(directory, genesis, options(threadsParameter)));
    }

    private Ledger advance(Ledger ledger) {
        try {
            ledger.commit(firstBlock, firstCommit);
            return ledger;
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /** Decodes the measured block's bytes; the data is generated here, so a failure is a bug. */
    public Block decodeBlock() {
        return BlockCodec.decode(blockBytes, Limits.DEFAULT).value();
    }

    /** Validates {@code decoded} on {@code ledger}, failing loudly: a benchmark must never time a rejection. */
    public static ValidatedBlock validateOrThrow(Ledger ledger, Block decoded) {
        Result<ValidatedBlock> result = ledger.validate(decoded);
        if (!result.isOk()) {
            throw new IllegalStateException("the benchmark block does not validate: " + result.rejection().message());
        }
        return result.value();
    }

    /** Marks every transaction of {@code decoded} as verified, as mempool admission leaves them. */
    public static void warmSignatureCache(Ledger ledger, Block decoded) {
        for (Transaction tx : decoded.transactions()) {
            ledger.signatureCache().markVerified(tx);
        }
    }

    /** Every transaction signature of {@code decoded}, as block validation checks them. */
    public static List<SignatureCheck> signatureChecks(Block decoded) {
        List<SignatureCheck> checks = new ArrayList<>(decoded.transactions().size() + decoded.transactions().size() / DVP_EVERY);
        for (Transaction tx : decoded.transactions()) {
            checks.addAll(tx.signatureChecks());
        }
        return checks;
    }

    public Genesis genesis() {
        return genesis;
    }

    public List<KeyPair> validatorKeys() {
        return validatorKeys;
    }

    /** The measured block as built by the proposer (not decoded from bytes). */
    public Block block() {
        return block;
    }

    /** The measured block's encoding; callers must not write to it. */
    public byte[] blockBytes() {
        return blockBytes;
    }

    /** The commit certificate of the measured block, signed by every validator. */
    public Commit commit() {
        return commit;
    }

    public int transactionCount() {
        return block.transactions().size();
    }
}
