/**
 * {@code khata audit}: the regulator's command line around the offline audit of
 * {@code io.khata.core.audit}. {@code export} writes a bundle from a node's bulk endpoint
 * ({@code GET /blocks?from=&to=}, page by page) or from a stopped node's data directory opened
 * read-only; {@code verify} checks a bundle against the genesis file alone and prints the
 * verdict, a JSON report or an HTML report.
 *
 * <p>Never: decide anything itself (every verdict comes from the core verifier), write to a
 * node's data directory, hold more than one page or block of a chain in memory, or put
 * anything from a bundle into HTML or JSON unescaped.
 */
package io.khata.net.audit;
