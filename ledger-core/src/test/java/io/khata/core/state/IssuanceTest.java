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

import io.khata.core.Rejection;
import io.khata.core.tx.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CreateAsset (the authority's quorum), Issue and Redeem (the asset issuer's quorum; Redeem
 * burns from the issuer's own balance), and the supply arithmetic at the edge of a long.
 */
class IssuanceTest {
    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    // ------------------------------------------------------------------ CreateAsset

    @Test
    void theAuthorityCreatesAnAssetWithNoSupply() {
        scenario.commit(scenario.sign(new Operation.CreateAsset("USD", TREASURY0, 2), authorityKey()));

        assertEquals(new AssetState("USD", TREASURY0, 2, 0), scenario.ledger.asset("USD"));
    }

    @Test
    void onlyTheAuthorityCreatesAssets() {
        Operation create = new Operation.CreateAsset("USD", TREASURY0, 2);

        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0),
                scenario.rejection(scenario.sign(create, key(TREASURY0))));
        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0),
                scenario.rejection(scenario.sign(create, validatorKey("bank0"))));
    }

    @Test
    void anExistingAssetIsADuplicate() {
        assertEquals(new Rejection.DuplicateAsset(PKR),
                scenario.rejection(scenario.sign(new Operation.CreateAsset(PKR, TREASURY0, 2), authorityKey())));
    }

    @Test
    void theIssuerMustBeAnAccount() {
        assertEquals(new Rejection.UnknownAccount("nobody@bank0"),
                scenario.rejection(scenario.sign(new Operation.CreateAsset("USD", "nobody@bank0", 2), authorityKey())));
    }

    @Test
    void decimalsAndTheIdAreChecked() {
        Rejection decimals = scenario.rejection(
                scenario.sign(new Operation.CreateAsset("USD", TREASURY0, 19), authorityKey()));
        Rejection id = scenario.rejection(
                scenario.sign(new Operation.CreateAsset("US D", TREASURY0, 2), authorityKey()));

        assertEquals(new Rejection.InvalidField("create_asset.decimals", "19", "must be between 0 and 18"), decimals);
        assertEquals("create_asset.id", ((Rejection.InvalidField) id).field());
    }

    // ------------------------------------------------------------------ Issue

    @Test
    void issuingAddsToTheHolderAndToTheSupply() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, TREASURY0, 7_000), authorityKey()));

        assertEquals(7_000, scenario.balance(TREASURY0, BOND));
        assertEquals(7_000, scenario.supply(BOND));
    }

    @Test
    void onlyTheIssuerIssues() {
        scenario.commit(scenario.sign(new Operation.CreateAsset("USD", TREASURY0, 2), authorityKey()));

        assertEquals(new Rejection.NotAuthorized(TREASURY0, 1, 0),
                scenario.rejection(scenario.sign(new Operation.Issue("USD", TREASURY1, 5), authorityKey())));
        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0),
                scenario.rejection(scenario.sign(new Operation.Issue(BOND, TREASURY1, 5), key(TREASURY0))));

        scenario.commit(scenario.sign(new Operation.Issue("USD", TREASURY1, 5), key(TREASURY0)));
        assertEquals(5, scenario.balance(TREASURY1, "USD"));
    }

    @Test
    void issuingZeroOrANegativeAmountIsInvalid() {
        for (long amount : new long[] {0, -5, Long.MIN_VALUE}) {
            assertEquals(new Rejection.InvalidAmount(amount),
                    scenario.rejection(scenario.sign(new Operation.Issue(BOND, TREASURY0, amount), authorityKey())));
        }
    }

    @Test
    void issuingAnUnknownAssetOrToAnUnknownAccountIsRefused() {
        assertEquals(new Rejection.UnknownAsset("GOLD"),
                scenario.rejection(scenario.sign(new Operation.Issue("GOLD", TREASURY0, 1), authorityKey())));
        assertEquals(new Rejection.UnknownAccount("ghost@bank2"),
                scenario.rejection(scenario.sign(new Operation.Issue(BOND, "ghost@bank2", 1), authorityKey())));
    }

    @Test
    void issuingToAFrozenAccountIsRefused() {
        scenario.commit(scenario.sign(new Operation.SetFrozen(TREASURY1, true), authorityKey()));

        assertEquals(new Rejection.AccountFrozen(TREASURY1),
                scenario.rejection(scenario.sign(new Operation.Issue(BOND, TREASURY1, 1), authorityKey())));
    }

    @Test
    void issuingPastLongMaxValueOverflowsTheSupply() {
        long nearMax = Long.MAX_VALUE - 10;
        scenario.commit(scenario.sign(new Operation.Issue(BOND, TREASURY0, nearMax), authorityKey()));

        assertEquals(new Rejection.Overflow("supply of " + BOND, nearMax, 11),
                scenario.rejection(scenario.sign(new Operation.Issue(BOND, TREASURY1, 11), authorityKey())));
        Operation issueMax = new Operation.Issue(BOND, TREASURY0, Long.MAX_VALUE);
        assertEquals(new Rejection.Overflow("supply of " + BOND, nearMax, Long.MAX_VALUE),
                scenario.rejection(scenario.sign(issueMax, authorityKey())));

        scenario.commit(scenario.sign(new Operation.Issue(BOND, TREASURY1, 10), authorityKey()));
        assertEquals(Long.MAX_VALUE, scenario.supply(BOND));
        assertEquals(new Rejection.Overflow("supply of " + BOND, Long.MAX_VALUE, 1),
                scenario.rejection(scenario.sign(new Operation.Issue(BOND, TREASURY1, 1), authorityKey())));
    }

    @Test
    void issuingOnTopOfAnExistingSupplyOverflowsAtTheSameEdge() {
        long headroom = Long.MAX_VALUE - 4 * TREASURY_PKR;
        scenario.commit(scenario.sign(new Operation.Issue(PKR, TREASURY0, headroom), authorityKey()));

        assertEquals(Long.MAX_VALUE, scenario.supply(PKR));
        assertEquals(new Rejection.Overflow("supply of " + PKR, Long.MAX_VALUE, 1),
                scenario.rejection(scenario.sign(new Operation.Issue(PKR, TREASURY2, 1), authorityKey())));
    }

    // ------------------------------------------------------------------ Redeem

    @Test
    void redeemingBurnsFromTheIssuersOwnBalance() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, AUTHORITY, 900), authorityKey()),
                scenario.sign(new Operation.Issue(BOND, TREASURY0, 100), authorityKey()));
        scenario.commit(scenario.sign(new Operation.Redeem(BOND, 400), authorityKey()));

        assertEquals(500, scenario.balance(AUTHORITY, BOND));
        assertEquals(100, scenario.balance(TREASURY0, BOND));
        assertEquals(600, scenario.supply(BOND));
    }

    @Test
    void redeemingMoreThanTheIssuerHoldsIsInsufficientFunds() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, AUTHORITY, 50), authorityKey()),
                scenario.sign(new Operation.Issue(BOND, TREASURY0, 1_000), authorityKey()));

        assertEquals(new Rejection.InsufficientFunds(AUTHORITY, BOND, 50, 51),
                scenario.rejection(scenario.sign(new Operation.Redeem(BOND, 51), authorityKey())));
        assertEquals(new Rejection.InsufficientFunds(AUTHORITY, PKR, 0, 1),
                scenario.rejection(scenario.sign(new Operation.Redeem(PKR, 1), authorityKey())));
    }

    @Test
    void onlyTheIssuerRedeems() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, AUTHORITY, 50), authorityKey()));

        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0),
                scenario.rejection(scenario.sign(new Operation.Redeem(BOND, 1), key(TREASURY0))));
    }

    @Test
    void redeemingZeroOrANegativeAmountOrAnUnknownAssetIsRefused() {
        for (long amount : new long[] {0, -1, Long.MIN_VALUE}) {
            assertEquals(new Rejection.InvalidAmount(amount),
                    scenario.rejection(scenario.sign(new Operation.Redeem(BOND, amount), authorityKey())));
        }
        assertEquals(new Rejection.UnknownAsset("GOLD"),
                scenario.rejection(scenario.sign(new Operation.Redeem("GOLD", 1), authorityKey())));
    }
}
