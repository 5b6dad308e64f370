package io.khata.net.node;

import io.khata.proto.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Peers in one JVM without sockets, for node tests: each member gets a {@link PeerNetwork}
 * whose messages are delivered, in order, on a thread of the receiver. A member can be cut
 * off and reconnected.
 */
final class MemoryNetwork {
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();

    PeerNetwork endpoint(String memberId) {
        Endpoint endpoint = new Endpoint(memberId);
        endpoints.put(memberId, endpoint);
        return endpoint;
    }

    void isolate(String memberId) {
        isolated.add(memberId);
    }

    void reconnect(String memberId) {
        isolated.remove(memberId);
    }

    private boolean linked(String a, String b) {
        Endpoint to = endpoints.get(b);
        return !a.equals(b) && to != null && to.listener != null && !to.closed
                && !isolated.contains(a) && !isolated.contains(b);
    }

    private final class Endpoint implements PeerNetwork {
        private final String memberId;
        private final ExecutorService inbox;
        private volatile Listener listener;
        private volatile boolean closed;

        Endpoint(String memberId) {
            this.memberId = memberId;
            this.inbox = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "memory-net-" + memberId);
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void start(Listener value) {
            this.listener = value;
        }

        @Override
        public void broadcast(Envelope envelope) {
            for (String peer : endpoints.keySet()) {
                send(peer, envelope);
            }
        }

        @Override
        public void send(String peer, Envelope envelope) {
            if (closed || !linked(memberId, peer)) {
                return;
            }
            Endpoint to = endpoints.get(peer);
            try {
                to.inbox.execute(() -> {
                    if (!to.closed && linked(memberId, peer)) {
                        to.listener.onMessage(memberId, envelope);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the receiver closed meanwhile
            }
        }

        @Override
        public List<String> connectedPeers() {
            List<String> peers = new ArrayList<>();
            for (String peer : endpoints.keySet()) {
                if (linked(memberId, peer)) {
                    peers.add(peer);
                }
            }
            peers.sort(String::compareTo);
            return peers;
        }

        @Override
        public void close() {
            closed = true;
            endpoints.remove(memberId, this);
            inbox.shutdownNow();
        }
    }
}
