package io.khata.core.genesis;

import io.khata.core.crypto.PublicKey;
import java.util.Objects;

/**
 * A consortium member (a bank): its id, which is also the domain of its accounts, the key it
 * signs proposals and votes with, its voting power and where its node listens for peers.
 *
 * @param p2pAddress {@code host:port} of the member's node; checked by the network layer that dials it
 */
public record Member(String id, PublicKey validatorKey, long power, String p2pAddress) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(validatorKey, "validatorKey");
        Objects.requireNonNull(p2pAddress, "p2pAddress");
    }
}
