/**
 * Genesis: the chain id, the members and their validator keys and power, the authority, the
 * consortium's root CA, and the assets and accounts the ledger starts from, read from
 * {@code genesis.json} ({@link io.khata.core.genesis.GenesisLoader}) or written to it
 * ({@link io.khata.core.genesis.GenesisWriter}). Every node must load the same file to the same
 * {@link io.khata.core.genesis.Genesis}, so the loader refuses anything ambiguous (unknown
 * fields, duplicate ids or keys, uppercase hex) instead of guessing, and the validator set is
 * hashed over an encoding defined in {@link io.khata.core.genesis.Genesis#validatorsHash()},
 * never over re-serialized protobuf. Likewise the identity of a genesis, which a node stores
 * with its data and checks on every start, is SHA-256 over this project's canonical encoding of
 * every field ({@link io.khata.core.genesis.GenesisIdentity}), not over JSON a library printed.
 *
 * <p>What this package does not check: the root CA PEM and the members' p2p addresses are
 * carried as given and checked by the network layer that uses them.
 *
 * <p>This package must never let a generated {@code io.khata.proto} type through its public
 * API, never throw on bad input (a file is answered with a {@link io.khata.core.Result}, and a
 * refusal names the field and value), never hold a private key, and never read a clock or the
 * network: loading the same bytes always gives the same answer.
 */
package io.khata.core.genesis;
