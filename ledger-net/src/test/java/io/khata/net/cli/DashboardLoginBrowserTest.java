package io.khata.net.cli;

import static io.khata.net.cli.DashboardBrowserTest.awaitValue;
import static io.khata.net.cli.DashboardBrowserTest.height;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium against a node whose API asks for a bearer token (node.json's
 * {@code api_token_sha256}, read by the same loader and server as {@code khata node}): the page
 * shows its login form, refuses a wrong token, logs in with the right one through the form, then
 * follows the chain with its session cookie alone; the cookie is out of the page's reach, the token
 * is in no URL and no storage; logging out brings the form back and the node refuses the page.
 * Skipped without Chromium as {@link DashboardBrowserTest} is.
 */
class DashboardLoginBrowserTest {
    private static final String TOKEN = "dashboard-login-test-token-5b1e07";

    @TempDir
    Path dir;

    @Test
    void thePageLogsInThroughItsFormAndFollowsTheChainWithTheSessionCookie() throws Exception {
        Path binary = DashboardBrowserTest.browser();
        try (PortBlock ports = PortBlock.reserveForTest(2)) {
            Testnet.create(dir, 1, ports.base(), false);
            Path nodeJson = Testnet.nodeHome(dir, 0).resolve("node.json");
            String json = Files.readString(nodeJson).strip();
            Files.writeString(nodeJson, json.substring(0, json.length() - 1) + ", \"api_token_sha256\": [\""
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)))
                    + "\"]}");
            try (LocalCluster cluster = LocalCluster.start(dir, 1, ports)) {
                String url = "http://127.0.0.1:" + Testnet.apiPort(ports.base(), 0) + "/";
                try (HeadlessChromium page = HeadlessChromium.launch(binary, url, dir.resolve("profile"),
                        Path.of("target", "chromium-login.log"))) {
                    check(page, url);
                }
            }
        }
    }

    private void check(HeadlessChromium page, String url) throws Exception {
        awaitValue(() -> page.text("String(!(document.getElementById('login') || {hidden: true}).hidden)"),
                "true"::equals, "the login form");
        assertEquals("login needed", page.text("document.getElementById('health').textContent"));
        assertEquals("-", page.text("document.getElementById('height').textContent"), "no data before the login");

        logIn(page, "not-" + TOKEN);
        awaitValue(() -> page.text("document.getElementById('login-error').textContent"),
                text -> text.contains("does not accept"), "the wrong token refused");

        logIn(page, TOKEN);
        awaitValue(() -> page.text("String(document.getElementById('login').hidden)"), "true"::equals,
                "the form gone after the login");
        long first = awaitValue(() -> height(page), h -> h > 0, "a height on the page");
        awaitValue(() -> height(page), h -> h >= first + 3, "the height on the page to advance");
        awaitValue(() -> page.text("document.getElementById('stream').textContent"), "events: live"::equals,
                "the event stream open with the cookie");

        assertEquals("", page.text("document.cookie"), "the session cookie is HttpOnly");
        assertEquals(url, page.text("location.href"), "no token in the URL");
        assertEquals("0", page.text("String(localStorage.length + sessionStorage.length)"), "nothing stored");
        assertEquals("", page.text("document.getElementById('token').value"), "the field is emptied");
        page.screenshot(Path.of("target", "dashboard-login.png"));

        page.evaluate("document.getElementById('logout').click()");
        awaitValue(() -> page.text("String(!document.getElementById('login').hidden)"), "true"::equals,
                "the login form after logging out");
        assertEquals("401", page.text("fetch('/status').then(r => String(r.status))"), "the session is closed");
    }

    private static void logIn(HeadlessChromium page, String token) throws Exception {
        page.evaluate("document.getElementById('token').value = " + HeadlessChromium.quote(token)
                + "; document.getElementById('login-form').requestSubmit(); true");
    }
}
