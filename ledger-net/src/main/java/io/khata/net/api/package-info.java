/**
 * The node's HTTP/JSON API: status, transaction submission and lookup, proofs, blocks,
 * accounts, the committed-block event stream (Server-Sent Events) and Prometheus metrics, on
 * Netty's HTTP codec.
 *
 * <p>An edge adapter over {@link io.khata.net.node.NodeApi}: it holds no state of its own,
 * answers every bad request with a 4xx and a JSON error, and never blocks an event loop
 * waiting for a commit. An event stream holds no blocks of its own: it asks the node's feed
 * for a few at a time and for more only as the client's socket takes them.
 */
package io.khata.net.api;
