package io.khata.net.sim;

import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stream of transfers between the banks' accounts, most of them valid, some not: more than
 * the balance, signed by the wrong key, already submitted before (a replay), or expired.
 * Each is handed to one or two nodes' mempools.
 */
final class Workload {
    private final SimFixture fixture;
    private final SplittableRandom random;
    private final List<String> accounts;
    private final List<Transaction> recent = new ArrayList<>();
    /** How long a transfer stays valid: about twenty heights of the simulated chain. */
    private static final long VALID_MILLIS = 10_000;
    private long nonce;
    long submitted;

    Workload(SimFixture fixture, SplittableRandom random) {
        this.fixture = fixture;
        this.random = random;
        this.accounts = fixture.bankAccounts();
    }

    /** A transfer for a chain at {@code height}, signed at {@code nowMillis} on the simulated clock. */
    Transaction next(long height, long nowMillis) {
        int kind = random.nextInt(100);
        if (kind < 5 && !recent.isEmpty()) {
            return recent.get(random.nextInt(recent.size())); // a replay
        }
        String from = accounts.get(random.nextInt(accounts.size()));
        String to = accounts.get(random.nextInt(accounts.size()));
        while (to.equals(from)) {
            to = accounts.get(random.nextInt(accounts.size()));
        }
        String asset = SimFixture.ASSETS.get(random.nextInt(SimFixture.ASSETS.size()));
        long amount = kind < 10 ? 100 * SimFixture.OPENING_BALANCE : 1 + random.nextLong(5_000);
        long validUntil = kind < 15 && height > 2 ? 1 : nowMillis + VALID_MILLIS;
        KeyPair signer = fixture.accountKeys.get(kind < 20 ? to : from);
        TxBody body = new TxBody(SimFixture.CHAIN_ID, List.of(new Operation.Transfer(asset, from, to, amount)),
                validUntil, nonce++, "");
        Transaction tx = TxCodec.sign(body, List.of(signer));
        if (recent.size() < 200) {
            recent.add(tx);
        } else {
            recent.set(random.nextInt(recent.size()), tx);
        }
        submitted++;
        return tx;
    }
}
