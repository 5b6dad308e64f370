package io.khata.net.p2p;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the accepted connections that have not yet identified themselves (TLS and Hello not
 * done), per remote address and in all. The per-address cap is what keeps a stranger from
 * locking members out: idle sockets from one address hold at most {@code perAddressMax} of
 * the {@code totalMax} slots, and each slot is freed by the handshake deadline at the latest.
 * Connections this node dials never take a slot, so a member whose inbound slots are taken
 * still connects by dialing out. Thread-safe.
 */
final class PendingConnections {
    /** Why a connection was not given a slot, or null when it was. */
    enum Refusal { FROM_ADDRESS, IN_ALL }

    private final int perAddressMax;
    private final int totalMax;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int total;

    PendingConnections(int perAddressMax, int totalMax) {
        if (perAddressMax <= 0 || totalMax <= 0) {
            throw new IllegalArgumentException("bounds must be positive: " + perAddressMax + ", " + totalMax);
        }
        this.perAddressMax = perAddressMax;
        this.totalMax = totalMax;
    }

    /** Takes a slot for a connection from {@code address}; null if taken, else why not. */
    synchronized Refusal acquire(InetAddress address) {
        int fromAddress = byAddress.getOrDefault(address, 0);
        if (fromAddress >= perAddressMax) {
            return Refusal.FROM_ADDRESS;
        }
        if (total >= totalMax) {
            return Refusal.IN_ALL;
        }
        byAddress.put(address, fromAddress + 1);
        total++;
        return null;
    }

    synchronized void release(InetAddress address) {
        Integer fromAddress = byAddress.get(address);
        if (fromAddress == null) {
            throw new IllegalStateException("released a pending slot never taken for " + address);
        }
        if (fromAddress == 1) {
            byAddress.remove(address);
        } else {
            byAddress.put(address, fromAddress - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }

    synchronized int from(InetAddress address) {
        return byAddress.getOrDefault(address, 0);
    }
}
