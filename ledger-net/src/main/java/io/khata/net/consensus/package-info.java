/**
 * Tendermint BFT consensus (arXiv:1807.04938, Algorithm 1) as a pure state machine.
 *
 * <p>{@link io.khata.net.consensus.Consensus#on} takes one {@link io.khata.net.consensus.Event}
 * (a message, a timeout, the ledger's answer to a request), with the shell's clock reading,
 * and returns the
 * {@link io.khata.net.consensus.Effect}s its shell performs in order: broadcast, schedule a
 * timeout, build or validate a block, commit, persist the sign-state, ask for block sync.
 * The same state, event and clock reading always give the same effects, which is what lets the
 * simulator in this module's tests replay any run from its seed.
 *
 * <p>What this package must never do: read a clock, start or block a thread, use
 * {@code Random}, open a socket or a file, or call the ledger. Time arrives as
 * {@link io.khata.net.consensus.Event.TimeoutFired} and as the {@code nowMillis} the shell
 * passes with each event, which is only ever stamped on the votes signed while handling it
 * (BFT time: a block's time is the power-weighted median of its last commit's precommit
 * times, see {@code io.khata.core.block.BlockTime}); the ledger is asked through effects and
 * answers through events. Bad input from peers is dropped as a value
 * ({@link io.khata.net.consensus.Effect.Dropped}), never thrown; an exception from here is a
 * bug, and the node halts rather than sign something wrong. A test scans this package's
 * classes to keep it so.
 *
 * <p>Choices written down: the proposer of (height, round) is weighted by voting power and
 * computed from the validator set, the height and the round alone: slot {@code height + round}
 * of a stride schedule in which each validator's turns are spaced by total / power, ties
 * broken by id, so equal powers give plain round-robin
 * {@code validators sorted by id [(height + round) mod n]} ({@link io.khata.net.consensus.Proposers});
 * quorum is more than 2/3 of voting power, round skipping more than 1/3; timeouts grow
 * linearly per round up to a cap ({@link io.khata.net.consensus.Timeouts}); the validator set
 * of each height is read from the committed chain through the function the shell passes in
 * (a change committed at h takes effect at h + 2, so it is known a height ahead); evidence of
 * an equivocation is forwarded to every peer once, by whoever first holds it, so that any
 * honest proposer can commit it; after a restart the commit of the ledger's last block is
 * re-sent, for peers still deciding it.
 */
package io.khata.net.consensus;
