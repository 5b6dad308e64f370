/**
 * Transaction inclusion proofs for auditors and the regulator, and their offline check.
 *
 * <p>Verification needs the genesis only: no node, no network, no clock.
 */
package io.khata.core.proof;
