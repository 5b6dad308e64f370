package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Balances written, overwritten and rolled back, including across the table's growth. */
class StateViewRollbackTest {
    /** Every balance is 1,000 in the base, so a rolled-back write shows as 1,000 again. */
    private static final StateReader BASE = new FixedBalanceState(1_000);

    @Test
    void aRollbackRestoresEarlierWritesAndForgetsNewOnes() {
        StateView view = new StateView(BASE);
        view.putBalance("a@bank0", "PKR", 10);
        view.settle();
        int mark = view.mark();
        view.putBalance("a@bank0", "PKR", 20);
        view.putBalance("a@bank0", "PKR", 30);
        view.putBalance("b@bank0", "PKR", 40);
        for (int i = 0; i < 500; i++) { // grows the table several times after the mark
            view.putBalance("c" + i + "@bank1", "BOND", i);
        }
        assertEquals(30, view.balance("a@bank0", "PKR"));
        view.rollback(mark);
        assertEquals(10, view.balance("a@bank0", "PKR"));
        assertEquals(1_000, view.balance("b@bank0", "PKR"));
        assertEquals(1_000, view.balance("c7@bank1", "BOND"));
        assertEquals(Map.of(new BalanceKey("a@bank0", "PKR"), 10L), view.changedBalances());
    }

    @Test
    void stateChangesReadFromTheViewEqualThoseReadFromItsMaps() {
        StateView view = new StateView(BASE);
        for (int i = 0; i < 100; i++) {
            view.putBalance("c" + (i % 37) + "@bank1", i % 2 == 0 ? "PKR" : "BOND", i);
        }
        StateChanges fromMaps = StateChanges.of(view.changedAccounts(), view.changedAssets(), view.changedBalances(),
                view.changedMembers());
        assertEquals(74, fromMaps.entries().size());
        assertEquals(fromMaps.digest(), StateChanges.of(view).digest());
    }

    @Test
    void writesAfterARollbackStick() {
        StateView view = new StateView(BASE);
        int mark = view.mark();
        view.putBalance("a@bank0", "PKR", 5);
        view.rollback(mark);
        view.putBalance("a@bank0", "PKR", 6);
        view.putBalance("a@bank0", "BOND", 7);
        assertEquals(Map.of(new BalanceKey("a@bank0", "PKR"), 6L, new BalanceKey("a@bank0", "BOND"), 7L),
                view.changedBalances());
    }
}
