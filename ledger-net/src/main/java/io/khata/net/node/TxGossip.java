package io.khata.net.node;

import io.khata.core.tx.Transaction;
import io.khata.proto.Envelope;
import io.khata.proto.TxBatch;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends newly admitted transactions to peers in batches: every flush drains what was queued
 * and sends each peer one batch, leaving out the transactions that came from that very peer.
 * The queue is bounded; past the bound new transactions are not gossiped (they stay in this
 * node's mempool and reach a block through this node's own proposals). A batch holds at most
 * {@link #BATCH_MAX} transactions and {@link #BATCH_BYTES_MAX} bytes, so it always fits a frame
 * and a peer's inbound lane, whatever the block limit.
 */
final class TxGossip {
    static final int QUEUE_MAX = 100_000;
    static final int BATCH_MAX = 2_000;
    static final int BATCH_BYTES_MAX = 512 * 1024;

    private record Queued(Transaction transaction, String source) {
    }

    private final PeerNetwork network;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    TxGossip(PeerNetwork network) {
        this.network = network;
    }

    /** Queues {@code tx} for every peer but {@code source} (null when it came from a local client). */
    void enqueue(Transaction tx, String source) {
        if (size.incrementAndGet() > QUEUE_MAX) {
            size.decrementAndGet();
            return;
        }
        queue.add(new Queued(tx, source));
    }

    /** Sends what is queued; called periodically from one thread. */
    void flush() {
        while (!queue.isEmpty()) {
            List<Queued> batch = new ArrayList<>();
            List<ByteString> encoded = new ArrayList<>();
            Queued next;
            long bytes = 0;
            while (batch.size() < BATCH_MAX && bytes < BATCH_BYTES_MAX && (next = queue.poll()) != null) {
                size.decrementAndGet();
                batch.add(next);
                ByteString tx = ByteString.copyFrom(next.transaction().encode()); // once, shared by every peer's batch
                encoded.add(tx);
                bytes += tx.size() + 4;
            }
            for (String peer : network.connectedPeers()) {
                TxBatch.Builder txs = TxBatch.newBuilder();
                for (int i = 0; i < batch.size(); i++) {
                    if (!peer.equals(batch.get(i).source())) {
                        txs.addTxs(encoded.get(i));
                    }
                }
                if (txs.getTxsCount() > 0) {
                    network.send(peer, Envelope.newBuilder().setTxBatch(txs).build());
                }
            }
        }
    }
}
