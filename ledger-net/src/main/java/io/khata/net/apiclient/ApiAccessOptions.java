package io.khata.net.apiclient;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a node's API, for a node that asks for a token or
 * speaks TLS. The token comes from {@code --api-token-file} or else {@code KHATA_API_TOKEN}; it is
 * sent as {@code Authorization: Bearer} on every request and nowhere else.
 */
public final class ApiAccessOptions {
    public static final String TOKEN_VARIABLE = "KHATA_API_TOKEN";
    /** A token file larger than this is not a token. */
    static final int TOKEN_FILE_BYTES_MAX = 4096;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "file holding the bearer token of a node whose API asks for one (default: the "
                    + TOKEN_VARIABLE + " environment variable)")
    Path tokenFile;

    @Option(names = "--api-ca-file", paramLabel = "PEM",
            description = "certificate(s) to trust for an https:// node URL, when its certificate is not from a CA the"
                    + " JDK trusts")
    Path caFile;

    public ApiAccessOptions() {
    }

    /** Options as code sets them: a token file (or null) and a CA file (or null). */
    public ApiAccessOptions(Path tokenFile, Path caFile) {
        this.tokenFile = tokenFile;
        this.caFile = caFile;
    }

    /** A client with the trust of {@code --api-ca-file}, or the JDK's default trust. */
    public HttpClient httpClient(Duration connectTimeout) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (caFile != null) {
            builder.sslContext(PemTrust.sslContext(caFile));
        }
        return builder.build();
    }

    /** The bearer token, if one is given, from the process's environment when no file is. */
    public String token() throws IOException {
        return token(System.getenv());
    }

    String token(Map<String, String> environment) throws IOException {
        String token;
        if (tokenFile != null) {
            if (Files.size(tokenFile) > TOKEN_FILE_BYTES_MAX) {
                throw new IllegalArgumentException(tokenFile + " is over " + TOKEN_FILE_BYTES_MAX + " bytes: not a token file");
            }
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException(tokenFile + " is empty");
            }
        } else {
            token = environment.getOrDefault(TOKEN_VARIABLE, "").strip();
        }
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the API token holds a space or a character outside printable ASCII");
        }
        return token.isEmpty() ? null : token;
    }

    /** Adds the Authorization header to {@code request} when there is a token. */
    public static HttpRequest.Builder authorize(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }
}
