package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Checks over the whole command tree, so a new option cannot arrive without a description. */
class CommandLineSpecTest {
    @Test
    void everyOptionAndParameterOfEveryCommandHasADescription() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(new CommandLine(new KhataCommand()).getCommandSpec(), undescribed);
        assertEquals(List.of(), undescribed);
    }

    private static void collectUndescribed(CommandSpec command, List<String> undescribed) {
        List<ArgSpec> arguments = new ArrayList<>(command.options());
        arguments.addAll(command.positionalParameters());
        for (ArgSpec argument : arguments) {
            String description = String.join(" ", argument.description()).strip();
            if (description.isEmpty()) {
                undescribed.add(command.qualifiedName() + " " + argument.paramLabel()
                        + (argument.isOption() ? " " + ((CommandLine.Model.OptionSpec) argument).longestName() : ""));
            }
        }
        for (CommandLine sub : command.subcommands().values()) {
            collectUndescribed(sub.getCommandSpec(), undescribed);
        }
    }

    @Test
    void versionIsTheOneTheBuildDeclares() throws Exception {
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(parent.find(), "ledger-net/pom.xml names its parent's version");
        for (String[] args : new String[][] {{"--version"}, {"tx", "transfer", "--version"}}) {
            CommandRun run = CommandRun.of(args);
            assertEquals(0, run.exit(), run.toString());
            assertEquals("khata " + parent.group(1), run.out().strip());
        }
    }
}
