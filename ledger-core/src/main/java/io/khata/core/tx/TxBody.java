package io.khata.core.tx;

import java.util.List;

/** The signed content of a transaction, as decoded from its exact body bytes. */
public record TxBody(String chainId, List<Operation> operations, long validUntil, long nonce, String memo) {
    public TxBody {
        operations = List.copyOf(operations);
    }
}
