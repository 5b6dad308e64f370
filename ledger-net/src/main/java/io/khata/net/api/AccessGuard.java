package io.khata.net.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Decides, before a request is routed, whether it may go on and on what credential. Anyone may
 * call the health checks, {@code /openapi.json} and the dashboard's static files (the page is
 * what asks for a login); every other route, reads and writes alike, needs one of:
 * <ul>
 *   <li>{@code Authorization: Bearer <token>} with an accepted token ({@link BearerTokens});</li>
 *   <li>a client certificate the TLS handshake verified against the configured client CA;</li>
 *   <li>the {@code khata_session} cookie of an open {@link Sessions session}. A request that
 *       changes something (any method but GET) made with the cookie must also carry the
 *       {@value #REQUEST_HEADER} header: the cookie is SameSite=Strict already, and a custom
 *       header is something a cross-site form cannot send and a cross-site script cannot send
 *       without a CORS preflight this server never grants.</li>
 * </ul>
 * A credential that is present and wrong fails the request even if another would pass. Missing
 * or wrong credentials answer 401 ({@code unauthorized}) with {@code WWW-Authenticate: Bearer}.
 */
final class AccessGuard {
    static final String REQUEST_HEADER = "X-Khata-Request";
    private static final String BEARER = "Bearer ";

    enum Credential { NOT_ASKED, BEARER_TOKEN, CLIENT_CERTIFICATE, SESSION }

    private final ApiSecurity security;

    AccessGuard(ApiSecurity security) {
        this.security = security;
    }

    /** Routes anyone may call: liveness and readiness probes, the API document, the dashboard's files. */
    static boolean isPublic(List<String> path) {
        if (path.isEmpty()) {
            return true;
        }
        String first = path.get(0);
        return path.size() == 2 && first.equals("health") || path.size() == 1 && first.equals("openapi.json")
                || first.equals("dashboard");
    }

    Credential check(ChannelHandlerContext context, FullHttpRequest request, List<String> path) throws ApiException {
        if (!security.authenticates() || isPublic(path)) {
            return Credential.NOT_ASKED;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            boolean bearer = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
            if (bearer && security.tokens().accepts(authorization.substring(BEARER.length()).strip())) {
                return Credential.BEARER_TOKEN;
            }
            throw unauthorized(bearer ? "the bearer token is not accepted" : "the Authorization header is not a bearer token");
        }
        if (security.clientCertificates() && hasVerifiedClientCertificate(context)) {
            return Credential.CLIENT_CERTIFICATE;
        }
        String session = sessionCookie(request);
        if (session != null) {
            if (!security.sessions().isOpen(session)) {
                throw unauthorized("the session has ended or is unknown; log in again");
            }
            if (!request.method().equals(HttpMethod.GET) && !request.headers().contains(REQUEST_HEADER)) {
                throw new ApiException(403, "missing_request_header", request.method() + " with a session cookie needs the "
                        + REQUEST_HEADER + " header, which a cross-site page cannot send");
            }
            return Credential.SESSION;
        }
        throw unauthorized("this route needs a bearer token" + (security.clientCertificates()
                ? ", a client certificate" : "") + " or a session");
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    /** The value of the session cookie, or null; a malformed Cookie header counts as none. */
    static String sessionCookie(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        try {
            for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
                if (cookie.name().equals(Sessions.COOKIE)) {
                    return cookie.value();
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static boolean hasVerifiedClientCertificate(ChannelHandlerContext context) {
        SslHandler tls = context.pipeline().get(SslHandler.class);
        if (tls == null) {
            return false;
        }
        try {
            return tls.engine().getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
