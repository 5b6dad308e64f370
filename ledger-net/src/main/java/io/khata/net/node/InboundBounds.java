package io.khata.net.node;

import io.khata.core.Limits;

/**
 * What peers may make this node queue or compute, per peer and in all. Derived from
 * {@link Limits#blockBytesMax()} so that a network with smaller blocks gets proportionally
 * smaller buffers; {@code frameBytes} below is the largest frame a peer may send (a block plus
 * {@link TlsPeerNetwork#FRAME_OVERHEAD_BYTES}).
 *
 * @param consensusBytesPerPeerMax   consensus messages queued for the consensus thread from one peer:
 *                                   one largest frame and 1 MiB of votes
 * @param consensusMessagesPerPeerMax the same, counted in messages (4,096)
 * @param consensusBytesMax          all peers' consensus messages together: two largest frames and 2 MiB
 * @param workBytesPerPeerMax        transaction batches and block requests queued for the worker thread
 *                                   from one peer: one largest frame
 * @param workItemsPerPeerMax        the same, counted in items (1,024)
 * @param workBytesMax               all peers' work together: two largest frames
 * @param statusPerSecond            status catch-ups answered per peer per second (2, bursts of 4; an
 *                                   honest peer sends one a second)
 * @param blockRequestsPerSecond     block requests answered per peer per second (8, bursts of 16)
 * @param unsolicitedPerSecond       unsolicited block responses tolerated per peer per second (0.5, bursts
 *                                   of 2) before the peer is disconnected; each is dropped unread
 * @param toleranceFactor            how many times faster than it is served a peer may ask before it is
 *                                   disconnected with backoff (10)
 * @param syncResponseBytesMax       bytes of blocks in one answer to a block request: a quarter of the
 *                                   largest block (8 MiB by default), checked before each block is added;
 *                                   the first block always goes, so an answer is at most one largest block
 * @param badTransactionsRemembered  exact transaction encodings whose signatures or structure failed,
 *                                   remembered so that a re-send costs a hash, not a verification (65,536)
 */
record InboundBounds(
        long consensusBytesPerPeerMax,
        int consensusMessagesPerPeerMax,
        long consensusBytesMax,
        long workBytesPerPeerMax,
        int workItemsPerPeerMax,
        long workBytesMax,
        double statusPerSecond,
        double blockRequestsPerSecond,
        double unsolicitedPerSecond,
        double toleranceFactor,
        long syncResponseBytesMax,
        int badTransactionsRemembered) {

    private static final long MIB = 1024 * 1024;

    static InboundBounds of(Limits limits) {
        long frameBytes = (long) limits.blockBytesMax() + TlsPeerNetwork.FRAME_OVERHEAD_BYTES;
        return new InboundBounds(frameBytes + MIB, 4_096, 2 * frameBytes + 2 * MIB,
                frameBytes, 1_024, 2 * frameBytes,
                2, 8, 0.5, 10, Math.max(64 * 1024, limits.blockBytesMax() / 4), 65_536);
    }
}
