package io.khata.net.node;

/**
 * What a node is in the consortium. A validator is a member bank's node: it may hold the
 * member's validator key and vote. An observer is a node a member bank runs for its backend:
 * it follows the chain over the same mutual-TLS mesh, verifies every block and commit as a
 * validator does, serves the HTTP API and forwards transactions to the validators, but holds no
 * validator key, keeps no sign-state and never sends a vote or a proposal. Its certificate says
 * so (see {@link io.khata.net.tls.PeerIdentity}), and validators drop any vote or proposal that
 * arrives from an observer's connection whatever it claims.
 */
public enum NodeRole {
    VALIDATOR("validator"),
    OBSERVER("observer");

    private final String code;

    NodeRole(String code) {
        this.code = code;
    }

    /** How node.json and {@code /status} spell it. */
    public String code() {
        return code;
    }

    /** The role node.json names; empty means a validator. Throws naming the accepted values. */
    public static NodeRole parse(String value) {
        if (value.isEmpty()) {
            return VALIDATOR;
        }
        for (NodeRole role : values()) {
            if (role.code.equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be \"validator\" or \"observer\", got \"" + value + "\"");
    }
}
