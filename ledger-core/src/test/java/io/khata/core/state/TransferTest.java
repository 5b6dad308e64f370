package io.khata.core.state;

import static io.khata.core.state.Scenario.BOND;
import static io.khata.core.state.Scenario.PKR;
import static io.khata.core.state.Scenario.TREASURY0;
import static io.khata.core.state.Scenario.TREASURY1;
import static io.khata.core.state.Scenario.TREASURY2;
import static io.khata.core.state.Scenario.authorityKey;
import static io.khata.core.state.Scenario.key;
import static io.khata.core.genesis.TestGenesis.TREASURY_PKR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.Rejection;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Transfer: needs the quorum of {@code from}; refused for each reason in turn, with its facts. */
class TransferTest {
    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void movesTheAmountBetweenTheTwoBalancesAndLeavesSupplyAlone() {
        scenario.commit(scenario.transfer(PKR, TREASURY0, TREASURY1, 12_345, key(TREASURY0)));

        assertEquals(TREASURY_PKR - 12_345, scenario.balance(TREASURY0, PKR));
        assertEquals(TREASURY_PKR + 12_345, scenario.balance(TREASURY1, PKR));
        assertEquals(4 * TREASURY_PKR, scenario.supply(PKR));
    }

    @Test
    void theWholeBalanceCanBeSent() {
        scenario.commit(scenario.transfer(PKR, TREASURY0, TREASURY1, TREASURY_PKR, key(TREASURY0)));

        assertEquals(0, scenario.balance(TREASURY0, PKR));
        assertEquals(2 * TREASURY_PKR, scenario.balance(TREASURY1, PKR));
    }

    @Test
    void signedByTheWrongAccountIsNotAuthorized() {
        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, 1, key(TREASURY1));

        assertEquals(new Rejection.NotAuthorized(TREASURY0, 1, 0), scenario.rejection(tx));
    }

    @Test
    void signedByTheAuthorityIsNotAuthorizedEither() {
        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, 1, authorityKey());

        assertEquals(new Rejection.NotAuthorized(TREASURY0, 1, 0), scenario.rejection(tx));
    }

    @Test
    void aMultiSignatureAccountNeedsItsQuorumOfDistinctKeys() {
        KeyPair first = TestGenesis.keyPair("vault/1");
        KeyPair second = TestGenesis.keyPair("vault/2");
        KeyPair third = TestGenesis.keyPair("vault/3");
        String vault = scenario.createAccount("vault@bank0", 2, first, second, third);
        scenario.commit(scenario.transfer(PKR, TREASURY0, vault, 1_000, key(TREASURY0)));

        assertEquals(new Rejection.NotAuthorized(vault, 2, 1),
                scenario.rejection(scenario.transfer(PKR, vault, TREASURY1, 10, first)));
        assertEquals(new Rejection.NotAuthorized(vault, 2, 1),
                scenario.rejection(scenario.transfer(PKR, vault, TREASURY1, 10, third, key(TREASURY0))),
                "a signature by a key outside the account does not count");

        scenario.commit(scenario.transfer(PKR, vault, TREASURY1, 10, first, third));
        scenario.commit(scenario.transfer(PKR, vault, TREASURY1, 20, first, second, third));
        assertEquals(970, scenario.balance(vault, PKR));
    }

    @Test
    void aFrozenSenderCannotSend() {
        scenario.commit(scenario.sign(new Operation.SetFrozen(TREASURY0, true), authorityKey()));

        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, 1, key(TREASURY0));
        assertEquals(new Rejection.AccountFrozen(TREASURY0), scenario.rejection(tx));
    }

    @Test
    void aFrozenReceiverCannotReceive() {
        scenario.commit(scenario.sign(new Operation.SetFrozen(TREASURY1, true), authorityKey()));

        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, 1, key(TREASURY0));
        assertEquals(new Rejection.AccountFrozen(TREASURY1), scenario.rejection(tx));
    }

    @Test
    void aTransferOverTheSendersLimitIsRefusedAndOneAtTheLimitGoesThrough() {
        scenario.commit(scenario.sign(new Operation.SetTransferLimit(TREASURY0, PKR, 1_000), authorityKey()));

        Transaction over = scenario.transfer(PKR, TREASURY0, TREASURY1, 1_001, key(TREASURY0));
        assertEquals(new Rejection.LimitExceeded(TREASURY0, PKR, 1_000, 1_001), scenario.rejection(over));
        scenario.commit(scenario.transfer(PKR, TREASURY0, TREASURY1, 1_000, key(TREASURY0)));
        assertEquals(TREASURY_PKR - 1_000, scenario.balance(TREASURY0, PKR));
    }

    @Test
    void aLimitBindsOnlyItsAssetAndOnlyTheSender() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, TREASURY0, 500), authorityKey()));
        scenario.commit(scenario.sign(new Operation.SetTransferLimit(TREASURY0, PKR, 10), authorityKey()),
                scenario.sign(new Operation.SetTransferLimit(TREASURY1, PKR, 10), authorityKey()));

        scenario.commit(scenario.transfer(BOND, TREASURY0, TREASURY1, 500, key(TREASURY0)),
                scenario.transfer(PKR, TREASURY0, TREASURY1, 10, key(TREASURY0)),
                scenario.transfer(PKR, TREASURY2, TREASURY1, 1_000_000, key(TREASURY2)));
        assertEquals(500, scenario.balance(TREASURY1, BOND));
    }

    @Test
    void amountZeroAndNegativeAreInvalid() {
        for (long amount : new long[] {0, -1, Long.MIN_VALUE}) {
            Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, amount, key(TREASURY0));
            assertEquals(new Rejection.InvalidAmount(amount), scenario.rejection(tx));
        }
    }

    @Test
    void moreThanTheBalanceIsInsufficientFundsWithTheFacts() {
        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, TREASURY_PKR + 1, key(TREASURY0));

        assertEquals(new Rejection.InsufficientFunds(TREASURY0, PKR, TREASURY_PKR, TREASURY_PKR + 1),
                scenario.rejection(tx));
    }

    @Test
    void anAssetTheSenderNeverHeldIsInsufficientFundsAtZero() {
        Transaction tx = scenario.transfer(BOND, TREASURY0, TREASURY1, 1, key(TREASURY0));

        assertEquals(new Rejection.InsufficientFunds(TREASURY0, BOND, 0, 1), scenario.rejection(tx));
    }

    @Test
    void longMaxValueIsInsufficientFundsNotAnOverflow() {
        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, Long.MAX_VALUE, key(TREASURY0));

        assertEquals(new Rejection.InsufficientFunds(TREASURY0, PKR, TREASURY_PKR, Long.MAX_VALUE),
                scenario.rejection(tx));
    }

    @Test
    void unknownAssetSenderOrReceiverAreNamed() {
        assertEquals(new Rejection.UnknownAsset("USD"),
                scenario.rejection(scenario.transfer("USD", TREASURY0, TREASURY1, 1, key(TREASURY0))));
        assertEquals(new Rejection.UnknownAccount("ghost@bank0"),
                scenario.rejection(scenario.transfer(PKR, "ghost@bank0", TREASURY1, 1, key(TREASURY0))));
        assertEquals(new Rejection.UnknownAccount("ghost@bank1"),
                scenario.rejection(scenario.transfer(PKR, TREASURY0, "ghost@bank1", 1, key(TREASURY0))));
    }

    @Test
    void sendingToOneselfIsRefused() {
        Rejection reason = scenario.rejection(scenario.transfer(PKR, TREASURY0, TREASURY0, 1, key(TREASURY0)));

        assertEquals(new Rejection.InvalidField("transfer.to", TREASURY0, "must differ from transfer.from"), reason);
    }
}
