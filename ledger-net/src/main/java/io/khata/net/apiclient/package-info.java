/**
 * How the command line and the audit export reach a node's HTTP API when it is secured: the
 * bearer token (from a file or {@code KHATA_API_TOKEN}) and the certificates to trust for an
 * {@code https://} node URL.
 *
 * <p>Never: take a token as a command-line argument (it would show in {@code ps} and in shell
 * history), put a token in a URL, or print or log one. Nothing here depends on the server side.
 */
package io.khata.net.apiclient;
