package io.khata.net.cli;

import io.khata.net.apiclient.ApiAccessOptions;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --node URL} and {@code --json} options of the commands that talk to a node's API, with
 * the token and TLS trust of a secured API ({@link ApiAccessOptions}).
 */
final class NodeOption {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:26601",
            description = "the node's HTTP API (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--json", description = "print the node's JSON answer as is")
    boolean json;

    @Mixin
    ApiAccessOptions access;

    ApiClient client() throws IOException {
        return ApiClient.of(url, access);
    }
}
