package io.khata.core.tx;

import java.util.List;

/**
 * The signed content of a transaction, as decoded from its exact body bytes.
 *
 * @param validUntilMillis the latest block time (milliseconds since the Unix epoch) at which the
 *                         transaction may be committed; see {@link io.khata.core.state.Expiry}
 */
public record TxBody(String chainId, List<Operation> operations, long validUntilMillis, long nonce, String memo) {
    public TxBody {
        operations = List.copyOf(operations);
    }
}
