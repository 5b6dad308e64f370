package io.khata.net.cli;

import io.khata.proto.api.TxStatusResponse;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code khata tx status HASH}: what the node knows of a transaction, with an exit code per outcome. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether a transaction is committed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:committed", "1:rejected, unknown to the node, or the node failed to answer",
                "2:bad arguments", "3:pending: not committed yet"})
final class TxStatusCommand implements Callable<Integer> {
    private static final Pattern HEX_HASH = Pattern.compile("[0-9a-f]{64}");

    @Mixin NodeOption node;
    @Parameters(index = "0", paramLabel = "TX_HASH", description = "64 lowercase hex characters") String hash;

    @Override
    public Integer call() throws Exception {
        if (!HEX_HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("a transaction hash is 64 lowercase hex characters");
        }
        ApiClient.Reply reply = node.client().get("/txs/" + hash);
        if (reply.status() == 404) {
            System.out.println(node.json ? reply.body() : "tx_hash " + hash + "\nstatus unknown");
            return ExitCodes.FAILED;
        }
        if (!reply.ok()) {
            System.err.println("khata: HTTP " + reply.status() + " " + reply.body());
            return ExitCodes.FAILED;
        }
        TxStatusResponse status = ApiClient.parse(reply.body(), TxStatusResponse.newBuilder()).build();
        if (node.json) {
            System.out.println(reply.body());
        } else {
            System.out.println("tx_hash " + status.getTxHash());
            System.out.println("status " + status.getStatus() + (status.getStatus().equals("committed")
                    ? " (height " + status.getHeight() + ", index " + status.getIndex() + ")" : ""));
            if (status.hasError()) {
                System.out.println("reason " + status.getError().getCode() + ": " + status.getError().getMessage());
            }
        }
        switch (status.getStatus()) {
            case "committed":
                return ExitCodes.OK;
            case "pending":
                return ExitCodes.NOT_COMMITTED;
            default:
                return ExitCodes.FAILED;
        }
    }
}
