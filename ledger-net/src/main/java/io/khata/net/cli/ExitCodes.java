package io.khata.net.cli;

/**
 * The exit codes of every {@code khata} command, one meaning each, so a script can tell the
 * outcomes apart. 2 is picocli's own code for arguments it cannot parse; input files that
 * cannot be read or are not what they claim to be share it, since both are the caller's to fix.
 */
final class ExitCodes {
    /** Done: the transaction committed (or was accepted, without {@code --wait}), the proof is valid. */
    static final int OK = 0;
    /** The answer is no: a rejected transaction, an invalid proof, a failed check, an error from the node. */
    static final int FAILED = 1;
    /** Bad arguments, or an input file that cannot be read (a missing or malformed genesis, say). */
    static final int USAGE = 2;
    /** {@code --wait} ran out before the transaction committed; it may still commit later. */
    static final int NOT_COMMITTED = 3;
    /** {@code khata node}: consensus or storage failed (a write error, say); a supervisor should restart it. */
    static final int UNHEALTHY = 4;

    private ExitCodes() {
    }
}
