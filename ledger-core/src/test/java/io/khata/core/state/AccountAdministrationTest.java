package io.khata.core.state;

import static io.khata.core.state.Scenario.AUTHORITY;
import static io.khata.core.state.Scenario.BOND;
import static io.khata.core.state.Scenario.PKR;
import static io.khata.core.state.Scenario.TREASURY0;
import static io.khata.core.state.Scenario.TREASURY1;
import static io.khata.core.state.Scenario.authorityKey;
import static io.khata.core.state.Scenario.key;
import static io.khata.core.state.Scenario.validatorKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CreateAccount (a bank's validator key for its own domain, the authority's quorum for the
 * authority domain), and the authority's SetFrozen and SetTransferLimit.
 */
class AccountAdministrationTest {
    private static final KeyPair ALICE = TestGenesis.keyPair("alice");
    private static final KeyPair BOB = TestGenesis.keyPair("bob");

    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    private static Operation.CreateAccount create(String id, int quorum, KeyPair... keys) {
        return new Operation.CreateAccount(id, java.util.Arrays.stream(keys).map(KeyPair::publicKey).toList(), quorum);
    }

    // ------------------------------------------------------------------ CreateAccount

    @Test
    void aBankOpensAnAccountInItsOwnDomain() {
        scenario.commit(scenario.sign(create("alice@bank2", 2, ALICE, BOB), validatorKey("bank2")));

        AccountState account = scenario.ledger.account("alice@bank2");
        assertEquals(new AccountState("alice@bank2", List.of(ALICE.publicKey(), BOB.publicKey()), 2, false, Map.of()),
                account);
    }

    @Test
    void theAuthorityOpensAccountsInItsDomainWithItsQuorum() {
        scenario.commit(scenario.sign(create("reserve@authority", 1, ALICE), authorityKey()));

        assertEquals(1, scenario.ledger.account("reserve@authority").quorum());
    }

    @Test
    void anotherBankOrAnAccountHolderCannotOpenAccountsInABanksDomain() {
        Operation create = create("alice@bank0", 1, ALICE);

        assertEquals(new Rejection.NotAuthorized("member bank0", 1, 0),
                scenario.rejection(scenario.sign(create, validatorKey("bank1"))));
        assertEquals(new Rejection.NotAuthorized("member bank0", 1, 0),
                scenario.rejection(scenario.sign(create, key(TREASURY0))));
        assertEquals(new Rejection.NotAuthorized("member bank0", 1, 0),
                scenario.rejection(scenario.sign(create, authorityKey())));
    }

    @Test
    void aBankCannotOpenAccountsInTheAuthorityDomain() {
        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0),
                scenario.rejection(scenario.sign(create("alice@authority", 1, ALICE), validatorKey("bank0"))));
    }

    @Test
    void aDomainNoMemberOwnsIsUnknown() {
        assertEquals(new Rejection.UnknownDomain("bank9"),
                scenario.rejection(scenario.sign(create("alice@bank9", 1, ALICE), validatorKey("bank0"))));
    }

    @Test
    void anExistingAccountIsADuplicate() {
        assertEquals(new Rejection.DuplicateAccount(TREASURY0),
                scenario.rejection(scenario.sign(create(TREASURY0, 1, ALICE), validatorKey("bank0"))));
        assertEquals(new Rejection.DuplicateAccount(AUTHORITY),
                scenario.rejection(scenario.sign(create(AUTHORITY, 1, ALICE), authorityKey())));
    }

    @Test
    void theSameAccountTwiceInOneBlockIsADuplicateTheSecondTime() {
        var first = scenario.sign(create("alice@bank0", 1, ALICE), validatorKey("bank0"));
        var second = scenario.sign(create("alice@bank0", 1, BOB), validatorKey("bank0"));

        var built = scenario.chain.build(List.of(first, second));

        assertEquals(List.of(first), built.block().transactions());
        assertEquals(new Rejection.DuplicateAccount("alice@bank0"), built.skipped().get(0).reason());
    }

    @Test
    void keysAndQuorumAreChecked() {
        KeyPair bank0 = validatorKey("bank0");
        assertEquals(new Rejection.InvalidField("create_account.keys", "[]", "needs at least one key"),
                scenario.rejection(scenario.sign(create("alice@bank0", 1), bank0)));
        assertEquals("create_account.quorum",
                field(scenario.rejection(scenario.sign(create("alice@bank0", 0, ALICE), bank0))));
        assertEquals("create_account.quorum",
                field(scenario.rejection(scenario.sign(create("alice@bank0", 3, ALICE, BOB), bank0))));
        assertEquals(new Rejection.InvalidField("create_account.keys", ALICE.publicKey().toHex(), "listed twice"),
                scenario.rejection(scenario.sign(create("alice@bank0", 1, ALICE, ALICE), bank0)));
    }

    @Test
    void aSmallOrderKeyIsRefused() {
        // The identity point: every signature "by" it is forgeable, so no account may be controlled by it.
        PublicKey identity = PublicKey.of(HexFormat.of().parseHex(
                "0100000000000000000000000000000000000000000000000000000000000000"));
        Operation create = new Operation.CreateAccount("alice@bank0", List.of(identity), 1);

        assertEquals(
                new Rejection.InvalidField("create_account.keys", identity.toHex(), "not a valid Ed25519 public key"),
                scenario.rejection(scenario.sign(create, validatorKey("bank0"))));
    }

    @Test
    void aMalformedIdIsRefused() {
        for (String id : new String[] {"Alice@bank0", "alice", "alice@bank0@bank0", "@bank0"}) {
            assertEquals("create_account.id",
                    field(scenario.rejection(scenario.sign(create(id, 1, ALICE), validatorKey("bank0")))), id);
        }
    }

    // ------------------------------------------------------------------ SetFrozen

    @Test
    void theAuthorityFreezesAndUnfreezes() {
        scenario.commit(scenario.sign(new Operation.SetFrozen(TREASURY0, true), authorityKey()));
        assertTrue(scenario.ledger.account(TREASURY0).frozen());

        scenario.commit(scenario.sign(new Operation.SetFrozen(TREASURY0, false), authorityKey()));
        assertFalse(scenario.ledger.account(TREASURY0).frozen());
        scenario.commit(scenario.transfer(PKR, TREASURY0, TREASURY1, 1, key(TREASURY0)));
    }

    @Test
    void onlyTheAuthorityFreezes() {
        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0),
                scenario.rejection(scenario.sign(new Operation.SetFrozen(TREASURY1, true), key(TREASURY0))));
        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0),
                scenario.rejection(scenario.sign(new Operation.SetFrozen(TREASURY0, true), validatorKey("bank0"))));
    }

    @Test
    void freezingAnUnknownAccountIsRefused() {
        assertEquals(new Rejection.UnknownAccount("ghost@bank0"),
                scenario.rejection(scenario.sign(new Operation.SetFrozen("ghost@bank0", true), authorityKey())));
    }

    // ------------------------------------------------------------------ SetTransferLimit

    @Test
    void theAuthoritySetsAndRemovesALimit() {
        scenario.commit(scenario.sign(new Operation.SetTransferLimit(TREASURY0, PKR, 500), authorityKey()));
        assertEquals(500, scenario.ledger.account(TREASURY0).transferLimit(PKR));

        scenario.commit(scenario.sign(new Operation.SetTransferLimit(TREASURY0, PKR, 0), authorityKey()));
        assertEquals(0, scenario.ledger.account(TREASURY0).transferLimit(PKR));
        scenario.commit(scenario.transfer(PKR, TREASURY0, TREASURY1, 1_000_000, key(TREASURY0)));
    }

    @Test
    void onlyTheAuthoritySetsLimits() {
        assertEquals(new Rejection.NotAuthorized(AUTHORITY, 1, 0), scenario.rejection(
                scenario.sign(new Operation.SetTransferLimit(TREASURY0, PKR, 5), key(TREASURY0))));
    }

    @Test
    void aLimitNeedsAKnownAccountAKnownAssetAndANonNegativeMaximum() {
        assertEquals(new Rejection.UnknownAccount("ghost@bank0"), scenario.rejection(
                scenario.sign(new Operation.SetTransferLimit("ghost@bank0", PKR, 5), authorityKey())));
        assertEquals(new Rejection.UnknownAsset("GOLD"), scenario.rejection(
                scenario.sign(new Operation.SetTransferLimit(TREASURY0, "GOLD", 5), authorityKey())));
        assertEquals(new Rejection.InvalidAmount(-1), scenario.rejection(
                scenario.sign(new Operation.SetTransferLimit(TREASURY0, BOND, -1), authorityKey())));
        assertNull(scenario.ledger.account(TREASURY0).transferLimits().get(BOND));
    }

    private static String field(Rejection rejection) {
        return ((Rejection.InvalidField) rejection).field();
    }
}
