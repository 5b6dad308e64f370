package io.khata.net.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket client: launch it on a page, evaluate JavaScript in the page, take a screenshot.
 * Nothing is downloaded and no driver binary has to match the browser's version: the protocol
 * calls used here ({@code Runtime.evaluate}, {@code Page.captureScreenshot}) are stable.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonObject>> calls = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The browser this machine has, if any. */
    static Optional<Path> find() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst();
    }

    /** Starts the browser on {@code url} with a fresh profile in {@code profile}; its output goes to {@code log}. */
    static HeadlessChromium launch(Path binary, String url, Path profile, Path log) throws Exception {
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=1400,1500", url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = debuggingPort(profile, process);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String pageSocket = pageSocketUrl(http, port);
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(pageSocket), new Listener(answer -> {
                        if (self[0] != null) {
                            self[0].answered(answer);
                        }
                    }))
                    .get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, socket);
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Chromium writes the port it chose to DevToolsActivePort in the profile. */
    private static int debuggingPort(Path profile, Process process) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("chromium exited with code " + process.exitValue());
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("chromium did not open its debugging port within 30 s");
    }

    private static String pageSocketUrl(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonElement target : JsonParser.parseString(list).getAsJsonArray()) {
                JsonObject object = target.getAsJsonObject();
                if (object.get("type").getAsString().equals("page") && object.has("webSocketDebuggerUrl")) {
                    return object.get("webSocketDebuggerUrl").getAsString();
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("chromium shows no page target");
    }

    /** Calls a DevTools method and waits for its result. */
    JsonObject call(String method, JsonObject params) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        calls.put(id, answer);
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
        JsonObject result = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (result.has("error")) {
            throw new IOException(method + " failed: " + result.get("error"));
        }
        return result.getAsJsonObject("result");
    }

    /** The value of a JavaScript expression in the page (a string, number or boolean), or null. */
    JsonElement evaluate(String expression) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IOException("the page threw: " + result.get("exceptionDetails"));
        }
        JsonObject value = result.getAsJsonObject("result");
        return value.has("value") ? value.get("value") : null;
    }

    String text(String expression) throws Exception {
        JsonElement value = evaluate(expression);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    void screenshot(Path file) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        params.addProperty("captureBeyondViewport", true);
        String data = call("Page.captureScreenshot", params).get("data").getAsString();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data));
    }

    private void answered(JsonObject message) {
        if (message.has("id")) {
            CompletableFuture<JsonObject> call = calls.remove(message.get("id").getAsLong());
            if (call != null) {
                call.complete(message);
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gathers each text message (it may come in parts, a screenshot in many) and hands it on whole. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<JsonObject> onMessage;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<JsonObject> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String whole = partial.toString();
                partial.setLength(0);
                onMessage.accept(JsonParser.parseString(whole).getAsJsonObject());
            }
            socket.request(1);
            return null;
        }
    }

    /** {@code text} as a JavaScript string literal. */
    static String quote(String text) {
        return new com.google.gson.JsonPrimitive(text).toString();
    }
}
