package io.khata.core;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;

/**
 * Why a piece of outside input (bytes, a transaction, a block, a genesis file) was refused.
 * A rejection is a value: it is counted, logged once and dropped; it never escapes as an
 * exception. {@link #code()} is a stable snake_case name for APIs and metrics, and
 * {@link #message()} states the facts.
 */
public sealed interface Rejection {

    /** A stable machine-readable name, such as {@code insufficient_funds}. */
    String code();

    /** A one-line explanation with the facts, for a person. */
    String message();

    // ------------------------------------------------------------------ decoding and structure

    record TooLarge(String what, long bytes, long bytesMax) implements Rejection {
        public String code() { return "too_large"; }
        public String message() { return what + " is " + bytes + " bytes, over the limit of " + bytesMax; }
    }

    record TooMany(String what, long count, long countMax) implements Rejection {
        public String code() { return "too_many"; }
        public String message() { return count + " " + what + ", over the limit of " + countMax; }
    }

    record Malformed(String what, String reason) implements Rejection {
        public String code() { return "malformed"; }
        public String message() { return "malformed " + what + ": " + reason; }
    }

    record InvalidField(String field, String value, String reason) implements Rejection {
        public String code() { return "invalid_field"; }
        public String message() { return field + " = '" + value + "': " + reason; }
    }

    record WrongChain(String expected, String actual) implements Rejection {
        public String code() { return "wrong_chain"; }
        public String message() { return "chain_id is '" + actual + "', this ledger is '" + expected + "'"; }
    }

    record NonCanonicalSignature(PublicKey signer) implements Rejection {
        public String code() { return "non_canonical_signature"; }
        public String message() { return "signature by " + signer + " has S >= L (RFC 8032 5.1.7)"; }
    }

    record BadSignature(PublicKey signer) implements Rejection {
        public String code() { return "bad_signature"; }
        public String message() { return "signature by " + signer + " does not verify"; }
    }

    record DuplicateSigner(PublicKey signer) implements Rejection {
        public String code() { return "duplicate_signer"; }
        public String message() { return "key " + signer + " signed more than once"; }
    }

    // ------------------------------------------------------------------ state transitions

    record UnknownAccount(String account) implements Rejection {
        public String code() { return "unknown_account"; }
        public String message() { return "no account " + account; }
    }

    record UnknownAsset(String asset) implements Rejection {
        public String code() { return "unknown_asset"; }
        public String message() { return "no asset " + asset; }
    }

    record UnknownDomain(String domain) implements Rejection {
        public String code() { return "unknown_domain"; }
        public String message() { return "no member or authority owns domain " + domain; }
    }

    record DuplicateAccount(String account) implements Rejection {
        public String code() { return "duplicate_account"; }
        public String message() { return "account " + account + " already exists"; }
    }

    record DuplicateAsset(String asset) implements Rejection {
        public String code() { return "duplicate_asset"; }
        public String message() { return "asset " + asset + " already exists"; }
    }

    record InvalidAmount(long amount) implements Rejection {
        public String code() { return "invalid_amount"; }
        public String message() { return "amount must be positive, got " + amount; }
    }

    record InsufficientFunds(String account, String asset, long balance, long amount) implements Rejection {
        public String code() { return "insufficient_funds"; }
        public String message() {
            return account + " holds " + balance + " " + asset + ", needs " + amount;
        }
    }

    record Overflow(String what, long current, long amount) implements Rejection {
        public String code() { return "overflow"; }
        public String message() { return what + " " + current + " + " + amount + " overflows a 64-bit amount"; }
    }

    record NotAuthorized(String account, int quorum, int validSigners) implements Rejection {
        public String code() { return "not_authorized"; }
        public String message() {
            return account + " needs " + quorum + " of its keys to sign, found " + validSigners;
        }
    }

    record AccountFrozen(String account) implements Rejection {
        public String code() { return "account_frozen"; }
        public String message() { return "account " + account + " is frozen"; }
    }

    record LimitExceeded(String account, String asset, long limit, long amount) implements Rejection {
        public String code() { return "limit_exceeded"; }
        public String message() {
            return account + " may send at most " + limit + " " + asset + " in one transfer, tried " + amount;
        }
    }

    record Replayed(Hash txHash) implements Rejection {
        public String code() { return "replayed"; }
        public String message() { return "transaction " + txHash + " is already committed"; }
    }

    record AlreadyPending(Hash txHash) implements Rejection {
        public String code() { return "already_pending"; }
        public String message() { return "transaction " + txHash + " was already submitted and is pending"; }
    }

    /** The block time {@code blockTimeMillis} is past the transaction's {@code valid_until_time}. */
    record Expired(long validUntilMillis, long blockTimeMillis) implements Rejection {
        public String code() { return "expired"; }
        public String message() {
            return "valid until block time " + validUntilMillis + " ms, the block time is " + blockTimeMillis + " ms";
        }
    }

    /** The transaction's {@code valid_until_time} is more than the genesis's {@code max_tx_ttl_ms} past the block time. */
    record TtlTooLong(long validUntilMillis, long blockTimeMillis, long ttlMaxMillis) implements Rejection {
        public String code() { return "ttl_too_long"; }
        public String message() {
            return "valid_until_time " + validUntilMillis + " ms is more than " + ttlMaxMillis
                    + " ms past the block time " + blockTimeMillis + " ms";
        }
    }

    record Unsupported(String what) implements Rejection {
        public String code() { return "unsupported"; }
        public String message() { return what + " is not supported"; }
    }

    // ------------------------------------------------------------------ membership

    record UnknownMember(String memberId) implements Rejection {
        public String code() { return "unknown_member"; }
        public String message() { return "no active member " + memberId; }
    }

    record DuplicateMember(String memberId) implements Rejection {
        public String code() { return "duplicate_member"; }
        public String message() { return "member id " + memberId + " is or was already taken"; }
    }

    record DuplicateValidatorKey(PublicKey key, String holder) implements Rejection {
        public String code() { return "duplicate_validator_key"; }
        public String message() { return "validator key " + key + " already belongs to " + holder; }
    }

    record EmptyValidatorSet(String memberId) implements Rejection {
        public String code() { return "empty_validator_set"; }
        public String message() { return "removing " + memberId + " would leave no validator"; }
    }

    /**
     * The validator-set changes taking effect at one height would move {@code changed} units of
     * voting power (the sum of |change| over members: additions, raises, reductions, removals),
     * more than 1/3 of the {@code total} in force before them.
     */
    record PowerChangeTooLarge(long changed, long total) implements Rejection {
        public String code() { return "power_change_too_large"; }
        public String message() {
            return "the validator-set changes taking effect at one height may move at most 1/3 of the voting power "
                    + total + " in force before them; with this transaction they move " + changed;
        }
    }

    // ------------------------------------------------------------------ blocks

    /** A block failed validation step {@code step} (DESIGN.md's numbering) for {@code reason}. */
    record InvalidBlock(long height, int step, String reason) implements Rejection {
        public String code() { return "invalid_block"; }
        public String message() { return "block " + height + " fails step " + step + ": " + reason; }
    }
}
