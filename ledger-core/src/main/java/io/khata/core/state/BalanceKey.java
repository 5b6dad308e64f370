package io.khata.core.state;

/** Where a balance lives: one asset held by one account. */
public record BalanceKey(String account, String asset) {
}
