package io.khata.net.audit;

import picocli.CommandLine.Command;

/** {@code khata audit}: export a chain to a bundle, verify a bundle from the genesis file alone. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Export a chain to an audit bundle, or verify a bundle offline from the genesis file alone.",
        subcommands = {ExportCommand.class, VerifyCommand.class})
public final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }
}
