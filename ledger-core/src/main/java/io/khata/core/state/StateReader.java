package io.khata.core.state;

import io.khata.core.crypto.Hash;

/** Read access to ledger state, committed or in progress. */
public interface StateReader {
    /** The account, or null if there is none. */
    AccountState account(String id);

    /** The asset, or null if there is none. */
    AssetState asset(String id);

    /** The member, active or removed, or null if there never was one. */
    MemberState member(String id);

    /** Every member, active or removed, ordered by id. */
    java.util.List<MemberState> members();

    /** The balance of {@code asset} held by {@code account}; 0 if none. */
    long balance(String account, String asset);

    /**
     * The {@code valid_until_time} (milliseconds) of a committed transaction whose replay window
     * is still open, or -1 if this hash is not remembered.
     */
    long replayWindowEnd(Hash txHash);
}
