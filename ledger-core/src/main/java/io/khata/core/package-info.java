/**
 * The vocabulary every package of the ledger speaks: {@link io.khata.core.Result} and the
 * sealed {@link io.khata.core.Rejection} for input that is refused, {@link io.khata.core.Limits}
 * for every bound on what comes in, and {@link io.khata.core.Identifiers} for account, asset
 * and member names.
 *
 * <p>This package sits at the bottom of the package graph: it imports nothing of Khata but
 * {@code crypto} and must never import the packages that use it (block, state, validate,
 * the {@code ledger} facade, ...), so that the package graph stays free of cycles.
 */
package io.khata.core;
