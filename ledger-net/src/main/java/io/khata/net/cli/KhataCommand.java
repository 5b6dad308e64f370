package io.khata.net.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code khata} command line. Output a script may read goes to stdout (with {@code --json}
 * where a command has it); logs and progress go to stderr.
 */
@Command(name = "khata", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "A permissioned ledger for a consortium of banks and their regulator.",
        subcommands = {TestnetCommand.class, NodeCommand.class, DemoCommand.class, BenchCommand.class, SimulateCommand.class,
                StatusCommand.class, AccountCommand.class, BlockCommand.class, TxCommand.class, ProofCommand.class, KeygenCommand.class,
                ApiAccessCommand.class,
                io.khata.net.audit.AuditCommand.class})
public final class KhataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(execute(args));
    }

    /**
     * The runnable jar logs through slf4j-simple: to stderr (stdout is the command's output),
     * with times, and Netty only when it warns. Set here rather than in a properties file so
     * that the library jar carries no logging configuration into a bank's application.
     */
    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.io.netty", "warn");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Every subcommand has {@code --version} too, and it answers with the same build version. */
    private static void giveVersionToSubcommands(CommandLine command, BuildVersion version) {
        for (CommandLine sub : command.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(version);
            giveVersionToSubcommands(sub, version);
        }
    }

    /**
     * Runs the command line and returns its exit code (see {@link ExitCodes}); bad input prints
     * one line to stderr. A bad argument or a file that cannot be read is the caller's to fix
     * (2); a failed request or check is 1.
     */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new KhataCommand());
        giveVersionToSubcommands(commandLine, new BuildVersion());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof IllegalArgumentException || exception instanceof java.nio.file.FileSystemException) {
                command.getErr().println("khata: " + exception.getMessage());
                return ExitCodes.USAGE;
            }
            if (exception instanceof java.io.IOException || exception instanceof IllegalStateException) {
                command.getErr().println("khata: " + exception.getMessage());
                return ExitCodes.FAILED;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }
}
