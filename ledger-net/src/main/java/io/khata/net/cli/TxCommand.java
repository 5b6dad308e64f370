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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tx", mixinStandardHelpOptions = true, description = "Sign a transaction and submit it to a node.",
        subcommands = {TxCommand.Transfer.class, TxCommand.Issue.class, TxCommand.Redeem.class,
                TxCommand.CreateAccount.class, TxCommand.Freeze.class, TxCommand.Dvp.class,
                TxCommand.AddMember.class, TxCommand.RemoveMember.class})
final class TxCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    /** Options every transaction takes; builds, signs, submits and reports. */
    static final class Submission {
        @Mixin
        NodeOption node;

        @Option(names = "--memo", defaultValue = "", description = "free text, at most 256 bytes")
        String memo;

        @Option(names = "--wait", description = "answer only once the transaction is committed or rejected")
        boolean await;

        @Option(names = "--valid-for", defaultValue = "50", description = "blocks the transaction stays valid (default ${DEFAULT-VALUE})")
        int validFor;

        int submit(List<Operation> operations, List<KeyPair> signers) throws Exception {
            ApiClient client = node.client();
            ApiClient.Reply status = client.get("/status");
            if (!status.ok()) {
                System.err.println("khata: cannot read the node's status: HTTP " + status.status() + " " + status.body());
                return 1;
            }
            StatusResponse chain = ApiClient.parse(status.body(), StatusResponse.newBuilder()).build();
            TxBody body = new TxBody(chain.getChainId(), operations, chain.getHeight() + validFor,
                    new SecureRandom().nextLong() & Long.MAX_VALUE, memo);
            Transaction tx = TxCodec.sign(body, signers);
            ApiClient.Reply reply = client.postProtobuf(await ? "/txs?wait=true" : "/txs", tx.encode());
            if (node.json) {
                System.out.println(reply.body());
            }
            if (reply.status() >= 400 && reply.status() != 422) {
                System.err.println("khata: HTTP " + reply.status() + " " + reply.body());
                return 1;
            }
            SubmitResponse response = ApiClient.parse(reply.body(), SubmitResponse.newBuilder()).build();
            if (!node.json) {
                System.out.println("tx_hash " + response.getTxHash());
                System.out.println("status " + response.getStatus() + (response.getStatus().equals("committed")
                        ? " (height " + response.getHeight() + ", index " + response.getIndex() + ")" : ""));
            }
            if (response.getStatus().equals("rejected")) {
                System.err.println("khata: rejected: " + response.getError().getCode() + ": " + response.getError().getMessage());
                return 1;
            }
            return 0;
        }
    }

    static KeyPair key(Path file) throws java.io.IOException {
        return KeyFiles.readPrivateKey(file);
    }

    @Command(name = "transfer", mixinStandardHelpOptions = true, description = "Move an amount of an asset between accounts.")
    static final class Transfer implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", required = true, description = "private key file of the sending account") Path key;
        @Option(names = "--from", required = true) String from;
        @Option(names = "--to", required = true) String to;
        @Option(names = "--asset", required = true) String asset;
        @Option(names = "--amount", required = true, description = "in minor units") long amount;

        @Override
        public Integer call() throws Exception {
            return submission.submit(List.of(new Operation.Transfer(asset, from, to, amount)), List.of(key(key)));
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, description = "Create new units of an asset (its issuer signs).")
    static final class Issue implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", required = true, description = "private key file of the issuer") Path key;
        @Option(names = "--asset", required = true) String asset;
        @Option(names = "--to", required = true) String to;
        @Option(names = "--amount", required = true) long amount;

        @Override
        public Integer call() throws Exception {
            return submission.submit(List.of(new Operation.Issue(asset, to, amount)), List.of(key(key)));
        }
    }

    @Command(name = "redeem", mixinStandardHelpOptions = true, description = "Destroy units held by the asset's issuer.")
    static final class Redeem implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", required = true, description = "private key file of the issuer") Path key;
        @Option(names = "--asset", required = true) String asset;
        @Option(names = "--amount", required = true) long amount;

        @Override
        public Integer call() throws Exception {
            return submission.submit(List.of(new Operation.Redeem(asset, amount)), List.of(key(key)));
        }
    }

    @Command(name = "create-account", mixinStandardHelpOptions = true,
            description = "Open an account; a bank signs with its validator key, the authority with its account key.")
    static final class CreateAccount implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", required = true, description = "private key file of the domain's owner") Path key;
        @Option(names = "--id", required = true, description = "name@domain") String id;
        @Option(names = "--account-key", required = true,
                description = "key file (public or private PEM) of a key that will control the account; repeatable")
        List<Path> accountKeys;
        @Option(names = "--quorum", defaultValue = "1") int quorum;

        @Override
        public Integer call() throws Exception {
            List<PublicKey> keys = new ArrayList<>();
            for (Path file : accountKeys) {
                String pem = java.nio.file.Files.readString(file);
                keys.add(pem.contains("PRIVATE KEY") ? KeyFiles.parsePrivateKey(pem).publicKey() : KeyFiles.parsePublicKey(pem));
            }
            return submission.submit(List.of(new Operation.CreateAccount(id, keys, quorum)), List.of(key(key)));
        }
    }

    @Command(name = "freeze", mixinStandardHelpOptions = true, description = "Freeze (or unfreeze) an account; the authority signs.")
    static final class Freeze implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", required = true, description = "private key file of the authority") Path key;
        @Option(names = "--account", required = true) String account;
        @Option(names = "--unfreeze", description = "lift the freeze instead") boolean unfreeze;

        @Override
        public Integer call() throws Exception {
            return submission.submit(List.of(new Operation.SetFrozen(account, !unfreeze)), List.of(key(key)));
        }
    }

    @Command(name = "dvp", mixinStandardHelpOptions = true,
            description = "Delivery versus payment: securities one way, cash the other, in one atomic transaction.")
    static final class Dvp implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--seller", required = true) String seller;
        @Option(names = "--seller-key", required = true) Path sellerKey;
        @Option(names = "--buyer", required = true) String buyer;
        @Option(names = "--buyer-key", required = true) Path buyerKey;
        @Option(names = "--security", required = true, description = "the asset delivered, e.g. BOND-2030") String security;
        @Option(names = "--quantity", required = true) long quantity;
        @Option(names = "--cash", required = true, description = "the asset paid, e.g. PKR") String cash;
        @Option(names = "--price", required = true, description = "cash paid, in minor units") long price;

        @Override
        public Integer call() throws Exception {
            return submission.submit(List.of(new Operation.Transfer(security, seller, buyer, quantity),
                    new Operation.Transfer(cash, buyer, seller, price)), List.of(key(sellerKey), key(buyerKey)));
        }
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true,
            description = "Admit a bank as a validator (the authority signs); it votes from two heights after commit.")
    static final class AddMember implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", required = true, description = "private key file of the authority") Path key;
        @Option(names = "--member", required = true, description = "the bank's member id, also its accounts' domain")
        String member;
        @Option(names = "--validator-key", required = true,
                description = "the bank's validator key file (public or private PEM)") Path validatorKey;
        @Option(names = "--power", defaultValue = "1") long power;
        @Option(names = "--p2p-address", required = true, description = "host:port other nodes dial") String address;

        @Override
        public Integer call() throws Exception {
            String pem = java.nio.file.Files.readString(validatorKey);
            PublicKey publicKey = pem.contains("PRIVATE KEY") ? KeyFiles.parsePrivateKey(pem).publicKey()
                    : KeyFiles.parsePublicKey(pem);
            return submission.submit(List.of(new Operation.AddMember(member, publicKey, power, address)), List.of(key(key)));
        }
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = "Remove a bank from the validator set (the authority signs); effective two heights after commit.")
    static final class RemoveMember implements Callable<Integer> {
        @Mixin Submission submission;
        @Option(names = "--key", required = true, description = "private key file of the authority") Path key;
        @Option(names = "--member", required = true) String member;

        @Override
        public Integer call() throws Exception {
            return submission.submit(List.of(new Operation.RemoveMember(member)), List.of(key(key)));
        }
    }
}
