package io.khata.net.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Rejection;
import io.khata.core.crypto.Hash;
import io.khata.core.ledger.CommittedTx;
import io.khata.core.ledger.Ledger;
import io.khata.core.store.TxLocation;
import io.khata.core.tx.Transaction;
import io.khata.net.node.NodeApi;
import io.khata.proto.api.AccountTx;
import io.khata.proto.api.AccountTxsResponse;
import io.khata.proto.api.ApiError;
import io.khata.proto.api.TxStatusResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /txs/{hash}} (a transaction's content and outcome) and {@code GET /accounts/{id}/txs}
 * (an account's history, newest first, paged by an opaque cursor).
 */
final class HistoryRoutes {
    static final int LIMIT_DEFAULT = 50;
    static final int LIMIT_MAX = 500;

    private HistoryRoutes() {
    }

    /**
     * Committed first (the ledger is the truth), then pending here, then dropped here recently;
     * a transaction this node knows nothing of is a 404, like any other unknown resource.
     */
    static TxStatusResponse txStatus(NodeApi node, Hash hash) throws ApiException {
        TxStatusResponse.Builder response = TxStatusResponse.newBuilder().setTxHash(hash.toHex());
        Ledger ledger = node.ledger();
        Optional<CommittedTx> committed = ledger.transaction(hash);
        if (committed.isPresent()) {
            CommittedTx tx = committed.get();
            long time = ledger.block(tx.height()).map(block -> block.header().timeMillis()).orElse(0L);
            return content(response, tx.transaction()).setStatus("committed").setHeight(tx.height())
                    .setIndex(tx.index()).setTime(time).build();
        }
        Optional<Transaction> pending = node.pendingTransaction(hash);
        if (pending.isPresent() || node.isPending(hash)) {
            pending.ifPresent(tx -> content(response, tx));
            return response.setStatus("pending").build();
        }
        Optional<Rejection> rejected = node.recentRejection(hash);
        if (rejected.isPresent()) {
            return response.setStatus("rejected").setError(ApiError.newBuilder()
                    .setCode(rejected.get().code()).setMessage(rejected.get().message())).build();
        }
        throw new ApiException(404, "unknown_transaction", "no pending, committed or recently rejected transaction " + hash);
    }

    private static TxStatusResponse.Builder content(TxStatusResponse.Builder response, Transaction tx) {
        try {
            io.khata.proto.Transaction wire = io.khata.proto.Transaction.parseFrom(tx.encode());
            return response.setTransaction(wire).setBody(io.khata.proto.TxBody.parseFrom(wire.getBody()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a decoded transaction re-reads as protobuf", e);
        }
    }

    /** One page, newest first; reads one more than asked to know whether another page follows. */
    static AccountTxsResponse accountTxs(NodeApi node, String account, String limitText, String cursorText)
            throws ApiException {
        int limit = limit(limitText);
        TxLocation before = cursorText == null ? null : HistoryCursor.decode(cursorText);
        Ledger ledger = node.ledger();
        if (ledger.account(account) == null) {
            throw new ApiException(404, "unknown_account", "no account " + ApiText.abbreviate(account));
        }
        List<TxLocation> page = ledger.accountHistory(account, before, limit + 1);
        AccountTxsResponse.Builder response = AccountTxsResponse.newBuilder().setAccount(account);
        int shown = Math.min(limit, page.size());
        io.khata.core.block.Block block = null;
        for (int i = 0; i < shown; i++) {
            TxLocation location = page.get(i);
            if (block == null || block.height() != location.height()) {
                block = ledger.block(location.height()).orElseThrow(() ->
                        new IllegalStateException("history names block " + location.height() + " that the store lacks"));
            }
            response.addTxs(AccountTx.newBuilder().setTxHash(block.transactionHashes().get(location.index()).toHex())
                    .setHeight(location.height()).setIndex(location.index()).setTime(block.header().timeMillis()));
        }
        if (page.size() > limit) {
            response.setNextCursor(HistoryCursor.encode(page.get(limit - 1)));
        }
        return response.build();
    }

    private static int limit(String text) throws ApiException {
        if (text == null) {
            return LIMIT_DEFAULT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= LIMIT_MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "bad_limit", "limit is a whole number from 1 to " + LIMIT_MAX + ", got '"
                + ApiText.abbreviate(text) + "'");
    }
}
