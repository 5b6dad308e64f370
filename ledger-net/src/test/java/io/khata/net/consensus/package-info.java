/**
 * Unit tests of the consensus state machine, one per rule of Algorithm 1, plus its input
 * handling, its sign-state and a scan that keeps the package pure. The deliberately broken
 * variants the simulator must catch live with the simulator ({@code io.khata.net.sim.Broken}).
 */
package io.khata.net.consensus;
