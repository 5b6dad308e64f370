package io.khata.store.rocksdb;

import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded candidate transactions of every operation kind for the store tests, a fair share of
 * which fail (insufficient funds, frozen accounts, limits, unknown accounts, replays), so that
 * blocks carry every kind of state change and builders leave transactions out. Keys come from
 * {@link TestGenesis#keyPair}: an account's key is named by its id, a bank's by its validator name.
 */
final class MixedWorkload {
    private final TestGenesis fixture;
    private final long maxTxTtlMillis;
    private final Random random;
    private final List<String> accounts = new ArrayList<>();
    private final List<Transaction> sent = new ArrayList<>();
    private long nonce;
    private int createdAccounts;

    MixedWorkload(TestGenesis fixture, long maxTxTtlMillis, long seed) {
        this.fixture = fixture;
        this.maxTxTtlMillis = maxTxTtlMillis;
        this.random = new Random(seed);
        for (int i = 0; i < fixture.genesis().members().size(); i++) {
            accounts.add(TestGenesis.treasury(i));
        }
    }

    /** Every account the workload has used, the ones it tried to create included. */
    List<String> accounts() {
        return List.copyOf(accounts);
    }

    /** Every transaction handed out so far, replays counted once. */
    List<Transaction> sent() {
        return List.copyOf(sent);
    }

    /** {@code count} candidates for the block whose time will be {@code blockTimeMillis}. */
    List<Transaction> candidates(long blockTimeMillis, int count) {
        List<Transaction> candidates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(20);
            if (kind == 0 && !sent.isEmpty()) {
                candidates.add(sent.get(random.nextInt(sent.size())));
                continue;
            }
            Transaction tx = kind < 12 ? transfer(blockTimeMillis) : administrative(kind, blockTimeMillis);
            sent.add(tx);
            candidates.add(tx);
        }
        return candidates;
    }

    private Transaction transfer(long blockTimeMillis) {
        String from = anyAccount();
        String to = anyAccount();
        while (to.equals(from)) {
            to = anyAccount();
        }
        // One transfer in ten asks for more than any treasury holds.
        long amount = random.nextInt(10) == 0 ? 2 * TestGenesis.TREASURY_PKR : 1 + random.nextInt(10_000);
        String asset = random.nextInt(4) == 0 ? TestGenesis.BOND : TestGenesis.PKR;
        return sign(blockTimeMillis, new Operation.Transfer(asset, from, to, amount), TestGenesis.keyPair(from));
    }

    private Transaction administrative(int kind, long blockTimeMillis) {
        KeyPair authority = fixture.accountKey(TestGenesis.AUTHORITY);
        return switch (kind) {
            case 12, 13 -> sign(blockTimeMillis, new Operation.Issue(TestGenesis.BOND, anyAccount(), 1 + random.nextInt(100)),
                    authority);
            case 14 -> sign(blockTimeMillis, new Operation.Issue(TestGenesis.BOND, TestGenesis.AUTHORITY, 50), authority);
            case 15 -> sign(blockTimeMillis, new Operation.Redeem(TestGenesis.BOND, 1 + random.nextInt(60)), authority);
            case 16 -> createAccount(blockTimeMillis);
            case 17 -> sign(blockTimeMillis, new Operation.SetFrozen(anyAccount(), random.nextBoolean()), authority);
            default -> sign(blockTimeMillis, new Operation.SetTransferLimit(anyAccount(), TestGenesis.PKR,
                    random.nextBoolean() ? 0 : 1 + random.nextInt(5_000)), authority);
        };
    }

    private Transaction createAccount(long blockTimeMillis) {
        int bank = random.nextInt(fixture.genesis().members().size());
        String id = "client" + createdAccounts++ + "@" + TestGenesis.bank(bank);
        accounts.add(id);
        Operation.CreateAccount create = new Operation.CreateAccount(id, List.of(TestGenesis.keyPair(id).publicKey()), 1);
        return sign(blockTimeMillis, create, fixture.validatorKey(TestGenesis.bank(bank)));
    }

    private String anyAccount() {
        return accounts.get(random.nextInt(accounts.size()));
    }

    /**
     * Valid until {@code blockTimeMillis} plus a whole number of block intervals up to the TTL, so
     * that expiries fall on later blocks' times exactly: the last block a window admits, and the
     * block that closes it, are exercised too.
     */
    private Transaction sign(long blockTimeMillis, Operation operation, KeyPair signer) {
        long intervals = maxTxTtlMillis / TestChain.BLOCK_INTERVAL_MILLIS;
        long validUntil = blockTimeMillis + random.nextInt((int) Math.min(intervals, 10_000) + 1)
                * TestChain.BLOCK_INTERVAL_MILLIS;
        TxBody body = new TxBody(fixture.genesis().chainId(), List.of(operation), validUntil, ++nonce, "");
        return TxCodec.sign(body, List.of(signer));
    }
}
