package io.khata.net.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code khata node} processes of a testnet, each a separate JVM on this test's classpath. */
final class NodeProcesses implements AutoCloseable {
    private final Path testnet;
    private final Process[] processes;

    /** JVM options beyond the heap and collector. */
    private final List<String> jvmOptions;

    NodeProcesses(Path testnet, int count) {
        this(testnet, count, List.of());
    }

    NodeProcesses(Path testnet, int count, List<String> jvmOptions) {
        this.testnet = testnet;
        this.processes = new Process[count];
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** For processes expected to end within seconds: the JIT's first tier only, so they start sooner on a busy machine. */
    static List<String> shortLived() {
        return List.of("-XX:TieredStopAtLevel=1");
    }

    void start(int i) throws IOException {
        start(i, Testnet.nodeHome(testnet, i));
    }

    /** Starts process {@code i} as the node whose home is {@code home} (an observer's, for example). */
    void start(int i, Path home) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                KhataCommand.class.getName(), "node", "--home", home.toString()));
        processes[i] = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.log").toFile()))
                .start();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill(int i) throws IOException, InterruptedException {
        long pid = processes[i].pid();
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + pid + " failed");
        }
        processes[i].waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits up to {@code seconds} for process {@code i} to end: its exit code, or -1 while it runs. */
    int awaitExit(int i, double seconds) throws InterruptedException {
        return processes[i].waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS) ? processes[i].exitValue() : -1;
    }

    boolean alive(int i) {
        return processes[i] != null && processes[i].isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            if (process != null) {
                process.destroy();
            }
        }
        for (Process process : processes) {
            if (process != null && !process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
