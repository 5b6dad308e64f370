package io.khata.net.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a node certificate says its holder is: a member's node (a validator, or a bank that will
 * become one), or an observer node that a member bank owns and that never votes.
 *
 * <p>How a certificate says it, in its subject alternative names (URIs, like the member name
 * of {@link MemberCertificates}) and its common name:
 * <pre>
 *   member node    CN=&lt;member&gt;   URI urn:khata:member:&lt;member&gt;
 *   observer node  CN=&lt;name&gt;     URI urn:khata:observer:&lt;member&gt;:&lt;name&gt;
 * </pre>
 * Member ids and observer names are lowercase letters, digits, {@code .}, {@code _} and
 * {@code -} (never {@code :}), so the URI splits one way only. A certificate carrying both kinds
 * of URI, more than one observer URI, or an observer URI whose name is not its common name names
 * nobody: a member's certificate cannot also claim to be some bank's observer, and an observer's
 * cannot pass for a member. Whether the owning member belongs to the consortium is for the
 * node that checks the certificate to decide (see {@link MemberTrustManager}).
 *
 * <p>{@link #key()} is how the transport and the node name the connection: the member id for a
 * member, {@code observer:<member>:<name>} for an observer. The {@code :} it contains can never
 * occur in a member id, so an observer can never be taken for a member, whatever its name.
 */
public record PeerIdentity(Role role, String member, String name) {
    /** What the certificate lets its holder be. */
    public enum Role { MEMBER, OBSERVER }

    /** The prefix of the URI that names an observer and its owning member. */
    public static final String OBSERVER_URI_PREFIX = "urn:khata:observer:";
    /** The prefix of an observer's {@link #key()}. */
    public static final String OBSERVER_KEY_PREFIX = "observer:";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public PeerIdentity {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(name, "name");
    }

    public static PeerIdentity member(String memberId) {
        return new PeerIdentity(Role.MEMBER, memberId, memberId);
    }

    public static PeerIdentity observer(String owningMember, String observerName) {
        if (!NAME.matcher(owningMember).matches() || !NAME.matcher(observerName).matches()) {
            throw new IllegalArgumentException("an observer's member and name are lowercase letters, digits, '.', '_'"
                    + " or '-', at most 64 characters: '" + owningMember + "', '" + observerName + "'");
        }
        return new PeerIdentity(Role.OBSERVER, owningMember, observerName);
    }

    /** The URI an observer certificate carries for {@code owningMember}'s observer {@code observerName}. */
    public static String observerUri(String owningMember, String observerName) {
        return OBSERVER_URI_PREFIX + owningMember + ":" + observerName;
    }

    /** The name of the connection with this peer: the member id, or {@code observer:<member>:<name>}. */
    public String key() {
        return role == Role.MEMBER ? member : OBSERVER_KEY_PREFIX + member + ":" + name;
    }

    public boolean isObserver() {
        return role == Role.OBSERVER;
    }

    /** True if {@code key} names an observer's connection (see {@link #key()}). */
    public static boolean isObserverKey(String key) {
        return key.startsWith(OBSERVER_KEY_PREFIX);
    }

    /** Who {@code certificate} names, or empty when it names nobody (or names two roles at once). */
    public static Optional<PeerIdentity> of(X509Certificate certificate) {
        List<String> observerUris = MemberCertificates.alternativeNameUris(certificate).stream()
                .filter(uri -> uri.startsWith(OBSERVER_URI_PREFIX)).toList();
        if (observerUris.isEmpty()) {
            return MemberCertificates.memberId(certificate).map(PeerIdentity::member);
        }
        if (observerUris.size() != 1 || MemberCertificates.hasMemberUri(certificate)) {
            return Optional.empty();
        }
        String rest = observerUris.get(0).substring(OBSERVER_URI_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String owner = rest.substring(0, colon);
        String name = rest.substring(colon + 1);
        if (!NAME.matcher(owner).matches() || !NAME.matcher(name).matches()
                || !name.equals(MemberCertificates.commonName(certificate))) {
            return Optional.empty();
        }
        return Optional.of(new PeerIdentity(Role.OBSERVER, owner, name));
    }

    @Override
    public String toString() {
        return role == Role.MEMBER ? "member " + member : "observer " + name + " of " + member;
    }
}
