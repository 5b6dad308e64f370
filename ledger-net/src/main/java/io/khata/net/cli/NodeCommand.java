package io.khata.net.cli;

import io.khata.net.api.ApiSecurity;
import io.khata.net.api.HttpApiServer;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run one node in the foreground until SIGTERM or SIGINT; it resumes from its directory.")
final class NodeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--home", required = true, description = "the node's directory, holding node.json")
    Path home;

    @Option(names = "--unsafe-reset-sign-state",
            description = "start this validator although its sign-state is missing or behind what its ledger proves it"
                    + " signed; it may then sign twice at one height (node.json: unsafe_allow_sign_state_reset)")
    boolean unsafeResetSignState;

    @Override
    public Integer call() throws Exception {
        NodeConfig loaded = NodeConfigLoader.load(home.resolve("node.json"));
        NodeConfig config = unsafeResetSignState ? loaded.withUnsafeAllowSignStateReset(true) : loaded;
        // The API's files and its exposure are checked before the node starts: a refusal costs nothing.
        ApiSecurity security = config.apiListen() == null ? null : ApiSecurity.from(config.apiAccess());
        if (security != null) {
            security.checkExposure(config.apiListen());
        }
        Node node = Node.start(config);
        HttpApiServer api;
        try {
            api = security == null ? null : HttpApiServer.start(node, config.apiListen(), security);
        } catch (IllegalArgumentException | InterruptedException e) {
            node.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping node {}", config.nodeId());
            if (api != null) {
                api.close();
            }
            node.close();
            stopped.countDown();
        }, "khata-shutdown"));
        LOG.info("node {} running at height {}{}", config.nodeId(), node.ledger().height(),
                api == null ? "" : ", API on " + api.scheme() + "://" + api.address().getHostString() + ":" + api.address().getPort());
        node.failed().thenRun(stopped::countDown);
        stopped.await();
        if (!node.failure().isEmpty()) {
            LOG.error("node {} stops with exit code {}: {}", config.nodeId(), ExitCodes.UNHEALTHY, node.failure());
            return ExitCodes.UNHEALTHY;
        }
        return ExitCodes.OK;
    }
}
