package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The journal that makes a transaction all-or-nothing: {@link StateView#rollback} undoes the
 * writes made since its mark and nothing before it, and {@link StateView#settle} makes every
 * earlier write permanent, so a later rollback to any mark cannot reach it.
 */
class StateViewJournalTest {
    /** A committed state holding nothing. */
    private static final StateReader EMPTY = new FixedBalanceState(0);

    private final StateView view = new StateView(EMPTY);

    @Test
    void aRollbackUndoesOnlyTheWritesAfterItsMark() {
        view.putBalance("alice@bank0", "PKR", 10);
        int mark = view.mark();
        view.putBalance("alice@bank0", "PKR", 7);
        view.putBalance("bob@bank1", "PKR", 3);

        view.rollback(mark);

        assertEquals(10, view.balance("alice@bank0", "PKR"), "the write before the mark stays");
        assertEquals(0, view.balance("bob@bank1", "PKR"));
        assertNull(view.changedBalances().get(new BalanceKey("bob@bank1", "PKR")), "no trace of the undone write");
    }

    @Test
    void settledWritesCannotBeRolledBack() {
        view.putBalance("alice@bank0", "PKR", 10);
        view.putAsset(new AssetState("USD", "alice@bank0", 2, 0));

        view.settle();
        view.rollback(0);

        assertEquals(10, view.balance("alice@bank0", "PKR"));
        assertEquals(new AssetState("USD", "alice@bank0", 2, 0), view.asset("USD"));
        assertEquals(0, view.mark(), "nothing left to roll back");
    }
}
