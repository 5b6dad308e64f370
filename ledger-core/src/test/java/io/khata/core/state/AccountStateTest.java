package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.genesis.TestGenesis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transfer limit of 0 means "no limit", and setting it removes the entry: the account is then
 * exactly the account that never had one, so it encodes (and enters the state root) the same.
 */
class AccountStateTest {
    private final AccountState plain = new AccountState("alice@bank0",
            List.of(TestGenesis.keyPair("alice").publicKey()), 1, false, Map.of());

    @Test
    void settingALimitToZeroRemovesIt() {
        AccountState limited = plain.withTransferLimit("PKR", 500);
        assertEquals(500, limited.transferLimit("PKR"));

        AccountState lifted = limited.withTransferLimit("PKR", 0);

        assertEquals(plain, lifted);
        assertEquals(Map.of(), lifted.transferLimits());
        assertEquals(0, lifted.transferLimit("PKR"));
    }

    @Test
    void aLimitOfZeroOnAnAccountWithoutOneChangesNothing() {
        assertEquals(plain, plain.withTransferLimit("PKR", 0));
    }
}
