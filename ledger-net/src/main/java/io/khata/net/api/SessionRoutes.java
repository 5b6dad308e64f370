package io.khata.net.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;

/**
 * {@code POST /session} opens a browser session for the caller's credential and answers it as a
 * cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/,
 * Secure when the API speaks TLS, ending with the session. The dashboard's login form sends the
 * token once, in the Authorization header of that request; the token is never in a URL, a
 * cookie or the page's storage. A session cannot open another, so it ends when it ends.
 * {@code DELETE /session} closes the caller's session and clears the cookie.
 */
final class SessionRoutes {
    private SessionRoutes() {
    }

    static void answer(ChannelHandlerContext context, FullHttpRequest request, ApiSecurity security,
                       AccessGuard.Credential credential, boolean keepAlive) throws ApiException {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.POST)) {
            if (credential == AccessGuard.Credential.SESSION) {
                throw AccessGuard.unauthorized("a session is opened with a bearer token or a client certificate,"
                        + " not with another session");
            }
            String id = security.sessions().open();
            reply(context, cookie(id, security.sessions().lifetimeSeconds(), security), keepAlive);
        } else if (method.equals(HttpMethod.DELETE)) {
            security.sessions().close(AccessGuard.sessionCookie(request));
            reply(context, cookie("", 0, security), keepAlive);
        } else {
            throw new ApiException(405, "method_not_allowed", method + " is not allowed here; use POST or DELETE");
        }
    }

    private static String cookie(String value, long maxAgeSeconds, ApiSecurity security) {
        return Sessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (security.tls() != null ? "; Secure" : "");
    }

    private static void reply(ChannelHandlerContext context, String setCookie, boolean keepAlive) {
        HttpReplies.empty(context, 204, Map.of("Set-Cookie", setCookie, "Cache-Control", "no-store"), keepAlive);
    }
}
