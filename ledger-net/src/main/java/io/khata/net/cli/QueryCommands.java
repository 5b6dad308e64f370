package io.khata.net.cli;

import io.khata.proto.api.AccountResponse;
import io.khata.proto.api.BlockResponse;
import io.khata.proto.api.StatusResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Answers a query by printing the node's JSON, or a short summary; exit 1 with the error otherwise. */
final class QueryCommands {
    private QueryCommands() {
    }

    static Integer print(ApiClient.Reply reply, boolean json, java.util.function.Function<String, String> summary) {
        if (!reply.ok()) {
            System.err.println("khata: HTTP " + reply.status() + " " + reply.body());
            return 1;
        }
        System.out.println(json ? reply.body() : summary.apply(reply.body()));
        return 0;
    }
}

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a node's chain, height and peers.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    NodeOption node;

    @Override
    public Integer call() throws Exception {
        return QueryCommands.print(node.client().get("/status"), node.json, body -> {
            StatusResponse s = ApiClient.parse(body, StatusResponse.newBuilder()).build();
            return s.getNodeId() + " on " + s.getChainId() + ": height " + s.getHeight() + ", head " + s.getHeadHash()
                    + "\npeers " + s.getPeersList() + ", " + s.getValidatorsCount() + " validators, mempool "
                    + s.getMempoolSize();
        });
    }
}

@Command(name = "account", mixinStandardHelpOptions = true, description = "Show an account's balances and keys.")
final class AccountCommand implements Callable<Integer> {
    @Mixin
    NodeOption node;

    @Parameters(index = "0", paramLabel = "ID", description = "account id, name@domain")
    String id;

    @Override
    public Integer call() throws Exception {
        return QueryCommands.print(node.client().get("/accounts/" + id), node.json, body -> {
            AccountResponse a = ApiClient.parse(body, AccountResponse.newBuilder()).build();
            return a.getId() + (a.getFrozen() ? " (frozen)" : "") + ", quorum " + a.getQuorum() + " of "
                    + a.getKeysCount() + " keys\nbalances " + new java.util.TreeMap<>(a.getBalancesMap());
        });
    }
}

@Command(name = "block", mixinStandardHelpOptions = true, description = "Show a block's header and transactions.")
final class BlockCommand implements Callable<Integer> {
    @Mixin
    NodeOption node;

    @Parameters(index = "0", paramLabel = "HEIGHT", description = "a height, or 'latest'")
    String height;

    @Override
    public Integer call() throws Exception {
        return QueryCommands.print(node.client().get("/blocks/" + height), node.json, body -> {
            BlockResponse b = ApiClient.parse(body, BlockResponse.newBuilder()).build();
            return "block " + b.getHeight() + " " + b.getHash() + " by " + b.getProposer() + ", "
                    + b.getTxHashesCount() + " transactions, signed by " + b.getCommitSignersList();
        });
    }
}
