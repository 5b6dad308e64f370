package io.khata.core.state;

import static io.khata.core.state.Scenario.authorityKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.Rejection;
import io.khata.core.block.ValidatorSet;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two power limits a membership operation meets, each at its boundary. First the total:
 * the active members' power after the operation may reach {@link ValidatorSet#TOTAL_POWER_MAX}
 * and not one unit more (an addition or a raise past it is an overflow, whatever the 1/3 rule
 * would say). Then the 1/3 rule, for a reduction and a removal alone. Four banks of power 10:
 * 40 in force, so at most 13 may move.
 */
class MembershipChangesBoundsTest {
    private static final long TOTAL = 4 * TestGenesis.MEMBER_POWER;
    private static final long MAX = ValidatorSet.TOTAL_POWER_MAX;

    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    private Rejection refused(Operation operation) {
        return scenario.rejection(scenario.sign(operation, authorityKey()));
    }

    private static Operation addBank4(long power) {
        return new Operation.AddMember("bank4", TestGenesis.keyPair("bank4 validator").publicKey(), power, "");
    }

    @Test
    void anAdditionThatBringsTheTotalToTheMaximumPassesTheTotalCheckAndOneUnitMoreOverflows() {
        // Exactly at the maximum: not an overflow, so only the 1/3 rule refuses it.
        assertEquals(new Rejection.PowerChangeTooLarge(MAX - TOTAL, TOTAL), refused(addBank4(MAX - TOTAL)));
        assertEquals(new Rejection.Overflow("total voting power", TOTAL, MAX - TOTAL + 1),
                refused(addBank4(MAX - TOTAL + 1)));
    }

    @Test
    void anAdditionWhoseSumWrapsPastLongMaxValueIsAnOverflowNotANegativeTotal() {
        assertEquals(new Rejection.Overflow("total voting power", TOTAL, Long.MAX_VALUE),
                refused(addBank4(Long.MAX_VALUE)));
        assertEquals(new Rejection.Overflow("total voting power", TOTAL, Long.MAX_VALUE - TOTAL + 1),
                refused(addBank4(Long.MAX_VALUE - TOTAL + 1)));
    }

    @Test
    void aRaiseThatBringsTheTotalToTheMaximumPassesTheTotalCheckAndOneUnitMoreOverflows() {
        long toMaximum = MAX - TOTAL + TestGenesis.MEMBER_POWER;
        assertEquals(new Rejection.PowerChangeTooLarge(MAX - TOTAL, TOTAL),
                refused(new Operation.SetPower("bank1", toMaximum)));
        assertEquals(new Rejection.Overflow("total voting power", TOTAL, MAX - TOTAL + 1),
                refused(new Operation.SetPower("bank1", toMaximum + 1)));
    }

    @Test
    void aRaiseWhoseSumWrapsPastLongMaxValueIsAnOverflowNotANegativeTotal() {
        // The total check must not add first and compare after: the sum would wrap and pass it.
        assertEquals(new Rejection.Overflow("total voting power", TOTAL, Long.MAX_VALUE - TestGenesis.MEMBER_POWER),
                refused(new Operation.SetPower("bank1", Long.MAX_VALUE)));
    }

    @Test
    void loweringAPowerOrKeepingItIsNeverAnOverflow() {
        Operation same = new Operation.SetPower("bank1", TestGenesis.MEMBER_POWER);
        scenario.commit(scenario.sign(same, authorityKey()));
        assertEquals(TOTAL, scenario.ledger.validatorsAt(scenario.ledger.height() + 2).totalPower());

        scenario.commit(scenario.sign(new Operation.SetPower("bank1", 1), authorityKey()));
        assertEquals(TOTAL - 9, scenario.ledger.validatorsAt(scenario.ledger.height() + 2).totalPower());
    }

    @Test
    void aReductionOfExactlyAThirdIsAcceptedAndOneUnitMoreIsRefused() {
        // 40 in force: 13 may move. bank0 from 10 to 1 moves 9, bank1 from 10 to 6 moves 4 more.
        assertEquals(new Rejection.PowerChangeTooLarge(14, TOTAL), scenario.rejection(scenario.sign(List.of(
                new Operation.SetPower("bank0", 1), new Operation.SetPower("bank1", 5)), authorityKey())));
        scenario.commit(scenario.sign(List.of(new Operation.SetPower("bank0", 1), new Operation.SetPower("bank1", 6)),
                authorityKey()));
        assertEquals(TOTAL - 13, scenario.ledger.validatorsAt(scenario.ledger.height() + 2).totalPower());
    }

    @Test
    void aRaiseOfExactlyAThirdIsAcceptedAndOneUnitMoreIsRefused() {
        assertEquals(new Rejection.PowerChangeTooLarge(14, TOTAL),
                refused(new Operation.SetPower("bank2", TestGenesis.MEMBER_POWER + 14)));
        scenario.commit(scenario.sign(new Operation.SetPower("bank2", TestGenesis.MEMBER_POWER + 13), authorityKey()));
        assertEquals(TOTAL + 13, scenario.ledger.validatorsAt(scenario.ledger.height() + 2).totalPower());
    }

    @Test
    void anAdditionOfExactlyAThirdIsAcceptedAndOneUnitMoreIsRefused() {
        assertEquals(new Rejection.PowerChangeTooLarge(14, TOTAL), refused(addBank4(14)));
        scenario.commit(scenario.sign(addBank4(13), authorityKey()));
        assertEquals(TOTAL + 13, scenario.ledger.validatorsAt(scenario.ledger.height() + 2).totalPower());
    }
}
