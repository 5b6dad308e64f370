package io.khata.core;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The shapes of names. An account is {@code name@domain}, where the domain is a member id
 * (a bank) or the authority's domain; member ids are lowercase; asset ids may use capitals
 * ({@code PKR}, {@code BOND-2030}). Restricting names to ASCII keeps look-alike names out.
 */
public final class Identifiers {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Identifiers() {
    }

    /** Null if {@code id} is a well-formed account id within the limit, else the reason. */
    public static String accountProblem(String id, Limits limits) {
        String length = lengthProblem(id, limits);
        if (length != null) {
            return length;
        }
        int at = id.indexOf('@');
        if (at < 0 || at != id.lastIndexOf('@')) {
            return "an account id is name@domain with exactly one '@'";
        }
        if (!NAME.matcher(id.substring(0, at)).matches() || !NAME.matcher(id.substring(at + 1)).matches()) {
            return "name and domain must be lowercase letters, digits, '.', '_' or '-'";
        }
        return null;
    }

    /** Null if {@code id} is a well-formed member id (also the domain of its accounts). */
    public static String memberProblem(String id, Limits limits) {
        String length = lengthProblem(id, limits);
        if (length != null) {
            return length;
        }
        return NAME.matcher(id).matches() ? null : "must be lowercase letters, digits, '.', '_' or '-'";
    }

    public static String assetProblem(String id, Limits limits) {
        String length = lengthProblem(id, limits);
        if (length != null) {
            return length;
        }
        return ASSET.matcher(id).matches() ? null : "must be letters, digits, '.', '_' or '-'";
    }

    /** The domain of a well-formed account id. */
    public static String domainOf(String accountId) {
        return accountId.substring(accountId.indexOf('@') + 1);
    }

    private static String lengthProblem(String id, Limits limits) {
        if (id.isEmpty()) {
            return "must not be empty";
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.identifierBytesMax()) {
            return "is " + bytes + " bytes, over the limit of " + limits.identifierBytesMax();
        }
        return null;
    }
}
