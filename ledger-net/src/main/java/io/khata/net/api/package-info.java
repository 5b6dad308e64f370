/**
 * The node's HTTP/JSON API: status, transaction submission and lookup, proofs, blocks,
 * accounts, the committed-block event stream (Server-Sent Events) and Prometheus metrics, on
 * Netty's HTTP codec, with the dashboard's static files.
 *
 * <p>An edge adapter over {@link io.khata.net.node.NodeApi}: it holds no state of its own,
 * answers every bad request with a 4xx and a JSON error, and never blocks an event loop
 * waiting for a commit. An event stream holds no blocks of its own: it asks the node's feed
 * for a few at a time and for more only as the client's socket takes them.
 *
 * <p>Securing it ({@link io.khata.net.api.ApiSecurity}): optional TLS, bearer tokens known by
 * their SHA-256 only ({@code BearerTokens}), client certificates of a configured CA, and the
 * dashboard's cookie sessions ({@code Sessions}); {@code AccessGuard} decides every request before
 * it is routed. Never: log, print or keep a token; accept a token from a URL; answer a protected
 * route before the guard has passed it; serve without authentication off loopback unless the
 * operator said so.
 */
package io.khata.net.api;
