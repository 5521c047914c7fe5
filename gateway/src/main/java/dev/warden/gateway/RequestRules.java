package dev.warden.gateway;

import dev.warden.gateway.http.Authority;
import dev.warden.model.decision.Decision;
import dev.warden.model.decision.Verdict;
import dev.warden.model.registry.AppProtocol;
import dev.warden.model.net.InvalidValueException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a forward proxy accepts from a client and what it passes on (RFC 9110, RFC 9112): the
 * request-smuggling shapes refused before anything is forwarded, the absolute-URI target, and
 * the hop-by-hop headers that stop here.
 */
final class RequestRules {
    /** Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus proxy ones. */
    private static final List<CharSequence> HOP_BY_HOP = List.of(
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, "proxy-connection",
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, "http2-settings");

    private RequestRules() {}

    /** Why the request must be refused with 400 before any decision, or null. */
    static String violation(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1) {
            return "only HTTP/1.x requests are proxied, not " + version.text();
        }
        HttpHeaders headers = request.headers();
        List<String> transferEncodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!transferEncodings.isEmpty()) {
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return "both Transfer-Encoding and Content-Length: the body's length is ambiguous";
            }
            if (transferEncodings.size() > 1 || !transferEncodings.getFirst().trim().equalsIgnoreCase("chunked")) {
                return "Transfer-Encoding must be exactly \"chunked\", not " + String.join(", ", transferEncodings);
            }
            if (version.minorVersion() == 0) {
                return "Transfer-Encoding in an HTTP/1.0 request";
            }
        }
        if (headers.getAll(HttpHeaderNames.HOST).size() > 1) {
            return "more than one Host header";
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            return null;
        }
        if (version.minorVersion() == 1 && !headers.contains(HttpHeaderNames.HOST)) {
            return "an HTTP/1.1 request needs a Host header";
        }
        if ("PRI".equals(request.method().name())) {
            return "HTTP/2 prior knowledge is not proxied";
        }
        return null;
    }

    /**
     * The destination of an absolute-form request ({@code GET http://host:port/path}), which must
     * agree with its Host header. Only http: is forwarded; https: goes through CONNECT.
     */
    static Authority forwardTarget(HttpRequest request) {
        String uri = request.uri();
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            throw new InvalidValueException("must be an absolute URI (http://host/path): this is a forward proxy");
        }
        String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new InvalidValueException("has scheme " + scheme + ": only http:// is forwarded; use CONNECT for https");
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < uri.length() && "/?#".indexOf(uri.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = uri.substring(authorityStart, authorityEnd);
        if (authority.isEmpty() || authority.contains("@")) {
            throw new InvalidValueException(authority.isEmpty() ? "has no host" : "carries user credentials, which are refused");
        }
        Authority target = Authority.parseHostHeader(authority, 80);
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host != null) {
            Authority stated;
            try {
                stated = Authority.parseHostHeader(host, 80);
            } catch (InvalidValueException e) {
                throw new InvalidValueException("has a Host header that " + e.getMessage());
            }
            if (!stated.equals(target)) {
                throw new InvalidValueException(target.display() + " disagrees with its Host header " + stated.display());
            }
        }
        return target;
    }

    /** The request as the origin must see it: origin-form target, no hop-by-hop headers, a Via. */
    static HttpRequest toOrigin(HttpRequest request, String via) {
        String uri = request.uri();
        int pathStart = uri.indexOf('/', uri.indexOf("://") + 3);
        int queryStart = uri.indexOf('?', uri.indexOf("://") + 3);
        String originForm = pathStart >= 0 && (queryStart < 0 || pathStart < queryStart)
                ? uri.substring(pathStart)
                : queryStart >= 0 ? "/" + uri.substring(queryStart) : "/";
        int fragment = originForm.indexOf('#');
        if (fragment >= 0) {
            originForm = originForm.substring(0, fragment);
        }
        HttpHeaders headers = request.headers().copy();
        stripHopByHop(headers);
        headers.remove(HttpHeaderNames.EXPECT); // the gateway answered 100-continue itself
        headers.add(HttpHeaderNames.VIA, via);
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), originForm, headers);
    }

    /**
     * The decision, unless the request's method does not fit the record's protocol: an HTTP
     * record is served by forwarding, where each request is seen and audited, so a CONNECT
     * tunnel to it (which would hide them) is refused; an HTTPS, TLS or TCP record needs a
     * tunnel, so a plain forward request to it is refused. Records of unknown protocol
     * (report-only verdicts, decisions without a record) pass as decided.
     */
    static Decision fitsProtocol(Decision decision, boolean connect, Authority target) {
        if (decision.verdict() != Verdict.ALLOW || decision.dependency() == null) {
            return decision;
        }
        AppProtocol protocol = decision.dependency().spec().protocol();
        if (connect && protocol == AppProtocol.HTTP) {
            return Decision.deny(decision.dependency(), "record " + decision.rule() + " allows " + target.display()
                    + " for plain HTTP only: send the request itself through the proxy (http:// URL), not a CONNECT"
                    + " tunnel, so it can be audited");
        }
        if (!connect && protocol != AppProtocol.HTTP) {
            return Decision.deny(decision.dependency(), "record " + decision.rule() + " allows " + target.display()
                    + " for " + protocol + " only: use a CONNECT tunnel (an https:// URL through the proxy)");
        }
        return decision;
    }

    /** Removes hop-by-hop headers, including those the Connection header names. */
    static void stripHopByHop(HttpHeaders headers) {
        List<String> named = new ArrayList<>();
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                if (!token.isBlank()) {
                    named.add(token.trim());
                }
            }
        }
        boolean chunked = headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
        HOP_BY_HOP.forEach(headers::remove);
        named.forEach(headers::remove);
        if (chunked) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked"); // framing, re-applied by our encoder
        }
    }
}
