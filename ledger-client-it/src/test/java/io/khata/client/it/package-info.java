/**
 * The client library against a real network: four validators in this JVM over mutual TLS on
 * loopback, each with its HTTP API, reached only through {@link io.khata.client.KhataClient}. The
 * node classes are used to start the network and to check what the client says against the
 * ledgers themselves, never to answer the client.
 */
package io.khata.client.it;
