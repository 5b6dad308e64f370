package io.khata.net.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's static files, read once from the jar ({@code /dashboard/} on the class path):
 * the page at {@code /} and its assets at {@code /dashboard/NAME}. Only the names listed here are
 * served, so a path never reaches the class path as given. Every answer carries a strict
 * Content-Security-Policy: scripts, styles and connections from this origin only, no inline
 * script, no frames, no plugins; the page renders data with {@code textContent} only.
 */
final class DashboardFiles {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    record File(String contentType, byte[] bytes) {
    }

    private static final Map<String, File> FILES = Map.of(
            "/", load("index.html", "text/html; charset=utf-8"),
            "/dashboard/app.js", load("app.js", "text/javascript; charset=utf-8"),
            "/dashboard/style.css", load("style.css", "text/css; charset=utf-8"));

    private DashboardFiles() {
    }

    static Optional<File> find(String path) {
        return Optional.ofNullable(FILES.get(path.equals("/dashboard") || path.equals("/dashboard/") ? "/" : path));
    }

    private static File load(String name, String contentType) {
        try (InputStream in = DashboardFiles.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks /dashboard/" + name);
            }
            return new File(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
