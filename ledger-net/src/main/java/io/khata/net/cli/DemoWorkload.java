package io.khata.net.cli;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo's traffic, from every bank: remittances between customers of different banks,
 * bond delivery-versus-payment trades between treasuries, and a few deliberately bad
 * transactions (overdrafts, forged signatures, expired ones) that must be rejected.
 */
final class DemoWorkload {
    static final int CUSTOMERS_PER_BANK_DEFAULT = 5;
    static final long CUSTOMER_FUNDING = 100_000_000L;
    static final long BOND_PER_TREASURY = 1_000_000L;
    static final long BOND_PRICE = 10_000L;
    /**
     * How long a demo transaction stays valid, from the wall clock when it is signed: well inside
     * the testnet's max_tx_ttl_ms of one hour, and long enough that a backlog does not expire it.
     */
    static final long VALID_FOR_MILLIS_DEFAULT = 10 * 60_000L;

    /** A transaction and whether it is meant to be rejected. */
    record Planned(Transaction transaction, boolean bad, String kind) {
    }

    private final String chainId;
    private final int banks;
    private final KeyPair authority;
    private final List<KeyPair> validators = new ArrayList<>();
    private final List<KeyPair> treasuries = new ArrayList<>();
    private final Map<String, KeyPair> customers = new HashMap<>();
    private final SplittableRandom random;
    private final int customersPerBank;
    private final long validForMillis;
    private long nonce;

    DemoWorkload(Path testnet, String chainId, int banks, long seed) throws IOException {
        this(testnet, chainId, banks, seed, CUSTOMERS_PER_BANK_DEFAULT, VALID_FOR_MILLIS_DEFAULT);
    }

    DemoWorkload(Path testnet, String chainId, int banks, long seed, int customersPerBank, long validForMillis)
            throws IOException {
        this.validForMillis = validForMillis;
        this.chainId = chainId;
        this.banks = banks;
        this.customersPerBank = customersPerBank;
        this.random = new SplittableRandom(seed);
        this.authority = KeyFiles.readPrivateKey(Testnet.keyFile(testnet, Testnet.AUTHORITY));
        for (int i = 0; i < banks; i++) {
            validators.add(KeyFiles.readPrivateKey(Testnet.nodeHome(testnet, i).resolve("validator.key")));
            treasuries.add(KeyFiles.readPrivateKey(Testnet.keyFile(testnet, Testnet.treasury(i))));
        }
        byte[] seedBytes = new byte[32];
        for (int bank = 0; bank < banks; bank++) {
            for (int c = 0; c < customersPerBank; c++) {
                random.nextBytes(seedBytes);
                customers.put(customer(bank, c), KeyPair.fromSeed(seedBytes));
            }
        }
    }

    static String customer(int bank, int index) {
        return "customer" + index + "@" + Testnet.bank(bank);
    }

    private Transaction sign(long nowMillis, List<Operation> operations, KeyPair... signers) {
        return TxCodec.sign(new TxBody(chainId, operations, nowMillis + validForMillis, ++nonce, ""), List.of(signers));
    }

    /** Step 1: each bank opens its customers' accounts; the authority issues bonds to every treasury. */
    List<Transaction> openingTransactions(long nowMillis) {
        List<Transaction> txs = new ArrayList<>();
        for (int bank = 0; bank < banks; bank++) {
            List<Operation> opens = new ArrayList<>();
            for (int c = 0; c < customersPerBank; c++) {
                opens.add(new Operation.CreateAccount(customer(bank, c), List.of(customers.get(customer(bank, c)).publicKey()), 1));
            }
            txs.add(sign(nowMillis, opens, validators.get(bank)));
            txs.add(sign(nowMillis, List.of(new Operation.Issue(Testnet.BOND, Testnet.treasury(bank), BOND_PER_TREASURY)), authority));
        }
        return txs;
    }

    /** Step 2: each treasury funds its bank's customers with PKR. */
    List<Transaction> fundingTransactions(long nowMillis) {
        List<Transaction> txs = new ArrayList<>();
        for (int bank = 0; bank < banks; bank++) {
            List<Operation> funding = new ArrayList<>();
            for (int c = 0; c < customersPerBank; c++) {
                funding.add(new Operation.Transfer(Testnet.PKR, Testnet.treasury(bank), customer(bank, c), CUSTOMER_FUNDING));
            }
            txs.add(sign(nowMillis, funding, treasuries.get(bank)));
        }
        return txs;
    }

    long bondIssued() {
        return BOND_PER_TREASURY * banks;
    }

    /** The next transaction of the traffic: mostly remittances, some DvP trades, one in a hundred bad. */
    Planned next(long nowMillis) {
        int dice = random.nextInt(100);
        int from = random.nextInt(banks);
        int to = banks == 1 ? from : (from + 1 + random.nextInt(banks - 1)) % banks;
        if (dice == 0) {
            return bad(nowMillis, from, to);
        }
        if (dice < 10 && banks > 1) {
            long quantity = 1 + random.nextInt(10);
            Transaction dvp = sign(nowMillis, List.of(
                    new Operation.Transfer(Testnet.BOND, Testnet.treasury(from), Testnet.treasury(to), quantity),
                    new Operation.Transfer(Testnet.PKR, Testnet.treasury(to), Testnet.treasury(from), quantity * BOND_PRICE)),
                    treasuries.get(from), treasuries.get(to));
            return new Planned(dvp, false, "dvp");
        }
        return new Planned(remittance(nowMillis, from, to), false, "remittance");
    }

    /** A transfer of a small PKR amount from a customer of bank {@code from} to one of bank {@code to}. */
    Transaction remittance(long nowMillis, int from, int to) {
        String sender = customer(from, random.nextInt(customersPerBank));
        String receiver = customer(to, random.nextInt(customersPerBank));
        long amount = 1 + random.nextInt(10_000);
        return sign(nowMillis, List.of(new Operation.Transfer(Testnet.PKR, sender, receiver, amount)), customers.get(sender));
    }

    /** A remittance between customers of two different banks chosen at random. */
    Transaction remittance(long nowMillis) {
        int from = random.nextInt(banks);
        int to = banks == 1 ? from : (from + 1 + random.nextInt(banks - 1)) % banks;
        return remittance(nowMillis, from, to);
    }

    private Planned bad(long nowMillis, int from, int to) {
        String sender = customer(from, random.nextInt(customersPerBank));
        String receiver = customer(to, random.nextInt(customersPerBank));
        switch (random.nextInt(3)) {
            case 0:
                return new Planned(sign(nowMillis, List.of(new Operation.Transfer(Testnet.PKR, sender, receiver,
                        CUSTOMER_FUNDING * 1_000)), customers.get(sender)), true, "overdraft");
            case 1:
                return new Planned(sign(nowMillis, List.of(new Operation.Transfer(Testnet.PKR, sender, receiver, 1)),
                        customers.get(receiver)), true, "wrong signer");
            default:
                return new Planned(TxCodec.sign(new TxBody(chainId, List.of(new Operation.Transfer(Testnet.PKR, sender,
                        receiver, 1)), 0, ++nonce, ""), List.of(customers.get(sender))), true, "expired");
        }
    }
}
