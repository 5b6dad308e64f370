/**
 * The {@code khata} command line (picocli): writing a local testnet, running a node, the demo
 * and the cluster benchmark, signing and submitting transactions, queries, and offline proof
 * checks.
 *
 * <p>A thin shell over the other packages: a command parses its arguments, calls the node, the
 * HTTP API or the core library, and prints. stdout carries only what a script may read (with
 * {@code --json} where a command has it); logs and progress go to stderr. Every command ends
 * with one of the exit codes of {@link io.khata.net.cli.ExitCodes}, the same meaning for every
 * command.
 *
 * <p>Never: hold ledger or consensus logic of its own (a command that needs a rule calls the
 * code that owns it), print secrets such as private keys, or be imported by the main code of
 * another package of {@code io.khata.net} (the command line sits on top of the package graph;
 * tests may borrow {@code PortBlock}), or let go of a
 * local network's port before the node that owns it binds it ({@code PortBlock} holds them).
 */
package io.khata.net.cli;
