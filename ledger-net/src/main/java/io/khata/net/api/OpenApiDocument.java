package io.khata.net.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's contract, {@code api/openapi.json} in the jar: written by hand beside the code it
 * describes, served at {@code GET /openapi.json}, and checked against the real responses of every
 * route by a test, so that it cannot drift from what the node answers.
 */
final class OpenApiDocument {
    static final String RESOURCE = "/api/openapi.json";
    private static final String TEXT = load();

    private OpenApiDocument() {
    }

    static String text() {
        return TEXT;
    }

    private static String load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
