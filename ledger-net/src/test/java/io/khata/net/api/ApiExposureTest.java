package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An API that authenticates nobody refuses to listen anywhere but loopback unless the operator
 * said so; with a credential, or on loopback, it starts.
 */
class ApiExposureTest {
    private final Ledger ledger = Ledger.inMemory(TestGenesis.of(4).genesis());
    private final LedgerOnlyNode node = new LedgerOnlyNode(ledger);
    private static final InetSocketAddress EVERY_INTERFACE = new InetSocketAddress("0.0.0.0", 0);

    @AfterEach
    void stop() {
        ledger.close();
    }

    @Test
    void noAuthenticationOnEveryInterfaceIsRefusedWithTheWayOut() {
        for (ApiSecurity open : List.of(ApiSecurity.none(), new ApiSecurity(null, new BearerTokens(List.of()), false, false,
                Sessions.defaults()))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> HttpApiServer.start(node, EVERY_INTERFACE, open).close());
            assertTrue(refused.getMessage().contains("api_token_sha256") && refused.getMessage().contains("api_allow_unauthenticated"),
                    refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HttpApiServer.start(node, EVERY_INTERFACE).close(),
                "the overload without security is the open one");
    }

    @Test
    void loopbackATokenOrTheExplicitSettingStart() throws Exception {
        HttpApiServer.start(node, new InetSocketAddress("127.0.0.1", 0), ApiSecurity.none()).close();
        HttpApiServer.start(node, EVERY_INTERFACE, new ApiSecurity(null,
                new BearerTokens(List.of(BearerTokens.sha256Hex("t"))), false, false, Sessions.defaults())).close();
        HttpApiServer.start(node, EVERY_INTERFACE, new ApiSecurity(null, new BearerTokens(List.of()), false, true,
                Sessions.defaults())).close();
    }
}
