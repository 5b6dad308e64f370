package io.khata.net.cli;

import io.khata.core.tx.Operation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The authority's operations on assets, limits and voting power, as {@code khata tx} subcommands. */
final class AuthorityCommands {
    private AuthorityCommands() {
    }

    @Command(name = "create-asset", mixinStandardHelpOptions = true,
            description = "Register an asset with its issuer and decimals; the authority signs.")
    static final class CreateAsset implements Callable<Integer> {
        @Mixin TxCommand.Submission submission;
        @Option(names = "--key", description = "private key file of the authority (required unless under tx build)")
        Path key;
        @Option(names = "--id", required = true, description = "the asset id, e.g. BOND-2035") String id;
        @Option(names = "--issuer", required = true, description = "the account that may issue and redeem it") String issuer;
        @Option(names = "--decimals", required = true, description = "digits of the minor unit (2 for cents)") int decimals;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.CreateAsset(id, issuer, decimals)), key);
        }
    }

    @Command(name = "set-transfer-limit", mixinStandardHelpOptions = true,
            description = "Cap one transfer of an asset from an account (0 removes the cap); the authority signs.")
    static final class SetTransferLimit implements Callable<Integer> {
        @Mixin TxCommand.Submission submission;
        @Option(names = "--key", description = "private key file of the authority (required unless under tx build)")
        Path key;
        @Option(names = "--account", required = true, description = "the account, name@domain") String account;
        @Option(names = "--asset", required = true, description = "the asset id") String asset;
        @Option(names = "--max", required = true, description = "the largest transfer, in minor units; 0: no cap") long max;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.SetTransferLimit(account, asset, max)), key);
        }
    }

    @Command(name = "set-power", mixinStandardHelpOptions = true,
            description = "Change a member's voting power (above 0); the authority signs. Effective two heights after commit.")
    static final class SetPower implements Callable<Integer> {
        @Mixin TxCommand.Submission submission;
        @Option(names = "--key", description = "private key file of the authority (required unless under tx build)")
        Path key;
        @Option(names = "--member", required = true, description = "the member id") String member;
        @Option(names = "--power", required = true, description = "its new voting power") long power;

        @Override
        public Integer call() throws Exception {
            return submission.run(List.of(new Operation.SetPower(member, power)), key);
        }
    }
}
