package io.khata.client;

import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import io.khata.proto.api.SubmitResponse;
import io.khata.proto.api.TxStatusResponse;
import java.time.Duration;

/**
 * {@code POST /txs} and the wait for an outcome. The node holds a submission at most 30 s
 * ({@code ?wait=MILLIS}); a longer wait goes on by polling {@code GET /txs/{hash}}. The answer is
 * checked to be about the transaction sent, since a node that names another hash is not to be
 * believed on anything else.
 */
final class Submissions {
    /** The node's own cap on {@code ?wait} (HttpApiServer.WAIT_MILLIS_MAX). */
    static final long SERVER_WAIT_MILLIS_MAX = 30_000;
    private static final long POLL_MILLIS = 200;

    private final NodeHttp http;

    Submissions(NodeHttp http) {
        this.http = http;
    }

    SubmitResult submit(Transaction tx) throws KhataException, InterruptedException {
        NodeHttp.Reply reply = http.postProtobuf("/txs", tx.encode(), Duration.ZERO);
        SubmitResponse response = answer(tx.hash(), reply);
        if (response.getStatus().equals("accepted")) {
            return new SubmitResult.Accepted(tx.hash());
        }
        if (response.getStatus().equals("rejected")) {
            return new SubmitResult.Rejected(tx.hash(), RejectionCode.fromCode(response.getError().getCode()),
                    ApiJson.clip(response.getError().getMessage()));
        }
        throw new KhataException.BadResponse("POST /txs without waiting answered status '"
                + ApiJson.clip(response.getStatus()) + "'");
    }

    TxOutcome submitAndWait(Transaction tx, Duration timeout) throws KhataException, InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        long waitMillis = Math.max(1, Math.min(timeout.toMillis(), SERVER_WAIT_MILLIS_MAX));
        NodeHttp.Reply reply = http.postProtobuf("/txs?wait=" + waitMillis, tx.encode(), Duration.ofMillis(waitMillis));
        SubmitResponse response = answer(tx.hash(), reply);
        switch (response.getStatus()) {
            case "committed":
                return new TxOutcome.Committed(tx.hash(), response.getHeight(), response.getIndex());
            case "accepted":
                return awaitOutcome(tx.hash(), deadlineNanos);
            case "rejected":
                RejectionCode code = RejectionCode.fromCode(response.getError().getCode());
                if (code == RejectionCode.REPLAYED || code == RejectionCode.ALREADY_PENDING) {
                    // A retry of a transaction the chain already has: its outcome is the first one's.
                    return awaitOutcome(tx.hash(), deadlineNanos);
                }
                return new TxOutcome.Rejected(tx.hash(), code, ApiJson.clip(response.getError().getMessage()));
            default:
                throw new KhataException.BadResponse("POST /txs answered status '" + ApiJson.clip(response.getStatus()) + "'");
        }
    }

    /**
     * Polls until committed or rejected, or the deadline. A node that does not know the hash (404)
     * is asked again: the transaction may still arrive by gossip, or be in flight to this node.
     */
    TxOutcome awaitOutcome(Hash txHash, long deadlineNanos) throws KhataException, InterruptedException {
        while (true) {
            NodeHttp.Reply reply = http.get("/txs/" + txHash.toHex());
            if (!KhataClient.notFound(reply)) {
                TxStatusResponse status = KhataClient.ok(reply, TxStatusResponse.newBuilder(), "GET /txs/{hash}").build();
                if (status.getStatus().equals("committed")) {
                    return new TxOutcome.Committed(txHash, status.getHeight(), status.getIndex());
                }
                if (status.getStatus().equals("rejected")) {
                    return new TxOutcome.Rejected(txHash, RejectionCode.fromCode(status.getError().getCode()),
                            ApiJson.clip(status.getError().getMessage()));
                }
            }
            long remainingNanos = deadlineNanos - System.nanoTime();
            if (remainingNanos <= 0) {
                return new TxOutcome.TimedOut(txHash);
            }
            Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, remainingNanos / 1_000_000)));
        }
    }

    /**
     * The submission's answer: a {@code SubmitResponse} for 200, 202 and 422; a 400 whose code is a
     * ledger rejection (the node could not decode the transaction) as a rejected response; any
     * other status is the node's {@link KhataException.ErrorAnswer}.
     */
    private static SubmitResponse answer(Hash txHash, NodeHttp.Reply reply) throws KhataException {
        int status = reply.status();
        if (status == 200 || status == 202 || status == 422) {
            SubmitResponse response = ApiJson.parse(reply.body(), SubmitResponse.newBuilder(), "POST /txs").build();
            if (!response.getTxHash().equals(txHash.toHex())) {
                throw new KhataException.BadResponse("POST /txs answered about transaction '"
                        + ApiJson.clip(response.getTxHash()) + "', not " + txHash);
            }
            return response;
        }
        KhataException.ErrorAnswer error = ApiJson.error(status, reply.body());
        if (status == 400 && RejectionCode.fromCode(error.code()) != RejectionCode.UNRECOGNIZED) {
            return SubmitResponse.newBuilder().setTxHash(txHash.toHex()).setStatus("rejected")
                    .setError(io.khata.proto.api.ApiError.newBuilder().setCode(error.code())
                            .setMessage(error.detail())).build();
        }
        throw error;
    }
}
