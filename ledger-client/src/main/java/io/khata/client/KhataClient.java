package io.khata.client;

import io.khata.core.Rejection;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.Genesis;
import io.khata.core.proof.ProofVerifier;
import io.khata.core.proof.TxProof;
import io.khata.core.proof.TxProofCodec;
import io.khata.core.tx.Transaction;
import io.khata.proto.api.AccountResponse;
import io.khata.proto.api.AccountTxsResponse;
import io.khata.proto.api.AssetsResponse;
import io.khata.proto.api.BlockEvent;
import io.khata.proto.api.BlockResponse;
import io.khata.proto.api.StatusResponse;
import io.khata.proto.api.TxStatusResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * A client of one node's HTTP API: submit and wait, query, follow blocks, prove. Thread-safe;
 * one instance per node is enough for a whole application. Answers are the API's own messages
 * ({@code api.proto}); lookups of something that may not exist answer {@link Optional#empty()}
 * on the API's 404, and every other failure is a typed {@link KhataException}.
 *
 * <pre>{@code
 * KhataClient client = KhataClient.builder(URI.create("http://127.0.0.1:26601")).build();
 * Transaction tx = client.newTransaction().transfer("PKR", "treasury@bank0", "alice@bank1", 1250)
 *         .sign(KeyFileSigner.load(Path.of("treasury.key")));
 * TxOutcome outcome = client.submitAndWait(tx, Duration.ofSeconds(30));
 * }</pre>
 */
public final class KhataClient {
    /** How long {@link #newTransaction()} makes a transaction valid: well inside the default one-hour TTL. */
    public static final Duration VALID_FOR_DEFAULT = Duration.ofMinutes(10);

    private final NodeHttp http;
    private final Submissions submissions;
    private final Duration validFor;
    private final EventOptions eventOptions;

    private KhataClient(Builder builder) {
        HttpClient httpClient = builder.httpClient;
        if (httpClient == null) {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(builder.requestTimeout);
            if (builder.sslContext != null) {
                client.sslContext(builder.sslContext);
            }
            httpClient = client.build();
        }
        this.http = new NodeHttp(httpClient, builder.node, builder.requestTimeout, builder.bodyBytesMax, builder.bearerToken);
        this.submissions = new Submissions(http);
        this.validFor = builder.validFor;
        this.eventOptions = new EventOptions(builder.eventFrameBytesMax, builder.reconnectDelayMax, builder.eventIdleTimeout);
    }

    public static Builder builder(URI node) {
        return new Builder(node);
    }

    /** A client with the default limits for the node at {@code nodeUrl}, e.g. {@code http://127.0.0.1:26601}. */
    public static KhataClient connect(String nodeUrl) {
        return builder(URI.create(nodeUrl)).build();
    }

    // ------------------------------------------------------------------ transactions

    /**
     * A builder for this node's chain, valid for {@link Builder#validFor} past the node's latest
     * block time: the chain's own clock (BFT time, moved several times a second by a live chain)
     * judges the expiry, so this machine's clock being off does not matter.
     */
    public TransactionBuilder newTransaction() throws KhataException, InterruptedException {
        StatusResponse status = status();
        long headMillis = status.getHeadTime() < 0 ? 0 : status.getHeadTime(); // uint64 on the wire
        return TransactionBuilder.forChain(status.getChainId())
                .validUntilTime(Instant.ofEpochMilli(headMillis).plus(validFor));
    }

    /** Hands the transaction to the node without waiting for its commit. */
    public SubmitResult submit(Transaction tx) throws KhataException, InterruptedException {
        return submissions.submit(tx);
    }

    /**
     * Submits and waits until the transaction commits, is rejected, or {@code timeout} passes.
     * Resubmitting the same signed transaction is safe: one already committed answers
     * {@link TxOutcome.Committed} with its height and index, one still pending is waited for.
     */
    public TxOutcome submitAndWait(Transaction tx, Duration timeout) throws KhataException, InterruptedException {
        return submissions.submitAndWait(tx, timeout);
    }

    /** Waits for a transaction submitted earlier (by anyone, through any node of the chain). */
    public TxOutcome awaitOutcome(Hash txHash, Duration timeout) throws KhataException, InterruptedException {
        return submissions.awaitOutcome(txHash, System.nanoTime() + timeout.toNanos());
    }

    // ------------------------------------------------------------------ queries

    public StatusResponse status() throws KhataException, InterruptedException {
        return ok(http.get("/status"), StatusResponse.newBuilder(), "GET /status").build();
    }

    /** Committed, pending or recently rejected, with the content; empty when the node knows nothing of it. */
    public Optional<TxStatusResponse> transaction(Hash txHash) throws KhataException, InterruptedException {
        NodeHttp.Reply reply = http.get("/txs/" + txHash.toHex());
        return notFound(reply) ? Optional.empty()
                : Optional.of(ok(reply, TxStatusResponse.newBuilder(), "GET /txs/{hash}").build());
    }

    /** Every asset on the chain with its issuer, decimals and supply, in id order. */
    public AssetsResponse assets() throws KhataException, InterruptedException {
        return ok(http.get("/assets"), AssetsResponse.newBuilder(), "GET /assets").build();
    }

    /** The decimals of every asset on the chain now, those created after genesis included. */
    public AssetUnits assetUnits() throws KhataException, InterruptedException {
        java.util.Map<String, Integer> decimals = new java.util.HashMap<>();
        for (var asset : assets().getAssetsList()) {
            decimals.put(asset.getId(), asset.getDecimals());
        }
        try {
            return AssetUnits.of(decimals);
        } catch (IllegalArgumentException e) {
            throw new KhataException.BadResponse("GET /assets: " + e.getMessage());
        }
    }

    /** Every balance, frozen, quorum and keys; empty for an unknown account. */
    public Optional<AccountResponse> account(String accountId) throws KhataException, InterruptedException {
        NodeHttp.Reply reply = http.get("/accounts/" + NodeHttp.segment(accountId));
        return notFound(reply) ? Optional.empty()
                : Optional.of(ok(reply, AccountResponse.newBuilder(), "GET /accounts/{id}").build());
    }

    /** The balance in minor units (0 when the account holds none); an unknown account is an {@link KhataException.ErrorAnswer}. */
    public long balance(String accountId, String asset) throws KhataException, InterruptedException {
        NodeHttp.Reply reply = http.get("/accounts/" + NodeHttp.segment(accountId));
        return ok(reply, AccountResponse.newBuilder(), "GET /accounts/{id}").getBalancesOrDefault(asset, 0L);
    }

    /**
     * One page of the account's history, newest first, {@code limit} 1 to 500; {@code cursor} null
     * for the first page, then the previous page's {@code next_cursor} (empty on the last page).
     */
    public AccountTxsResponse accountHistory(String accountId, int limit, String cursor)
            throws KhataException, InterruptedException {
        String query = "?limit=" + limit + (cursor == null || cursor.isEmpty() ? "" : "&cursor=" + NodeHttp.segment(cursor));
        return ok(http.get("/accounts/" + NodeHttp.segment(accountId) + "/txs" + query), AccountTxsResponse.newBuilder(),
                "GET /accounts/{id}/txs").build();
    }

    /** The header fields of the block at {@code height}; empty if the node has none there. */
    public Optional<BlockResponse> block(long height) throws KhataException, InterruptedException {
        NodeHttp.Reply reply = http.get("/blocks/" + height);
        return notFound(reply) ? Optional.empty()
                : Optional.of(ok(reply, BlockResponse.newBuilder(), "GET /blocks/{height}").build());
    }

    /** The node's proof that the transaction is committed, not yet checked; empty if it is not committed there. */
    public Optional<TxProof> proof(Hash txHash) throws KhataException, InterruptedException {
        NodeHttp.Reply reply = http.get("/txs/" + txHash.toHex() + "/proof");
        if (notFound(reply)) {
            return Optional.empty();
        }
        if (reply.status() != 200) {
            throw ApiJson.error(reply.status(), reply.body());
        }
        var proof = TxProofCodec.fromJson(new String(reply.body(), StandardCharsets.UTF_8));
        if (!proof.isOk()) {
            throw new KhataException.BadResponse("GET /txs/{hash}/proof: " + proof.rejection().message());
        }
        return Optional.of(proof.value());
    }

    /**
     * The proof, checked offline against {@code genesis} (the commit's signatures by more than 2/3
     * of the voting power, the Merkle path, the transaction's own signatures) and that it proves
     * {@code txHash}. A proof that fails is a {@link KhataException.BadResponse}: the node lied.
     */
    public Optional<TxProof> verifiedProof(Hash txHash, Genesis genesis) throws KhataException, InterruptedException {
        Optional<TxProof> proof = proof(txHash);
        if (proof.isEmpty()) {
            return proof;
        }
        Optional<Rejection> problem = verifyProof(proof.get(), genesis);
        if (problem.isPresent()) {
            throw new KhataException.BadResponse("the proof of " + txHash + " does not verify: " + problem.get().message());
        }
        var tx = io.khata.core.tx.TxCodec.decode(proof.get().tx(), io.khata.core.Limits.DEFAULT);
        if (!tx.isOk() || !tx.value().hash().equals(txHash)) {
            throw new KhataException.BadResponse("the node answered with a proof of another transaction");
        }
        return proof;
    }

    /** Offline: empty when {@code proof} holds for the chain of {@code genesis}, else why not. */
    public static Optional<Rejection> verifyProof(TxProof proof, Genesis genesis) {
        return ProofVerifier.verify(proof, genesis);
    }

    // ------------------------------------------------------------------ events

    /**
     * The committed blocks from {@code fromHeight} on, as Server-Sent Events from {@code GET /events}.
     * Each subscriber gets its own stream, delivered in height order without gaps or repeats on a
     * thread of its own and only as fast as it requests; after a dropped connection the stream
     * resumes from the last delivered height ({@code Last-Event-ID}).
     */
    public Flow.Publisher<BlockEvent> events(long fromHeight) {
        if (fromHeight < 1) {
            throw new IllegalArgumentException("heights start at 1, got " + fromHeight);
        }
        return new EventPublisher(http, fromHeight, eventOptions);
    }

    // ------------------------------------------------------------------ answers

    static boolean notFound(NodeHttp.Reply reply) {
        return reply.status() == 404;
    }

    static <B extends com.google.protobuf.Message.Builder> B ok(NodeHttp.Reply reply, B builder, String what)
            throws KhataException {
        if (reply.status() != 200) {
            throw ApiJson.error(reply.status(), reply.body());
        }
        return ApiJson.parse(reply.body(), builder, what);
    }

    /** Limits and timeouts of one client. */
    public static final class Builder {
        private final URI node;
        private HttpClient httpClient;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int bodyBytesMax = 4 * 1024 * 1024;
        private int eventFrameBytesMax = 8 * 1024 * 1024;
        private Duration reconnectDelayMax = Duration.ofSeconds(5);
        private Duration eventIdleTimeout = Duration.ofSeconds(60);
        private Duration validFor = VALID_FOR_DEFAULT;
        private String bearerToken;
        private javax.net.ssl.SSLContext sslContext;

        private Builder(URI node) {
            this.node = Objects.requireNonNull(node, "node");
            if (!"http".equals(node.getScheme()) && !"https".equals(node.getScheme())) {
                throw new IllegalArgumentException("a node URL is http:// or https://, got " + node);
            }
        }

        /**
         * The JDK client to use (its TLS settings, proxy, executor); default: a new one. When given,
         * {@link #sslContext} is not used: configure TLS on this client.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The bearer token of a node whose API asks for one, sent as {@code Authorization: Bearer}
         * on every request (never in a URL). The client keeps it for its lifetime and never puts it
         * in an exception's message.
         */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("a bearer token is printable ASCII without spaces");
            }
            this.bearerToken = token;
            return this;
        }

        /**
         * The TLS context for an {@code https://} node: its trust managers decide which server
         * certificates are accepted (a bank's private CA, for example), its key managers which
         * client certificate is presented to a node that authenticates clients by certificate.
         * Default: the JDK's.
         */
        public Builder sslContext(javax.net.ssl.SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** The longest one request may take, whole answer included (default 10 s). */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** The largest JSON answer read (default 4 MiB; a proof is at most 1 MiB). */
        public Builder bodyBytesMax(int bytes) {
            this.bodyBytesMax = positive(bytes, "bodyBytesMax");
            return this;
        }

        /** The largest event (one line of JSON, one block) read from the stream (default 8 MiB). */
        public Builder eventFrameBytesMax(int bytes) {
            this.eventFrameBytesMax = positive(bytes, "eventFrameBytesMax");
            return this;
        }

        /** The longest pause between reconnection attempts of an event stream (default 5 s). */
        public Builder reconnectDelayMax(Duration delay) {
            this.reconnectDelayMax = delay;
            return this;
        }

        /**
         * How long an event stream may go without a byte (an event or the node's keep-alive) before
         * it is taken for dead, dropped and resumed on a new connection (default 60 s).
         */
        public Builder eventIdleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.eventIdleTimeout = timeout;
            return this;
        }

        /**
         * How long past the chain's time {@link #newTransaction()} sets {@code valid_until_time}
         * (default 10 minutes); keep it below the genesis {@code max_tx_ttl_ms} (one hour by default).
         */
        public Builder validFor(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("validFor must be positive, got " + ttl);
            }
            this.validFor = ttl;
            return this;
        }

        public KhataClient build() {
            return new KhataClient(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
