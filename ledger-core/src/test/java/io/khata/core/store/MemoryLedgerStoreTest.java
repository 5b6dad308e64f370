package io.khata.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.BalanceKey;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryLedgerStoreTest {
    static final PublicKey KEY = PublicKey.fromHex("22".repeat(32));

    @Test
    void readsBackWhatEachCommitWrote() {
        MemoryLedgerStore store = new MemoryLedgerStore();
        AccountState alice = new AccountState("alice@bank0", List.of(KEY), 1, false, Map.of("PKR", 500L));
        AssetState pkr = new AssetState("PKR", "issuer@authority", 2, 1_000);
        store.commit(batch(0, StateChanges.of(Map.of(alice.id(), alice), Map.of(pkr.id(), pkr),
                Map.of(new BalanceKey(alice.id(), "PKR"), 1_000L))));
        assertEquals(alice, store.account("alice@bank0"));
        assertEquals(pkr, store.asset("PKR"));
        assertEquals(1_000, store.balance("alice@bank0", "PKR"));
        assertEquals(0, store.balance("alice@bank0", "BOND-2030"));
        assertNull(store.account("bob@bank0"));
        assertNull(store.asset("BOND-2030"));

        AccountState frozen = alice.withFrozen(true);
        store.commit(batch(1, StateChanges.of(Map.of(frozen.id(), frozen), Map.of(),
                Map.of(new BalanceKey(alice.id(), "PKR"), 0L))));
        assertEquals(frozen, store.account("alice@bank0"));
        assertEquals(0, store.balance("alice@bank0", "PKR"));
        assertEquals(pkr, store.asset("PKR"));
    }

    @Test
    void balanceKeysDecodeToWhatTheyEncode() {
        assertEquals(new BalanceKey("a.b_c-d@bank1", "BOND-2030"),
                StateCodec.decodeBalanceKey(StateCodec.balanceKey("a.b_c-d@bank1", "BOND-2030")));
    }

    private static CommitBatch batch(long height, StateChanges changes) {
        return new CommitBatch(height, null, null, List.of(), changes, Map.of(), height, Hash.ZERO, null);
    }
}
