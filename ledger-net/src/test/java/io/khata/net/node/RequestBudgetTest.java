package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void servesTheBurstThenDropsThenDisconnectsAFlooder() {
        RequestBudget budget = new RequestBudget(2, 4, 10, nanos::get);
        for (int n = 0; n < 4; n++) {
            assertEquals(RequestBudget.Verdict.SERVE, budget.charge("flooder"));
        }
        for (int n = 4; n < 40; n++) {
            assertEquals(RequestBudget.Verdict.DROP, budget.charge("flooder"), "request " + n);
        }
        assertEquals(RequestBudget.Verdict.DISCONNECT, budget.charge("flooder"));
        assertEquals(RequestBudget.Verdict.SERVE, budget.charge("other"), "another peer has its own budget");
    }

    @Test
    void aPeerAtTheHonestRateIsAlwaysServed() {
        RequestBudget budget = new RequestBudget(2, 4, 10, nanos::get);
        for (int n = 0; n < 1_000; n++) {
            assertEquals(RequestBudget.Verdict.SERVE, budget.charge("honest"));
            nanos.addAndGet(1_000_000_000L); // one status a second
        }
    }
}
