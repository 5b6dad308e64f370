/**
 * The permissioned payments state machine: accounts, assets, balances, the replay window, the
 * operations and who must sign them, and the state root.
 *
 * <p>Pure and deterministic: no clock, thread, randomness or I/O. The same state, transaction
 * and height always give the same result, on every node. Amounts are longs in minor units,
 * every sum overflow-checked; there is no floating point.
 */
package io.khata.core.state;
