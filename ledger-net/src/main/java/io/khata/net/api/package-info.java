/**
 * The node's HTTP/JSON API: status, transaction submission and lookup, proofs, blocks,
 * accounts and Prometheus metrics, on Netty's HTTP codec.
 *
 * <p>An edge adapter over {@link io.khata.net.node.NodeApi}: it holds no state of its own,
 * answers every bad request with a 4xx and a JSON error, and never blocks an event loop
 * waiting for a commit.
 */
package io.khata.net.api;
