/**
 * Unit tests of the consensus state machine, one per rule of Algorithm 1, plus its input
 * handling, its sign-state and a scan that keeps the package pure. {@code UnlockedConsensus} is
 * a deliberately broken variant for the simulator to catch; it must never be used elsewhere.
 */
package io.khata.net.consensus;
