package io.khata.net.cli;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.proto.api.StatusResponse;
import io.khata.proto.api.SubmitResponse;
import io.khata.proto.api.TxStatusResponse;
import io.khata.net.api.HttpApiServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tx", mixinStandardHelpOptions = true, description = "Sign a transaction and submit it to a node.",
        subcommands = {TxCommand.Transfer.class, TxCommand.Issue.class, TxCommand.Redeem.class,
                TxCommand.CreateAccount.class, TxCommand.Freeze.class, TxCommand.Dvp.class,
                TxCommand.AddMember.class, TxCommand.RemoveMember.class, AuthorityCommands.CreateAsset.class,
                AuthorityCommands.SetTransferLimit.class, AuthorityCommands.SetPower.class,
                OfflineSigning.Build.class, OfflineSigning.Sign.class, OfflineSigning.Submit.class,
                TxStatusCommand.class})
final class TxCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    /**
     * Options every transaction takes; builds, signs, submits and reports. With {@code --wait}
     * the node is asked to answer once the transaction commits (it waits at most 30 s per
     * request); a longer wait goes on by polling {@code GET /txs/{hash}} until the time is up.
     */
    @Command(exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:committed, or accepted when not waiting", "1:rejected, or the node failed to answer",
                    "2:bad arguments or an unreadable key file", "3:--wait ran out before the transaction committed"})
    static final class Submission {
        static final String WAIT_DEFAULT = "30s";
        /** Long enough to gather two banks' signatures on their own machines, well inside the default one-hour TTL. */
        static final String VALID_FOR_DEFAULT = "30m";
        private static final long POLL_MILLIS = 250;

        @Mixin
        NodeOption node;

        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec command;

        @Option(names = "--out", paramLabel = "FILE",
                description = "under `khata tx build`: write the unsigned transaction (JSON) here instead of submitting")
        Path out;

        @Option(names = "--memo", defaultValue = "", description = "free text, at most 256 bytes")
        String memo;

        @Option(names = "--wait", arity = "0..1", paramLabel = "DURATION", fallbackValue = WAIT_DEFAULT,
                converter = WaitDuration.class,
                description = "wait until the transaction is committed or rejected, at most DURATION (500ms, 30s, 2m; "
                        + WAIT_DEFAULT + " if none is given); exit 3 if it has not committed by then")
        Duration wait;

        @Option(names = "--valid-for", defaultValue = VALID_FOR_DEFAULT, paramLabel = "DURATION",
                converter = WaitDuration.class,
                description = "how long past the chain's latest block time the transaction may still be committed:"
                        + " 90s, 30m, 2h (default ${DEFAULT-VALUE}); at most the genesis's max_tx_ttl_ms (one hour by"
                        + " default), less a margin for the blocks made before it is submitted")
        Duration validFor;

        /**
         * Under {@code khata tx build}: writes the transaction unsigned to {@code --out}, and the signing
         * keys are not needed. Otherwise every key is required: signs with them all and submits.
         */
        int run(List<Operation> operations, Path... signerKeys) throws Exception {
            boolean building = command.parent() != null && command.parent().name().equals("build");
            if (building != (out != null)) {
                throw new IllegalArgumentException(building ? "khata tx build needs --out FILE"
                        : "--out belongs to khata tx build; this command signs and submits");
            }
            List<KeyPair> signers = new ArrayList<>();
            for (Path file : signerKeys) {
                if (file == null && !building) {
                    throw new IllegalArgumentException("every signing key option is required to sign and submit;"
                            + " to collect signatures on other machines use khata tx build, sign and submit");
                }
                if (file != null) {
                    signers.add(key(file));
                }
            }
            ApiClient client = node.client();
            ApiClient.Reply status = client.get("/status");
            if (!status.ok()) {
                System.err.println("khata: cannot read the node's status: HTTP " + status.status() + " " + status.body());
                return ExitCodes.FAILED;
            }
            StatusResponse chain = ApiClient.parse(status.body(), StatusResponse.newBuilder()).build();
            TxBody body = new TxBody(chain.getChainId(), operations, validUntilMillis(chain.getHeadTime()),
                    new SecureRandom().nextLong() & Long.MAX_VALUE, memo);
            if (building) {
                return OfflineSigning.writeUnsigned(body, out);
            }
            return submit(client, TxCodec.sign(body, signers));
        }

        /**
         * The expiry: {@code --valid-for} past the chain's head time, the clock that judges it
         * (BFT time, which a live chain moves several times a second), so this machine's clock
         * being off does not matter. Saturates instead of overflowing.
         */
        long validUntilMillis(long headTimeMillis) {
            long base = Math.max(headTimeMillis, 0); // uint64 on the wire
            long validForMillis = validFor.toMillis();
            return base > Long.MAX_VALUE - validForMillis ? Long.MAX_VALUE : base + validForMillis;
        }

        /** Submits a signed transaction and reports its outcome, waiting as {@code --wait} says. */
        int submit(ApiClient client, Transaction tx) throws Exception {
            long deadlineNanos = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
            ApiClient.Reply reply = client.postProtobuf(wait == null ? "/txs"
                    : "/txs?wait=" + Math.max(1, Math.min(wait.toMillis(), HttpApiServer.WAIT_MILLIS_MAX)), tx.encode());
            if (reply.status() >= 400 && reply.status() != 422) {
                System.err.println("khata: HTTP " + reply.status() + " " + reply.body());
                return ExitCodes.FAILED;
            }
            SubmitResponse response = ApiClient.parse(reply.body(), SubmitResponse.newBuilder()).build();
            if (wait != null && response.getStatus().equals("accepted")) {
                return pollUntilCommitted(client, response, reply.body(), deadlineNanos);
            }
            return report(response, reply.body());
        }

        /** After the node's own wait ran out: asks for the status until it is committed or the wait is over. */
        private int pollUntilCommitted(ApiClient client, SubmitResponse accepted, String acceptedBody, long deadlineNanos)
                throws Exception {
            while (System.nanoTime() < deadlineNanos) {
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (deadlineNanos - System.nanoTime()) / 1_000_000)));
                ApiClient.Reply reply = client.get("/txs/" + accepted.getTxHash());
                if (reply.status() == 404) {
                    print(reply.body(), accepted.getTxHash(), "dropped");
                    System.err.println("khata: the node dropped the transaction without committing it"
                            + " (it expired or was evicted)");
                    return ExitCodes.FAILED;
                }
                if (!reply.ok()) {
                    System.err.println("khata: HTTP " + reply.status() + " " + reply.body());
                    return ExitCodes.FAILED;
                }
                TxStatusResponse status = ApiClient.parse(reply.body(), TxStatusResponse.newBuilder()).build();
                if (status.getStatus().equals("committed")) {
                    return report(SubmitResponse.newBuilder().setTxHash(status.getTxHash()).setStatus("committed")
                            .setHeight(status.getHeight()).setIndex(status.getIndex()).build(), reply.body());
                }
            }
            return report(accepted, acceptedBody);
        }

        private int report(SubmitResponse response, String body) {
            print(body, response.getTxHash(), response.getStatus() + (response.getStatus().equals("committed")
                    ? " (height " + response.getHeight() + ", index " + response.getIndex() + ")" : ""));
            if (response.getStatus().equals("rejected")) {
                System.err.println("khata: rejected: " + response.getError().getCode() + ": " + response.getError().getMessage());
                return ExitCodes.FAILED;
            }
            if (wait != null && !response.getStatus().equals("committed")) {
                System.err.println("khata: not committed within " + wait.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                        + "; it may still commit (GET /txs/" + response.getTxHash() + " on the node says)");
                return ExitCodes.NOT_COMMITTED;
            }
            return ExitCodes.OK;
        }

        private void print(String body, String txHash, String status) {
            if (node.json) {
                System.out.println(body);
            } else {
                System.out.println("tx_hash " + txHash);
                System.out.println("status " + status);
            }
        }
    }

    static KeyPair key(Path file) throws java.io.IOException {
        return KeyFiles.readPrivateKey(file);
    }

    @Command(name = "transfer", mixinStandardHelpOptions = true, description = "Move an amount of an asset between accounts.")
    static final class Transfer implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", description = "private key file of the sending account (required unless under tx build)") Path key;
        @Option(names = "--from", required = true, description = "the sending account, name@domain") String from;
        @Option(names = "--to", required = true, description = "the receiving account, name@domain") String to;
        @Option(names = "--asset", required = true, description = "the asset id, e.g. PKR") String asset;
        @Option(names = "--amount", required = true, description = "in minor units") long amount;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.Transfer(asset, from, to, amount)), key);
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, description = "Create new units of an asset (its issuer signs).")
    static final class Issue implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", description = "private key file of the issuer (required unless under tx build)") Path key;
        @Option(names = "--asset", required = true, description = "the asset id; the key must be its issuer's") String asset;
        @Option(names = "--to", required = true, description = "the account credited, name@domain") String to;
        @Option(names = "--amount", required = true, description = "new units, in minor units") long amount;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.Issue(asset, to, amount)), key);
        }
    }

    @Command(name = "redeem", mixinStandardHelpOptions = true, description = "Destroy units held by the asset's issuer.")
    static final class Redeem implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", description = "private key file of the issuer (required unless under tx build)") Path key;
        @Option(names = "--asset", required = true, description = "the asset id; the key must be its issuer's") String asset;
        @Option(names = "--amount", required = true, description = "units destroyed from the issuer's account, in minor units")
        long amount;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.Redeem(asset, amount)), key);
        }
    }

    @Command(name = "create-account", mixinStandardHelpOptions = true,
            description = "Open an account; a bank signs with its validator key, the authority with its account key.")
    static final class CreateAccount implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", description = "private key file of the domain's owner (required unless under tx build)") Path key;
        @Option(names = "--id", required = true, description = "name@domain") String id;
        @Option(names = "--account-key", required = true,
                description = "key file (public or private PEM) of a key that will control the account; repeatable")
        List<Path> accountKeys;
        @Option(names = "--quorum", defaultValue = "1",
                description = "how many of the account's keys must sign its transfers (default ${DEFAULT-VALUE})") int quorum;

        @Override
        public Integer call() throws Exception {
            List<PublicKey> keys = new ArrayList<>();
            for (Path file : accountKeys) {
                String pem = java.nio.file.Files.readString(file);
                keys.add(pem.contains("PRIVATE KEY") ? KeyFiles.parsePrivateKey(pem).publicKey() : KeyFiles.parsePublicKey(pem));
            }
            return submission.run(List.of(new Operation.CreateAccount(id, keys, quorum)), key);
        }
    }

    @Command(name = "freeze", mixinStandardHelpOptions = true, description = "Freeze (or unfreeze) an account; the authority signs.")
    static final class Freeze implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", description = "private key file of the authority (required unless under tx build)") Path key;
        @Option(names = "--account", required = true, description = "the account to freeze or unfreeze, name@domain")
        String account;
        @Option(names = "--unfreeze", description = "lift the freeze instead") boolean unfreeze;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.SetFrozen(account, !unfreeze)), key);
        }
    }

    @Command(name = "dvp", mixinStandardHelpOptions = true,
            description = "Delivery versus payment: securities one way, cash the other, in one atomic transaction.")
    static final class Dvp implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--seller", required = true, description = "the account delivering the securities") String seller;
        @Option(names = "--seller-key", description = "private key file of the seller's account (required unless under tx build)")
        Path sellerKey;
        @Option(names = "--buyer", required = true, description = "the account paying the cash") String buyer;
        @Option(names = "--buyer-key", description = "private key file of the buyer's account (required unless under tx build)")
        Path buyerKey;
        @Option(names = "--security", required = true, description = "the asset delivered, e.g. BOND-2030") String security;
        @Option(names = "--quantity", required = true, description = "units of the security delivered") long quantity;
        @Option(names = "--cash", required = true, description = "the asset paid, e.g. PKR") String cash;
        @Option(names = "--price", required = true, description = "cash paid, in minor units") long price;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.Transfer(security, seller, buyer, quantity),
                    new Operation.Transfer(cash, buyer, seller, price)), sellerKey, buyerKey);
        }
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true,
            description = "Admit a bank as a validator (the authority signs); it votes from two heights after commit.")
    static final class AddMember implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", description = "private key file of the authority (required unless under tx build)") Path key;
        @Option(names = "--member", required = true, description = "the bank's member id, also its accounts' domain")
        String member;
        @Option(names = "--validator-key", required = true,
                description = "the bank's validator key file (public or private PEM)") Path validatorKey;
        @Option(names = "--power", defaultValue = "1",
                description = "the bank's voting power in consensus (default ${DEFAULT-VALUE})") long power;
        @Option(names = "--p2p-address", required = true, description = "host:port other nodes dial") String address;

        @Override
        public Integer call() throws Exception {
            String pem = java.nio.file.Files.readString(validatorKey);
            PublicKey publicKey = pem.contains("PRIVATE KEY") ? KeyFiles.parsePrivateKey(pem).publicKey()
                    : KeyFiles.parsePublicKey(pem);
            return submission.run(List.of(new Operation.AddMember(member, publicKey, power, address)), key);
        }
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = "Remove a bank from the validator set (the authority signs); effective two heights after commit.")
    static final class RemoveMember implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", description = "private key file of the authority (required unless under tx build)") Path key;
        @Option(names = "--member", required = true, description = "the member id of the bank that leaves the validator set")
        String member;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.RemoveMember(member)), key);
        }
    }
}
