package io.khata.core.state;

import static io.khata.core.genesis.TestGenesis.TREASURY_PKR;
import static io.khata.core.state.Scenario.AUTHORITY;
import static io.khata.core.state.Scenario.BOND;
import static io.khata.core.state.Scenario.PKR;
import static io.khata.core.state.Scenario.TREASURY0;
import static io.khata.core.state.Scenario.TREASURY1;
import static io.khata.core.state.Scenario.TREASURY2;
import static io.khata.core.state.Scenario.authorityKey;
import static io.khata.core.state.Scenario.key;
import static io.khata.core.state.Scenario.validatorKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.khata.core.Rejection;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction's operations apply all or none. The case that matters to a bank is
 * delivery-versus-payment: bonds one way, cash the other, each leg signed by its sender, in one
 * transaction; if either leg cannot settle, neither moves.
 */
class AtomicityTest {
    /** The seller holds the bonds, the buyer pays in rupees. */
    private static final String SELLER = TREASURY1;
    private static final String BUYER = TREASURY0;
    private static final long BONDS = 100;
    private static final long PRICE = 98_500_00;

    private final Scenario scenario = new Scenario();

    @BeforeEach
    void issueBondsToTheSeller() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, SELLER, 1_000), authorityKey()));
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    private Map<String, Long> balances() {
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String account : List.of(AUTHORITY, TREASURY0, TREASURY1, TREASURY2, TestGenesis.treasury(3))) {
            for (String asset : List.of(PKR, BOND)) {
                balances.put(account + "/" + asset, scenario.balance(account, asset));
            }
        }
        balances.put("supply/" + PKR, scenario.supply(PKR));
        balances.put("supply/" + BOND, scenario.supply(BOND));
        return balances;
    }

    private Transaction deliveryVersusPayment(long bonds, long price, KeyPair... signers) {
        return scenario.sign(List.of(
                new Operation.Transfer(BOND, SELLER, BUYER, bonds),
                new Operation.Transfer(PKR, BUYER, SELLER, price)), signers);
    }

    @Test
    void aTwoOperationTransactionWhoseSecondOperationFailsChangesNoBalance() {
        Map<String, Long> before = balances();
        Transaction tx = scenario.sign(List.of(
                new Operation.Transfer(PKR, TREASURY0, TREASURY1, 10),
                new Operation.Transfer(PKR, TREASURY0, TREASURY2, TREASURY_PKR)), key(TREASURY0));

        Rejection reason = scenario.rejectionCommittingWithout(tx);

        // The second operation sees the first one's effect inside the transaction, then both are undone.
        assertEquals(new Rejection.InsufficientFunds(TREASURY0, PKR, TREASURY_PKR - 10, TREASURY_PKR), reason);
        assertEquals(before, balances());
    }

    @Test
    void anAccountCreatedByAFailedTransactionDoesNotExist() {
        KeyPair alice = TestGenesis.keyPair("alice");
        Transaction tx = scenario.sign(List.of(
                new Operation.CreateAccount("alice@bank0", List.of(alice.publicKey()), 1),
                new Operation.Transfer(PKR, TREASURY0, "alice@bank0", 5),
                new Operation.Issue(BOND, "alice@bank0", 0)), validatorKey("bank0"), key(TREASURY0), authorityKey());

        assertEquals(new Rejection.InvalidAmount(0), scenario.rejectionCommittingWithout(tx));
        assertNull(scenario.ledger.account("alice@bank0"));
        assertEquals(0, scenario.balance("alice@bank0", PKR));
    }

    @Test
    void aFailedIssueAndRedeemLeaveTheSupplyAlone() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, AUTHORITY, 40), authorityKey()));
        Map<String, Long> before = balances();
        Transaction tx = scenario.sign(List.of(
                new Operation.Issue(BOND, TREASURY2, 500),
                new Operation.Redeem(BOND, 40),
                new Operation.Redeem(BOND, 1)), authorityKey());

        assertEquals(new Rejection.InsufficientFunds(AUTHORITY, BOND, 0, 1), scenario.rejectionCommittingWithout(tx));
        assertEquals(before, balances());
    }

    @Test
    void aFailedAdministrativeOperationUndoesTheFreezeBeforeIt() {
        Transaction tx = scenario.sign(List.of(
                new Operation.SetFrozen(TREASURY0, true),
                new Operation.SetTransferLimit(TREASURY1, PKR, 10),
                new Operation.SetTransferLimit(TREASURY2, "GOLD", 10)), authorityKey());

        assertEquals(new Rejection.UnknownAsset("GOLD"), scenario.rejectionCommittingWithout(tx));
        assertEquals(false, scenario.ledger.account(TREASURY0).frozen());
        assertEquals(0, scenario.ledger.account(TREASURY1).transferLimit(PKR));
    }

    @Test
    void deliveryVersusPaymentMovesBothLegs() {
        scenario.commit(deliveryVersusPayment(BONDS, PRICE, key(SELLER), key(BUYER)));

        assertEquals(1_000 - BONDS, scenario.balance(SELLER, BOND));
        assertEquals(BONDS, scenario.balance(BUYER, BOND));
        assertEquals(TREASURY_PKR + PRICE, scenario.balance(SELLER, PKR));
        assertEquals(TREASURY_PKR - PRICE, scenario.balance(BUYER, PKR));
    }

    @Test
    void withoutTheBuyersSignatureNeitherLegMoves() {
        Map<String, Long> before = balances();

        assertEquals(new Rejection.NotAuthorized(BUYER, 1, 0),
                scenario.rejectionCommittingWithout(deliveryVersusPayment(BONDS, PRICE, key(SELLER))));
        assertEquals(before, balances());
    }

    @Test
    void withoutTheSellersSignatureNeitherLegMoves() {
        Map<String, Long> before = balances();

        assertEquals(new Rejection.NotAuthorized(SELLER, 1, 0),
                scenario.rejectionCommittingWithout(deliveryVersusPayment(BONDS, PRICE, key(BUYER))));
        assertEquals(before, balances());
    }

    @Test
    void whenTheSellerLacksTheBondsNoCashMoves() {
        Map<String, Long> before = balances();

        assertEquals(new Rejection.InsufficientFunds(SELLER, BOND, 1_000, 1_001),
                scenario.rejectionCommittingWithout(deliveryVersusPayment(1_001, PRICE, key(SELLER), key(BUYER))));
        assertEquals(before, balances());
    }

    @Test
    void whenTheCashLegFailsTheBondsStayWithTheSeller() {
        scenario.commit(scenario.sign(new Operation.SetTransferLimit(BUYER, PKR, PRICE - 1), authorityKey()));
        Map<String, Long> before = balances();

        assertEquals(new Rejection.LimitExceeded(BUYER, PKR, PRICE - 1, PRICE),
                scenario.rejectionCommittingWithout(deliveryVersusPayment(BONDS, PRICE, key(SELLER), key(BUYER))));
        assertEquals(before, balances());
    }

    @Test
    void whenTheBuyerIsFrozenTheBondsStayWithTheSeller() {
        scenario.commit(scenario.sign(new Operation.SetFrozen(BUYER, true), authorityKey()));
        Map<String, Long> before = balances();

        assertEquals(new Rejection.AccountFrozen(BUYER),
                scenario.rejectionCommittingWithout(deliveryVersusPayment(BONDS, PRICE, key(SELLER), key(BUYER))));
        assertEquals(before, balances());
    }

    @Test
    void aFailedDeliveryVersusPaymentDoesNotDisturbItsNeighboursInTheBlock() {
        Transaction before = scenario.transfer(PKR, TREASURY2, TREASURY0, 7, key(TREASURY2));
        Transaction failing = deliveryVersusPayment(BONDS, PRICE, key(SELLER));
        Transaction after = deliveryVersusPayment(BONDS, PRICE, key(SELLER), key(BUYER));

        var built = scenario.chain.commitNext(List.of(before, failing, after));

        assertEquals(List.of(before, after), built.block().transactions());
        assertEquals(TREASURY_PKR + 7 - PRICE, scenario.balance(BUYER, PKR));
        assertEquals(BONDS, scenario.balance(BUYER, BOND));
    }
}
