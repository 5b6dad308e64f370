package io.khata.core.state;

import static io.khata.core.state.Scenario.BOND;
import static io.khata.core.state.Scenario.TREASURY0;
import static io.khata.core.state.Scenario.TREASURY1;
import static io.khata.core.state.Scenario.authorityKey;
import static io.khata.core.state.Scenario.key;
import static io.khata.core.state.Scenario.validatorKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.Rejection;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state machine's rules at their edges, each with the last value accepted beside the first
 * refused: an asset's decimals (0 to {@value LedgerRules#DECIMALS_MAX}), a supply and a
 * balance reaching exactly {@code Long.MAX_VALUE}, a domain whose member was removed, and the
 * replay window of a transaction valid until the epoch.
 */
class TransitionBoundsTest {
    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    private static Operation createAsset(String id, int decimals) {
        return new Operation.CreateAsset(id, TREASURY0, decimals);
    }

    private static Rejection.InvalidField badDecimals(int decimals) {
        return new Rejection.InvalidField("create_asset.decimals", Integer.toString(decimals),
                "must be between 0 and " + LedgerRules.DECIMALS_MAX);
    }

    @Test
    void anAssetHasFromZeroToEighteenDecimals() {
        assertEquals(badDecimals(-1), scenario.rejection(scenario.sign(createAsset("USD", -1), authorityKey())));
        assertEquals(badDecimals(19), scenario.rejection(scenario.sign(createAsset("USD", 19), authorityKey())));

        scenario.commit(scenario.sign(createAsset("JPY", 0), authorityKey()),
                scenario.sign(createAsset("WEI", LedgerRules.DECIMALS_MAX), authorityKey()));
        assertEquals(new AssetState("JPY", TREASURY0, 0, 0), scenario.ledger.asset("JPY"));
        assertEquals(new AssetState("WEI", TREASURY0, LedgerRules.DECIMALS_MAX, 0), scenario.ledger.asset("WEI"));
    }

    @Test
    void theHolderOfTheWholeSupplyCanBeIssuedUpToLongMaxValueAndNotOneUnitMore() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, TREASURY0, Long.MAX_VALUE - 10), authorityKey()));
        scenario.commit(scenario.sign(new Operation.Issue(BOND, TREASURY0, 10), authorityKey()));

        assertEquals(Long.MAX_VALUE, scenario.balance(TREASURY0, BOND));
        assertEquals(Long.MAX_VALUE, scenario.supply(BOND));
        assertEquals(new Rejection.Overflow("supply of " + BOND, Long.MAX_VALUE, 1),
                scenario.rejection(scenario.sign(new Operation.Issue(BOND, TREASURY0, 1), authorityKey())));
    }

    @Test
    void aTransferOfExactlyTheBalanceMayBringTheReceiverToLongMaxValueAndOneUnitMoreIsInsufficient() {
        scenario.commit(scenario.sign(new Operation.Issue(BOND, TREASURY0, Long.MAX_VALUE - 10), authorityKey()),
                scenario.sign(new Operation.Issue(BOND, TREASURY1, 10), authorityKey()));

        assertEquals(new Rejection.InsufficientFunds(TREASURY1, BOND, 10, 11),
                scenario.rejection(scenario.transfer(BOND, TREASURY1, TREASURY0, 11, key(TREASURY1))));
        scenario.commit(scenario.transfer(BOND, TREASURY1, TREASURY0, 10, key(TREASURY1)));

        assertEquals(Long.MAX_VALUE, scenario.balance(TREASURY0, BOND));
        assertEquals(0, scenario.balance(TREASURY1, BOND));
        assertEquals(Long.MAX_VALUE, scenario.supply(BOND));
    }

    @Test
    void aRemovedMembersValidatorKeyNoLongerOpensAccountsInItsDomain() {
        Operation openAlice = new Operation.CreateAccount("alice@bank3",
                List.of(TestGenesis.keyPair("alice").publicKey()), 1);
        assertEquals(List.of(), scenario.chain.build(List.of(scenario.sign(openAlice, validatorKey("bank3")))).skipped(),
                "bank3 opens accounts in its domain while it is a member");

        scenario.commit(scenario.sign(new Operation.RemoveMember("bank3"), authorityKey()));

        assertEquals(new Rejection.UnknownDomain("bank3"),
                scenario.rejection(scenario.sign(openAlice, validatorKey("bank3"))));
    }

    @Test
    void aTransactionValidUntilTheEpochIsRememberedLikeAnyOther() {
        // The replay window's "not remembered" is -1; 0 is a valid_until_time like any other.
        Transaction atEpoch = scenario.signValidUntil(0,
                new Operation.Transfer(Scenario.PKR, TREASURY0, TREASURY1, 5), key(TREASURY0));
        StateView view = new StateView(scenario.ledger.tip().state());
        Transition transition = scenario.ledger.transition();

        assertEquals(Optional.empty(), transition.apply(atEpoch, view, 0));
        assertEquals(0, view.replayWindowEnd(atEpoch.hash()));
        assertEquals(Optional.of(new Rejection.Replayed(atEpoch.hash())), transition.apply(atEpoch, view, 0));
        assertEquals(TestGenesis.TREASURY_PKR + 5, view.balance(TREASURY1, Scenario.PKR), "applied once only");
    }
}
