package io.khata.client;

import java.util.Locale;

/**
 * Why a node refused a transaction, one constant per kind of ledger-core's {@code Rejection}
 * (its {@code code()}, upper-cased). A code this version of the client does not know, sent by a
 * newer node, reads as {@link #UNRECOGNIZED}; the node's own code is kept in the outcome's message.
 */
public enum RejectionCode {
    TOO_LARGE,
    TOO_MANY,
    MALFORMED,
    INVALID_FIELD,
    WRONG_CHAIN,
    NON_CANONICAL_SIGNATURE,
    BAD_SIGNATURE,
    DUPLICATE_SIGNER,
    UNKNOWN_ACCOUNT,
    UNKNOWN_ASSET,
    UNKNOWN_DOMAIN,
    DUPLICATE_ACCOUNT,
    DUPLICATE_ASSET,
    INVALID_AMOUNT,
    INSUFFICIENT_FUNDS,
    OVERFLOW,
    NOT_AUTHORIZED,
    ACCOUNT_FROZEN,
    LIMIT_EXCEEDED,
    REPLAYED,
    ALREADY_PENDING,
    EXPIRED,
    TTL_TOO_LONG,
    UNSUPPORTED,
    UNKNOWN_MEMBER,
    DUPLICATE_MEMBER,
    DUPLICATE_VALIDATOR_KEY,
    EMPTY_VALIDATOR_SET,
    POWER_CHANGE_TOO_LARGE,
    INVALID_BLOCK,
    /** A code this client does not know. */
    UNRECOGNIZED;

    /** The snake_case code the node sends, as in {@code Rejection.code()}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant for {@code code}, or {@link #UNRECOGNIZED}; never throws on what a node sends. */
    public static RejectionCode fromCode(String code) {
        if (code == null || code.length() > 64) {
            return UNRECOGNIZED;
        }
        for (RejectionCode known : values()) {
            if (known != UNRECOGNIZED && known.code().equals(code)) {
                return known;
            }
        }
        return UNRECOGNIZED;
    }
}
