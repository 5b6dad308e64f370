package io.khata.net.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * While open, what this process writes to stderr goes to a file instead: the logs of the nodes
 * a command runs in this process. The logging binding of the jar (slf4j-simple) writes to
 * whatever {@code System.err} is at each line, so swapping the stream moves every logger, also
 * those created before, which a logging property set this late could not. The command keeps
 * the stream it had before for its own lines.
 */
final class StderrToFile implements AutoCloseable {
    private final PrintStream terminal;
    private final PrintStream file;

    private StderrToFile(PrintStream terminal, PrintStream file) {
        this.terminal = terminal;
        this.file = file;
    }

    /** Appends stderr to {@code logFile} until closed. */
    static StderrToFile open(Path logFile) throws IOException {
        PrintStream terminal = System.err;
        PrintStream file = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8);
        System.setErr(file);
        return new StderrToFile(terminal, file);
    }

    /** Puts stderr back as it was; call it after the nodes have stopped, or their last lines land on the terminal. */
    @Override
    public void close() {
        System.setErr(terminal);
        file.close();
    }
}
