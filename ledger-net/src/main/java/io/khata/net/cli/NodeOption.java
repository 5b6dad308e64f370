package io.khata.net.cli;

import picocli.CommandLine.Option;

/** The {@code --node URL} and {@code --json} options of the commands that talk to a node's API. */
final class NodeOption {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:26601",
            description = "the node's HTTP API (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--json", description = "print the node's JSON answer as is")
    boolean json;

    ApiClient client() {
        return new ApiClient(url);
    }
}
