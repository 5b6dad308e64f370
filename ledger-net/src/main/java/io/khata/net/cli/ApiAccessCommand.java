package io.khata.net.cli;

import io.khata.net.api.ApiCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code khata api-access}: what a node's HTTP API needs to leave loopback, in one directory: a
 * private CA ({@code api-ca.crt}, {@code api-ca.key} is not kept: the CA signs once and its key is
 * dropped, so nothing else can be issued under it), the API's certificate for the given hosts
 * ({@code api.crt}, {@code api.key}) and a random bearer token ({@code api-token}, owner-only).
 * It prints the node.json lines to add, with the token's SHA-256, never the token.
 */
@Command(name = "api-access", mixinStandardHelpOptions = true,
        description = "Write a TLS certificate and a bearer token for a node's HTTP API, and print the node.json"
                + " settings that switch them on.")
final class ApiAccessCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "directory to write api-ca.crt, api.crt, api.key and api-token to")
    Path dir;

    @Option(names = "--host", required = true, description = "a host name or IP address clients use to reach the API;"
            + " repeat for several")
    List<String> hosts;

    @Option(names = "--days", defaultValue = "365", description = "validity of the certificate in days (default ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        ApiCertificates ca = ApiCertificates.create("khata API CA " + hosts.get(0), Duration.ofDays(days));
        ca.writeServer(hosts, dir.resolve("api.crt"), dir.resolve("api.key"));
        ca.writeCertificate(dir.resolve("api-ca.crt"));
        String token = newToken();
        writeOwnerOnly(dir.resolve("api-token"), token);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        System.out.println("wrote " + dir.resolve("api-ca.crt") + " (clients trust it: --api-ca-file), "
                + dir.resolve("api.crt") + ", " + dir.resolve("api.key") + " and " + dir.resolve("api-token")
                + " (the bearer token: --api-token-file, or the dashboard's login)");
        System.out.println("add to node.json (paths relative to the node's directory):");
        System.out.println("  \"api_tls_cert_file\": \"" + dir.toAbsolutePath().resolve("api.crt") + "\",");
        System.out.println("  \"api_tls_key_file\": \"" + dir.toAbsolutePath().resolve("api.key") + "\",");
        System.out.println("  \"api_token_sha256\": [\"" + hash + "\"]");
        return ExitCodes.OK;
    }

    /** 32 random bytes, base64url without padding: 256 bits, and safe in a header as is. */
    static String newToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    }
}
