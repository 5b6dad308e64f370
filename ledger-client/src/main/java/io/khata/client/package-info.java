/**
 * The client library a bank backend links to use a Khata network from outside the consensus
 * process: build and sign transactions ({@link io.khata.client.TransactionBuilder}, a
 * {@link io.khata.client.Signer} over a key file or any JCA provider, so an HSM or cloud KMS signs
 * without the seed entering this heap), submit and wait for a typed outcome, query balances,
 * transactions and history, follow committed blocks as a {@link java.util.concurrent.Flow.Publisher},
 * and verify transaction proofs offline against the genesis.
 *
 * <p>It talks to one node's HTTP API through the JDK's {@link java.net.http.HttpClient}. Every answer
 * is treated as hostile: bodies and event frames are bounded in bytes before they are parsed, and
 * anything that is not what the API promises becomes a typed {@link io.khata.client.KhataException}.
 *
 * <p>Never: depend on Netty, RocksDB, ledger-store or ledger-net (the build's enforcer rule and a test
 * over the resolved dependency list keep it so); hold a node's state; trust a node's word on a proof
 * when the genesis is at hand to check it.
 */
package io.khata.client;
