package io.khata.core.store;

/**
 * One line of an account's history: the transaction at {@code index} of the block being
 * committed touches {@code account} (the block's height is the batch's).
 */
public record AccountTx(String account, int index) {
    public AccountTx {
        if (account == null || account.isEmpty()) {
            throw new IllegalArgumentException("an account history entry needs an account");
        }
        if (index < 0) {
            throw new IllegalArgumentException("transaction index must not be negative, got " + index);
        }
    }
}
