/**
 * The regulator's full offline audit: a streamed bundle of committed blocks with their commit
 * certificates, and the verifier that re-checks every one of them from the genesis file alone.
 *
 * <h2>The bundle format, version 1</h2>
 * <pre>
 *   file    = magic version record*
 *   magic   = the 8 ASCII bytes "KHATAAUD"
 *   version = 4-byte big-endian unsigned integer, 1
 *   record  = type (1 byte) length (4-byte big-endian, at most {@link io.khata.core.audit.BundleFormat#recordBytesMax})
 *             payload (length bytes, a protobuf message of audit.proto)
 * </pre>
 * Records come in this order, and nothing else is accepted:
 * <ol>
 *   <li>{@code START} (type 1, {@code AuditStart}): chain id and first height F (and the last
 *       height when known);</li>
 *   <li>only when F &gt; 1, {@code ANCHOR} (type 2, {@code AuditAnchor}): the headers at F-2 and
 *       F-1 and the validator sets in force at F-1, F and F+1;</li>
 *   <li>for each height h = F, F+1, ...: {@code BLOCK} (type 4, {@code AuditBlock}) with the block
 *       bytes and the commit certificate bytes exactly as the node stored them; then, if and only
 *       if block h's {@code next_validators_hash} differs from the set in force at h+1 (a
 *       membership change), {@code VALIDATORS} (type 3, {@code AuditValidatorSet}) with the set
 *       in force from h+2;</li>
 *   <li>{@code END} (type 5, {@code AuditEnd}): block count, last height and SHA-256 of every
 *       byte before the record; then end of file.</li>
 * </ol>
 * Each record is bounded before it is read, so a writer and a reader hold one block at a time
 * and a chain larger than memory streams through. The checksum is a convenience for spotting a
 * damaged copy: anyone can recompute it, so it decides nothing the signatures do not.
 *
 * <h2>What the verifier checks</h2>
 * Everything in the bundle is authenticated before it counts: a block's header by its hash
 * under a commit certificate of more than 2/3 of the voting power of the validator set in force
 * at its height; the body by the header's roots; the validator sets by the headers'
 * {@code next_validators_hash}; the record framing by a strict, canonical decode. A range from
 * height 1 is re-executed through the node's own {@code Ledger} (block validation, the state
 * machine, state roots, the time rule, evidence) and then every asset's supply is reconciled;
 * a range that starts later is checked against a trusted parent header given by the user, for
 * what needs no state. The first failure ends the audit with its height, check and reason.
 *
 * <p>Never: trust a byte the signatures do not cover, hold more than one block's records at a
 * time, read the network, a database or a clock, or stop at the first failure without saying
 * which check failed and why.
 */
package io.khata.core.audit;
