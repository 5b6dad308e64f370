package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks each membership operation makes before it touches the set: a new member needs a
 * well-formed id and a strong Ed25519 key; a power change names an active member and gives a
 * positive power (0 is a removal, which has its own operation).
 */
class MemberOperationRulesTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final Ledger ledger = Ledger.inMemory(fixture.genesis());
    private final TestChain chain = new TestChain(fixture, ledger);
    private final KeyPair authority = fixture.accountKey(TestGenesis.AUTHORITY);
    private final PublicKey bank4 = TestGenesis.keyPair("bank4 validator").publicKey();

    @AfterEach
    void close() {
        ledger.close();
    }

    private Transaction byAuthority(Operation operation) {
        return chain.sign(List.of(operation), authority);
    }

    private Rejection rejectionOf(Operation operation) {
        BlockBuilder.Built built = chain.build(List.of(byAuthority(operation)));
        assertTrue(built.block().transactions().isEmpty(), "expected " + operation + " to be refused");
        return built.skipped().get(0).reason();
    }

    private void accepted(Operation operation) {
        Transaction tx = byAuthority(operation);
        assertEquals(List.of(tx), chain.build(List.of(tx)).block().transactions(), operation.toString());
    }

    private static String field(Rejection rejection) {
        return assertInstanceOf(Rejection.InvalidField.class, rejection).field();
    }

    @Test
    void aNewMemberNeedsAWellFormedId() {
        accepted(new Operation.AddMember("bank4", bank4, 5, ""));
        assertEquals("add_member.member_id", field(rejectionOf(new Operation.AddMember("Bank 4!", bank4, 5, ""))));
        assertEquals("add_member.member_id", field(rejectionOf(new Operation.AddMember("", bank4, 5, ""))));
    }

    @Test
    void aNewMembersValidatorKeyMustBeAStrongEd25519Key() {
        PublicKey identity = PublicKey.fromHex("01" + "00".repeat(PublicKey.BYTES - 1));
        assertEquals("add_member.validator_key", field(rejectionOf(new Operation.AddMember("bank4", identity, 5, ""))));
    }

    @Test
    void aPowerChangeNamesAnActiveMemberAndAPositivePower() {
        accepted(new Operation.SetPower("bank2", 1));
        assertEquals("set_power.power", field(rejectionOf(new Operation.SetPower("bank2", 0))));
        assertEquals("set_power.power", field(rejectionOf(new Operation.SetPower("bank2", -1))));

        chain.commitNext(List.of(byAuthority(new Operation.RemoveMember("bank3"))));
        assertEquals(new Rejection.UnknownMember("bank3"), rejectionOf(new Operation.SetPower("bank3", 5)),
                "a removed member keeps its entry with power 0 but is no longer active");
    }
}
