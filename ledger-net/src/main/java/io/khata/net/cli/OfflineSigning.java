package io.khata.net.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Rejection;
import io.khata.core.codec.ProtoJson;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.tx.TxSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Multi-party signing on several machines: {@code tx build} writes a transaction with no signature,
 * {@code tx sign} adds one signature per run (each party on its own machine, with its own key file),
 * {@code tx submit} sends the result. The file between the steps is the {@code Transaction} in
 * protobuf's JSON mapping, the same body that {@code POST /txs} accepts: the body travels as the
 * exact bytes every party signs (base64), so no step re-serializes what is signed.
 *
 * <p>Signing shows the signer what it signs (chain, operations, expiry, memo) and refuses a file
 * whose earlier signatures do not verify, or that this key already signed.
 */
final class OfflineSigning {
    private OfflineSigning() {
    }

    /** Writes {@code body} without signatures; the file must not exist yet. */
    static int writeUnsigned(TxBody body, Path out) throws Exception {
        write(io.khata.proto.Transaction.newBuilder().setBody(ByteString.copyFrom(TxCodec.encodeBody(body))).build(),
                out, false);
        System.out.println("tx_hash " + TxCodec.assemble(TxCodec.encodeBody(body), List.of()).hash().toHex());
        System.out.println("unsigned transaction written to " + out);
        return ExitCodes.OK;
    }

    static void write(io.khata.proto.Transaction wire, Path out, boolean replace) throws Exception {
        String json = ProtoJson.print(wire) + "\n";
        if (replace) {
            Files.writeString(out, json, StandardCharsets.UTF_8);
        } else {
            Files.writeString(out, json, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
        }
    }

    /** Reads a transaction file; what is not a transaction is the caller's to fix (IllegalArgumentException). */
    static Transaction read(Path file) throws Exception {
        io.khata.proto.Transaction.Builder wire = io.khata.proto.Transaction.newBuilder();
        try {
            ProtoJson.merge(Files.readString(file, StandardCharsets.UTF_8), wire);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + " is not a transaction in JSON: " + e.getMessage());
        }
        List<TxSignature> signatures = new ArrayList<>();
        for (io.khata.proto.Signature signature : wire.getSignaturesList()) {
            try {
                signatures.add(new TxSignature(PublicKey.of(signature.getPublicKey().toByteArray()),
                        Signature.of(signature.getSignature().toByteArray())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": a signature is malformed: " + e.getMessage());
            }
        }
        try {
            return TxCodec.assemble(wire.getBody().toByteArray(), signatures);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Write a transaction without signatures (--out FILE), for khata tx sign on each signer's machine.",
            subcommands = {TxCommand.Transfer.class, TxCommand.Dvp.class, TxCommand.Issue.class, TxCommand.Redeem.class,
                    TxCommand.CreateAccount.class, TxCommand.Freeze.class, AuthorityCommands.CreateAsset.class,
                    AuthorityCommands.SetTransferLimit.class, AuthorityCommands.SetPower.class,
                    TxCommand.AddMember.class, TxCommand.RemoveMember.class})
    static final class Build implements Runnable {
        @Override
        public void run() {
            new picocli.CommandLine(this).usage(System.err);
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Add this key's signature to a transaction file; each signer runs it with its own key.")
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key", required = true, description = "the signer's private key file") Path key;
        @Option(names = "--out", paramLabel = "FILE", description = "write the signed transaction here (default: "
                + "replace the input file)") Path out;
        @Parameters(index = "0", paramLabel = "TX_FILE", description = "the transaction from khata tx build or an earlier sign")
        Path file;

        @Override
        public Integer call() throws Exception {
            Transaction tx = read(file);
            KeyPair signer = TxCommand.key(key);
            for (TxSignature existing : tx.signatures()) {
                if (existing.publicKey().equals(signer.publicKey())) {
                    System.err.println("khata: " + file + " already carries a signature of key " + signer.publicKey());
                    return ExitCodes.FAILED;
                }
            }
            List<TxSignature> signatures = new ArrayList<>(tx.signatures());
            signatures.add(new TxSignature(signer.publicKey(), signer.sign(tx.signedMessage())));
            byte[] bodyBytes = io.khata.proto.Transaction.parseFrom(tx.encode()).getBody().toByteArray();
            Transaction signed = TxCodec.assemble(bodyBytes, signatures);
            Optional<Rejection> problem = signed.checkSignatures(tx.body().chainId());
            if (problem.isPresent()) {
                System.err.println("khata: not signed: " + problem.get().message());
                return ExitCodes.FAILED;
            }
            describe(tx.body());
            Path target = out == null ? file : out;
            write(io.khata.proto.Transaction.parseFrom(signed.encode()), target, true);
            System.out.println("tx_hash " + signed.hash().toHex());
            System.out.println("signatures " + signed.signatures().size() + " (added " + signer.publicKey() + ")");
            System.out.println("written to " + target);
            return ExitCodes.OK;
        }

        /** What the signer just signed, on stderr, so a script reading stdout is not disturbed. */
        private static void describe(TxBody body) {
            System.err.println("signed for chain " + body.chainId() + ", valid until block time "
                    + java.time.Instant.ofEpochMilli(body.validUntilMillis())
                    + (body.memo().isEmpty() ? "" : ", memo '" + body.memo() + "'") + ":");
            for (Operation operation : body.operations()) {
                System.err.println("  " + operation);
            }
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit a signed transaction file (from khata tx sign) to a node.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:committed, or accepted when not waiting", "1:rejected, or the node failed to answer",
                    "2:bad arguments or an unreadable file", "3:--wait ran out before the transaction committed"})
    static final class Submit implements Callable<Integer> {
        @Mixin TxCommand.Submission submission;
        @Parameters(index = "0", paramLabel = "TX_FILE", description = "the signed transaction") Path file;

        @Override
        public Integer call() throws Exception {
            if (submission.out != null) {
                throw new IllegalArgumentException("--out belongs to khata tx build; tx submit sends the file as it is");
            }
            Transaction tx = read(file);
            if (tx.signatures().isEmpty()) {
                throw new IllegalArgumentException(file + " carries no signature; sign it with khata tx sign first");
            }
            return submission.submit(submission.node.client(), tx);
        }
    }
}
