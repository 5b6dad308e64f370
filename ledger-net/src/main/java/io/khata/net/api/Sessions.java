package io.khata.net.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The dashboard's browser sessions: a session is opened with a credential the API accepts
 * (bearer token or client certificate) and is then named by a random cookie, so a page never
 * holds a token in script, storage or a URL. At most {@code sessionsMax} sessions live at once
 * (opening one more drops the oldest, so a full table never locks anyone out) and each ends
 * {@code lifetimeMillis} after it was opened. Only a hash of each session id is kept. Shared by
 * all connections of one server; thread-safe.
 */
final class Sessions {
    static final String COOKIE = "khata_session";
    static final int SESSIONS_MAX_DEFAULT = 1024;
    static final long LIFETIME_MILLIS_DEFAULT = 8L * 60 * 60 * 1000;
    /** 32 random bytes in unpadded base64url. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int sessionsMax;
    private final long lifetimeMillis;
    private final LongSupplier nanoTime;
    /** Hash of the session id (hex) to the System.nanoTime() at which the session ends; oldest first. */
    private final LinkedHashMap<String, Long> endsAt = new LinkedHashMap<>();

    Sessions(int sessionsMax, long lifetimeMillis, LongSupplier nanoTime) {
        if (sessionsMax < 1 || lifetimeMillis < 1) {
            throw new IllegalArgumentException("sessions need a positive bound and lifetime");
        }
        this.sessionsMax = sessionsMax;
        this.lifetimeMillis = lifetimeMillis;
        this.nanoTime = nanoTime;
    }

    static Sessions defaults() {
        return new Sessions(SESSIONS_MAX_DEFAULT, LIFETIME_MILLIS_DEFAULT, System::nanoTime);
    }

    long lifetimeSeconds() {
        return lifetimeMillis / 1000;
    }

    /** Opens a session and answers its id, the cookie's value. */
    synchronized String open() {
        long now = nanoTime.getAsLong();
        dropEnded(now);
        while (endsAt.size() >= sessionsMax) {
            Iterator<String> oldest = endsAt.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        endsAt.put(hash(id), now + lifetimeMillis * 1_000_000);
        return id;
    }

    /** Whether {@code id} names a session that has not ended. */
    synchronized boolean isOpen(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        String key = hash(id);
        Long end = endsAt.get(key);
        if (end == null) {
            return false;
        }
        if (end - nanoTime.getAsLong() <= 0) {
            endsAt.remove(key);
            return false;
        }
        return true;
    }

    synchronized void close(String id) {
        if (id != null && ID.matcher(id).matches()) {
            endsAt.remove(hash(id));
        }
    }

    synchronized int size() {
        return endsAt.size();
    }

    private void dropEnded(long now) {
        for (Iterator<Map.Entry<String, Long>> entries = endsAt.entrySet().iterator(); entries.hasNext(); ) {
            if (entries.next().getValue() - now <= 0) {
                entries.remove();
            }
        }
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
