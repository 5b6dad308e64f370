package io.khata.net.cli;

import io.khata.core.genesis.Genesis;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "testnet", mixinStandardHelpOptions = true,
        description = "Write keys, a consortium CA, certificates and a genesis for N local nodes.")
final class TestnetCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "4", description = "number of banks/validators (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--dir", required = true, description = "directory to write the testnet into")
    Path dir;

    @Option(names = "--base-port", defaultValue = "" + Testnet.BASE_PORT_DEFAULT,
            description = "node i uses P+2i for peers and P+2i+1 for HTTP (default ${DEFAULT-VALUE})")
    int basePort;

    @Option(names = "--spare", defaultValue = "0",
            description = "extra banks prepared (keys, certificate, node.json) but not in the genesis, to add later")
    int spare;

    @Option(names = "--observers", defaultValue = "0",
            description = "observer nodes to prepare (observer<j>, owned by bank<j mod N>): they follow,"
                    + " verify and serve the HTTP API, and never vote")
    int observers;

    @Option(names = "--force", description = "replace an existing testnet in DIR")
    boolean force;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Genesis genesis = Testnet.create(dir, nodes, spare, observers, basePort, force,
                Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        if (json) {
            System.out.println("{\"dir\":\"" + dir.toAbsolutePath() + "\",\"chain_id\":\"" + genesis.chainId()
                    + "\",\"nodes\":" + nodes + ",\"observers\":" + observers + ",\"base_port\":" + basePort + "}");
        } else {
            System.out.println("testnet " + genesis.chainId() + " with " + nodes + " nodes written to " + dir.toAbsolutePath());
            for (int i = 0; i < nodes; i++) {
                System.out.println("  node" + i + ": " + Testnet.bank(i) + ", peers on 127.0.0.1:"
                        + Testnet.p2pPort(basePort, i) + ", API on http://127.0.0.1:" + Testnet.apiPort(basePort, i));
            }
            for (int i = nodes; i < nodes + spare; i++) {
                System.out.println("  node" + i + ": " + Testnet.bank(i) + " (spare, not in genesis), peers on 127.0.0.1:"
                        + Testnet.p2pPort(basePort, i) + ", API on http://127.0.0.1:" + Testnet.apiPort(basePort, i));
            }
            for (int j = 0; j < observers; j++) {
                int index = Testnet.observerIndex(nodes, spare, j);
                System.out.println("  observer" + j + ": observer of " + Testnet.observerOwner(j, nodes)
                        + " (role observer, never votes), API on http://127.0.0.1:" + Testnet.apiPort(basePort, index));
            }
        }
        return 0;
    }
}
