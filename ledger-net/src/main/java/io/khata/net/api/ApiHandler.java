package io.khata.net.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.codec.ProtoJson;
import io.khata.core.crypto.Hash;
import io.khata.core.ledger.Ledger;
import io.khata.core.proof.TxProofCodec;
import io.khata.core.state.AccountState;
import io.khata.core.tx.Transaction;
import io.khata.net.mempool.Admission;
import io.khata.net.node.NodeApi;
import io.khata.net.node.TxResult;
import io.khata.proto.api.SubmitResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one HTTP request to the node and answers it. Every bad request gets a 4xx with
 * {@code {"error":{"code":..,"message":..}}}; an unexpected failure is logged and answered
 * with a 500 that names no internals. Requests that wait for a commit are answered from the
 * completion of the transaction's outcome, without holding the event loop.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Pattern HEX_HASH = Pattern.compile("[0-9a-f]{64}");
    private static final java.util.Map<String, String> UNAUTHORIZED_HEADERS =
            java.util.Map.of("WWW-Authenticate", "Bearer realm=\"khata\"", "Cache-Control", "no-store");

    private final NodeApi node;
    private final long waitMillisMax;
    private final EventStreams streams;
    private final ApiSecurity security;
    private final AccessGuard guard;
    /** This connection carries an event stream now: it answers no further request. */
    private boolean streaming;

    ApiHandler(NodeApi node, long waitMillisMax) {
        this(node, waitMillisMax, new EventStreams(EventStreams.STREAMS_MAX_DEFAULT));
    }

    ApiHandler(NodeApi node, long waitMillisMax, EventStreams streams) {
        this(node, waitMillisMax, streams, ApiSecurity.none());
    }

    ApiHandler(NodeApi node, long waitMillisMax, EventStreams streams, ApiSecurity security) {
        this.node = node;
        this.waitMillisMax = waitMillisMax;
        this.streams = streams;
        this.security = security;
        this.guard = new AccessGuard(security);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        if (streaming) {
            return; // a client that pipelines after an event stream gets nothing: the stream never ends to make room
        }
        boolean keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(request);
        try {
            route(context, request, keepAlive);
        } catch (ApiException e) {
            HttpReplies.json(context, e.status(), Json.error(e.code(), e.getMessage()),
                    e.status() == 401 ? UNAUTHORIZED_HEADERS : java.util.Map.of(), keepAlive);
        } catch (RuntimeException e) {
            LOG.error("API request {} {} failed", request.method(), request.uri(), e);
            HttpReplies.json(context, 500, Json.error("internal", "the node could not answer this request"), keepAlive);
        }
    }

    private void route(ChannelHandlerContext context, FullHttpRequest request, boolean keepAlive) throws ApiException {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        List<String> path = segments(uri.path());
        HttpMethod method = request.method();
        AccessGuard.Credential credential = guard.check(context, request, path);
        if (path.size() == 1 && path.get(0).equals("status")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, Json.print(ApiViews.status(node)), keepAlive);
        } else if (path.size() == 1 && path.get(0).equals("openapi.json")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, OpenApiDocument.text(), keepAlive);
        } else if (path.size() == 1 && path.get(0).equals("events")) {
            requireMethod(method, HttpMethod.GET);
            events(context, request, uri);
        } else if (path.size() == 1 && path.get(0).equals("session")) {
            SessionRoutes.answer(context, request, security, credential, keepAlive);
        } else if (path.size() == 1 && path.get(0).equals("assets")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, Json.print(ApiViews.assets(node.ledger().assets())), keepAlive);
        } else if (path.size() == 1 && path.get(0).equals("metrics")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.text(context, 200, node.scrapeMetrics(), keepAlive);
        } else if (path.size() == 1 && path.get(0).equals("txs")) {
            requireMethod(method, HttpMethod.POST);
            submit(context, request, uri, keepAlive);
        } else if (path.size() == 2 && path.get(0).equals("txs")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, Json.print(HistoryRoutes.txStatus(node, hash(path.get(1)))), keepAlive);
        } else if (path.size() == 3 && path.get(0).equals("txs") && path.get(2).equals("proof")) {
            requireMethod(method, HttpMethod.GET);
            Hash hash = hash(path.get(1));
            String proof = node.ledger().proof(hash).map(TxProofCodec::toJson)
                    .orElseThrow(() -> new ApiException(404, "not_found", "no committed transaction " + hash));
            HttpReplies.json(context, 200, proof, keepAlive);
        } else if (path.size() == 3 && path.get(0).equals("txs") && path.get(2).equals("verification")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, Json.print(verification(hash(path.get(1)))), keepAlive);
        } else if (path.isEmpty() || path.get(0).equals("dashboard")) {
            requireMethod(method, HttpMethod.GET);
            DashboardFiles.File file = DashboardFiles.find(uri.path())
                    .orElseThrow(() -> new ApiException(404, "not_found", "no route " + ApiText.abbreviate(uri.path())));
            HttpReplies.bytes(context, 200, file.contentType(), file.bytes(), DashboardFiles.HEADERS, keepAlive);
        } else if (path.size() == 1 && path.get(0).equals("blocks")) {
            requireMethod(method, HttpMethod.GET);
            BlockRangeReply.Page page = BlockRangeReply.page(node.ledger(), uri);
            HttpReplies.bytes(context, 200, "application/octet-stream", page.body(),
                    java.util.Map.of(BlockRangeReply.LAST_HEIGHT_HEADER, Long.toString(page.lastHeight())), keepAlive);
        } else if (path.size() == 2 && path.get(0).equals("blocks")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, block(path.get(1)), keepAlive);
        } else if (path.size() == 3 && path.get(0).equals("accounts") && path.get(2).equals("txs")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, Json.print(HistoryRoutes.accountTxs(node, path.get(1), first(uri, "limit"),
                    first(uri, "cursor"))), keepAlive);
        } else if (path.size() == 2 && path.get(0).equals("health")) {
            requireMethod(method, HttpMethod.GET);
            health(context, path.get(1), keepAlive);
        } else if (path.size() == 2 && path.get(0).equals("accounts")) {
            requireMethod(method, HttpMethod.GET);
            HttpReplies.json(context, 200, account(path.get(1)), keepAlive);
        } else {
            throw new ApiException(404, "not_found", "no route " + uri.path());
        }
    }

    /**
     * {@code GET /events}: committed blocks as Server-Sent Events from the height asked for (see
     * {@link EventRequest}), for as long as the client stays; 503 once every stream slot is taken.
     * The stream writes its own response head when the feed accepts it.
     */
    private void events(ChannelHandlerContext context, FullHttpRequest request, QueryStringDecoder uri)
            throws ApiException {
        long from = EventRequest.fromHeight(request, uri, node.ledger().height());
        if (!streams.tryOpen()) {
            throw new ApiException(503, "too_many_streams", "this node serves at most " + streams.streamsMax()
                    + " event streams at once; try again later");
        }
        EventStream stream = new EventStream(context.channel(), node.ledger(), streams, streams::closed);
        try {
            streaming = true;
            node.subscribe(from, stream);
        } catch (RuntimeException e) {
            streaming = false;
            stream.end();
            throw e;
        }
    }

    /**
     * The node's verdict on a committed transaction's proof: the same offline check as {@code
     * khata proof verify}, against this node's genesis. A browser cannot do it itself, since its
     * Ed25519 refuses some signatures that Khata's verification rule accepts.
     */
    private io.khata.proto.api.VerificationResponse verification(Hash hash) throws ApiException {
        io.khata.core.proof.TxProof proof = node.ledger().proof(hash)
                .orElseThrow(() -> new ApiException(404, "not_found", "no committed transaction " + hash));
        java.util.Optional<io.khata.core.Rejection> problem =
                io.khata.core.proof.ProofVerifier.verify(proof, node.ledger().genesis());
        io.khata.proto.api.VerificationResponse.Builder response = io.khata.proto.api.VerificationResponse.newBuilder()
                .setTxHash(hash.toHex()).setValid(problem.isEmpty())
                .setReason(problem.map(io.khata.core.Rejection::message).orElse(""));
        node.ledger().location(hash).ifPresent(location -> response.setHeight(location.height()));
        return response.build();
    }

    private static List<String> segments(String path) {
        List<String> segments = new java.util.ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static void requireMethod(HttpMethod actual, HttpMethod expected) throws ApiException {
        if (!actual.equals(expected)) {
            throw new ApiException(405, "method_not_allowed", actual + " is not allowed here; use " + expected);
        }
    }

    private static Hash hash(String text) throws ApiException {
        if (!HEX_HASH.matcher(text).matches()) {
            throw new ApiException(400, "bad_hash", "a hash is 64 lowercase hex characters, got '" + abbreviate(text) + "'");
        }
        return Hash.fromHex(text);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private String block(String which) throws ApiException {
        Ledger ledger = node.ledger();
        long height;
        if (which.equals("latest")) {
            height = ledger.height();
        } else {
            try {
                height = Long.parseLong(which);
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad_height", "a height is a positive integer or 'latest', got '" + abbreviate(which) + "'");
            }
        }
        if (height <= 0) {
            throw new ApiException(404, "not_found", "no block at height " + height);
        }
        long h = height;
        Block block = ledger.block(h).orElseThrow(() -> new ApiException(404, "not_found", "no block at height " + h));
        return Json.print(ApiViews.block(block, ledger.commit(h)));
    }

    /**
     * {@code /health/live} answers 200 whenever this handler runs (the process serves); {@code
     * /health/ready} 200 when the node is caught up and connected to a quorum, else 503 with the reason.
     */
    private void health(ChannelHandlerContext context, String which, boolean keepAlive) throws ApiException {
        if (which.equals("live")) {
            HttpReplies.json(context, 200, Json.print(io.khata.proto.api.HealthResponse.newBuilder().setStatus("live")
                    .setHeight(node.ledger().height())), keepAlive);
        } else if (which.equals("ready")) {
            io.khata.net.node.Readiness readiness = node.readiness();
            HttpReplies.json(context, readiness.ready() ? 200 : 503, Json.print(io.khata.proto.api.HealthResponse
                    .newBuilder().setStatus(readiness.ready() ? "ready" : "not_ready").setReason(readiness.reason())
                    .setHeight(node.ledger().height()).setConnectedPower(readiness.connectedPower())
                    .setTotalPower(readiness.totalPower())), keepAlive);
        } else {
            throw new ApiException(404, "not_found", "no route /health/" + abbreviate(which));
        }
    }

    private String account(String id) throws ApiException {
        AccountState account = node.ledger().account(id);
        if (account == null) {
            throw new ApiException(404, "unknown_account", "no account " + abbreviate(id));
        }
        return Json.print(ApiViews.account(account, node.ledger().assets(), node.ledger()));
    }

    private void submit(ChannelHandlerContext context, FullHttpRequest request, QueryStringDecoder uri, boolean keepAlive)
            throws ApiException {
        long waitMillis = waitMillis(first(uri, "wait"));
        Transaction tx = decodeTransaction(request);
        Admission admission = node.admit(tx);
        SubmitResponse.Builder response = SubmitResponse.newBuilder().setTxHash(tx.hash().toHex());
        if (admission instanceof Admission.Refused refused) {
            response.setStatus("rejected").setError(io.khata.proto.api.ApiError.newBuilder()
                    .setCode(refused.reason().code()).setMessage(refused.reason().message()));
            HttpReplies.json(context, 422, Json.print(response), keepAlive);
            return;
        }
        if (waitMillis == 0) {
            HttpReplies.json(context, 202, Json.print(response.setStatus("accepted")), keepAlive);
            return;
        }
        // The node hands every waiter of one transaction the same future: the timeout goes on a
        // copy, so one waiter giving up never completes the outcome the others are waiting for.
        node.outcome(tx.hash()).copy()
                .orTimeout(waitMillis, TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> context.executor().execute(() ->
                        answerOutcome(context, response, result, keepAlive)));
    }

    private static void answerOutcome(ChannelHandlerContext context, SubmitResponse.Builder response, TxResult result,
                                      boolean keepAlive) {
        if (result instanceof TxResult.Committed committed) {
            response.setStatus("committed").setHeight(committed.height()).setIndex(committed.index());
            HttpReplies.json(context, 200, Json.print(response), keepAlive);
        } else if (result instanceof TxResult.Rejected rejected) {
            response.setStatus("rejected").setError(io.khata.proto.api.ApiError.newBuilder()
                    .setCode(rejected.reason().code()).setMessage(rejected.reason().message()));
            HttpReplies.json(context, 422, Json.print(response), keepAlive);
        } else {
            response.setStatus("accepted").setError(io.khata.proto.api.ApiError.newBuilder()
                    .setCode("timeout").setMessage("not committed yet; query GET /txs/" + response.getTxHash()));
            HttpReplies.json(context, 202, Json.print(response), keepAlive);
        }
    }

    /**
     * How long a submission waits for its outcome: no {@code wait} or {@code wait=false} is 0,
     * {@code wait=true} the server's maximum, a number of milliseconds that many (at most the
     * maximum). Read before the body, so a bad value admits nothing.
     */
    private long waitMillis(String value) throws ApiException {
        if (value == null || value.equals("false")) {
            return 0;
        }
        if (value.equals("true")) {
            return waitMillisMax;
        }
        try {
            long millis = Long.parseLong(value);
            if (millis >= 0) {
                return Math.min(millis, waitMillisMax);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "bad_wait", "wait is true, false or milliseconds (at most " + waitMillisMax
                + "), got '" + abbreviate(value) + "'");
    }

    private static String first(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private Transaction decodeTransaction(FullHttpRequest request) throws ApiException {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
        byte[] body = ByteBufUtil.getBytes(request.content());
        byte[] wire;
        if (contentType.startsWith("application/x-protobuf")) {
            wire = body;
        } else if (contentType.startsWith("application/json")) {
            try {
                io.khata.proto.Transaction.Builder builder = io.khata.proto.Transaction.newBuilder();
                ProtoJson.merge(new String(body, StandardCharsets.UTF_8), builder);
                wire = builder.build().toByteArray();
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new ApiException(400, "malformed_json", "the body is not a Transaction in JSON: " + e.getMessage());
            }
        } else {
            throw new ApiException(415, "unsupported_media_type",
                    "send application/json or application/x-protobuf, not " + contentType);
        }
        Result<Transaction> tx = node.ledger().decodeTransaction(wire);
        if (!tx.isOk()) {
            throw new ApiException(400, tx.rejection().code(), tx.rejection().message());
        }
        return tx.value();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("API connection closed after an error", cause);
        context.close();
    }
}
