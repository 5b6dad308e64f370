package io.khata.core.state;

import io.khata.core.crypto.Hash;
import java.util.List;

/** A committed state with no accounts, assets or members, where every balance reads {@code balance}. */
final class FixedBalanceState implements StateReader {
    private final long balance;

    FixedBalanceState(long balance) {
        this.balance = balance;
    }

    @Override
    public AccountState account(String id) {
        return null;
    }

    @Override
    public AssetState asset(String id) {
        return null;
    }

    @Override
    public MemberState member(String id) {
        return null;
    }

    @Override
    public List<MemberState> members() {
        return List.of();
    }

    @Override
    public long balance(String account, String asset) {
        return balance;
    }

    @Override
    public long replayWindowEnd(Hash txHash) {
        return -1;
    }
}
