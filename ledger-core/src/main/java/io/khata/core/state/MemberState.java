package io.khata.core.state;

import io.khata.core.crypto.PublicKey;

/**
 * A consortium member: its id (also the domain of its accounts), validator key, voting power
 * and peer address. A removed member keeps its entry with power 0, so its id and key are
 * never reused and its accounts' history stays readable.
 */
public record MemberState(String id, PublicKey validatorKey, long power, String p2pAddress) {
    public boolean active() {
        return power > 0;
    }

    public MemberState withPower(long value) {
        return new MemberState(id, validatorKey, value, p2pAddress);
    }
}
