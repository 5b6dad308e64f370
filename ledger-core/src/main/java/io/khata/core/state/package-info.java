/**
 * The permissioned payments state machine: accounts, assets, balances, the replay window, the
 * operations and who must sign them, and the state root.
 *
 * <p>Pure and deterministic: no clock, thread, randomness or I/O. The same state, transaction
 * and height always give the same result, on every node. Amounts are longs in minor units,
 * every sum overflow-checked; there is no floating point.
 *
 * <p>Membership: the authority's key changes the validator set, and one block's changes (which
 * all take effect together, two heights later) may move at most 1/3 of the voting power in
 * force before the block, counting additions and raises as well as removals and reductions
 * (the sum over members of |power after - power before|). Consecutive validator sets therefore
 * share more than 2/3 of the old power, so no single block of authority transactions can hand
 * a quorum to new keys or strip one from the old validators.
 */
package io.khata.core.state;
