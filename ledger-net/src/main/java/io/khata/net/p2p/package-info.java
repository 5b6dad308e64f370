/**
 * The transport between members' nodes: a full mesh of TLS 1.3 connections with mutual
 * authentication, carrying length-prefixed protobuf {@link io.khata.proto.Envelope} frames.
 * {@link io.khata.net.p2p.Transport} is the whole public surface, with
 * {@link io.khata.net.p2p.TransportConfig}, {@link io.khata.net.p2p.TransportListener},
 * {@link io.khata.net.p2p.PeerFault} and {@link io.khata.net.p2p.AddressRange}.
 *
 * <h2>Rules it keeps</h2>
 * <ul>
 *   <li><b>Who:</b> only genesis members other than this node, each proving it with a
 *       certificate from the consortium root (see {@link io.khata.net.tls}). A dialed peer must
 *       be the member dialed. The Hello that opens each connection must name the same member
 *       and this chain.</li>
 *   <li><b>Observers:</b> a node that accepts observers (see {@link io.khata.net.tls.PeerIdentity})
 *       takes them only on connections they open, from member banks only, into slots of their
 *       own (at most {@code observerSlotsMax}, {@code observerSlotsPerMemberMax} per bank), so an
 *       observer never takes a member's place and a full table refuses only the next observer.
 *       An observer's connection is named {@code observer:<member>:<name>}, which no member id
 *       can be; it gets broadcasts like a member, and what it sends is the node's to judge.</li>
 *   <li><b>One connection per peer:</b> every node listens and dials every peer it is not
 *       connected to. When both dial each other, both ends keep the connection opened by the
 *       member whose id sorts first ({@link java.lang.String#compareTo}) and close the other,
 *       without exchanging a word about it; two connections opened by the same side resolve to
 *       the newer. Redials back off exponentially from {@code reconnectDelayMin} to
 *       {@code reconnectDelayMax}, with jitter.</li>
 *   <li><b>Frames:</b> 4-byte big-endian length, then one Envelope. A length over
 *       {@code frameBytesMax} is refused when the prefix is read, before the frame is buffered.
 *       A frame that does not decode to an Envelope with exactly one known message (and no
 *       unknown top-level field), a message before the Hello, or a second Hello closes that
 *       connection; the fault is logged once at WARN with the member id and counted by
 *       {@link io.khata.net.p2p.PeerFault}. Nothing else happens to the node.</li>
 *   <li><b>Backpressure:</b> each peer has an outbound queue bounded by frames and bytes.
 *       Frames are written only while the channel is writable (Netty's write buffer water
 *       marks, 256 KiB / 1 MiB); while it is not they wait in the queue. When the queue is full
 *       the oldest frames are dropped (and counted): consensus and gossip value the newest
 *       messages, and the status exchange resends what a peer missed. The queue is emptied when
 *       the peer disconnects, so memory per peer stays under the queue bound plus one write
 *       buffer, however slow or stuck the peer is.</li>
 *   <li><b>Before authentication:</b> an accepted connection holds a pending slot until its
 *       Hello checks out: at most {@code pendingConnectionsPerAddressMax} per remote IP address
 *       and {@code pendingConnectionsMax} in all, each for at most {@code handshakeTimeout}.
 *       One stranger's idle sockets thus take a few slots, never all; connections this node
 *       dials take none, so members still connect by dialing out. An optional allow-list of
 *       addresses and CIDR blocks ({@link io.khata.net.p2p.AddressRange}) is checked first.
 *       Refusals happen at accept, before any TLS work, and are counted.</li>
 *   <li><b>Penalties:</b> the node may close a member's connection for going over a budget
 *       ({@link io.khata.net.p2p.Transport#disconnect}); the fault is counted and the member
 *       is refused, in and out, for a delay that doubles with each fault from
 *       {@code penaltyDelayMin} to {@code penaltyDelayMax}.</li>
 *   <li><b>Threads:</b> one small Netty event loop group (default one thread) for accepting,
 *       dialing and all I/O; the listener is called on it.</li>
 * </ul>
 *
 * <h2>What it must never do</h2>
 * It never speaks its protocol before the TLS handshake has authenticated the peer (the Hello
 * is the first byte of application data), never interprets consensus, mempool or sync messages
 * beyond checking that an envelope holds exactly one known message, never lets a peer's bad
 * input escape as an exception or affect another connection, never buffers more than its
 * bounds for a peer, and never logs key material or message contents.
 */
package io.khata.net.p2p;
