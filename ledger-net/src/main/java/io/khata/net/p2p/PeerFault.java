package io.khata.net.p2p;

/**
 * Why this node closed a connection on a peer's account. Each fault is counted (see
 * {@link Transport#faultCounts()}) and logged once at WARN with the peer's member id, or its
 * address when the handshake never told who it is. A fault closes that one connection and
 * nothing else: the node and its other peers carry on, and a member's connection is dialed
 * again with backoff.
 */
public enum PeerFault {
    /**
     * The TLS handshake failed or timed out: not TLS, or a certificate that the root does not
     * vouch for, that has expired or is not yet valid, or that names no member.
     */
    HANDSHAKE_FAILED("handshake_failed"),
    /** The certificate or the Hello names another member than the one dialed or the one the certificate names. */
    WRONG_PEER("wrong_peer"),
    /** The Hello is for another chain. */
    WRONG_CHAIN("wrong_chain"),
    /** A frame's length prefix is over the frame limit; refused before the frame is read. */
    FRAME_TOO_LARGE("frame_too_large"),
    /** A frame that is not an Envelope with exactly one known message, or a corrupt length prefix. */
    MALFORMED_FRAME("malformed_frame"),
    /** A well-formed message at the wrong time: anything before the Hello, or a second Hello. */
    UNEXPECTED_MESSAGE("unexpected_message"),
    /** No Hello arrived within the handshake timeout after the connection opened. */
    HELLO_TIMEOUT("hello_timeout"),
    /**
     * More connections were waiting to identify themselves than the limit allows, from the
     * remote address or in all; refused at accept, before any TLS work.
     */
    TOO_MANY_CONNECTIONS("too_many_connections"),
    /**
     * An observer authenticated but every observer slot, or every slot of its member bank, was
     * taken (see {@link TransportConfig#observerSlotsMax}); its connection is closed. Members
     * never compete for these slots.
     */
    OBSERVER_SLOTS_FULL("observer_slots_full"),
    /** A connection from an address outside the configured allow-list; refused at accept. */
    NOT_ALLOWED("not_allowed"),
    /**
     * An authenticated member sent more than its budget: expensive requests (status answers,
     * block requests) or unsolicited answers faster than the node serves them. The node closes
     * the connection and refuses the member, in and out, for a backoff that doubles with each
     * such fault.
     */
    OVER_BUDGET("over_budget");

    private final String code;

    PeerFault(String code) {
        this.code = code;
    }

    /** A stable snake_case name for logs and metrics. */
    public String code() {
        return code;
    }
}
