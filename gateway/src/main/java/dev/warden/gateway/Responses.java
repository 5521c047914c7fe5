package dev.warden.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The responses the gateway writes itself. Each says in one line what happened, and carries an
 * RFC 9209 Proxy-Status header so clients and tools can tell a gateway refusal from an origin's.
 */
final class Responses {
    /** RFC 9209 proxy error types used by the gateway. */
    enum ProxyError {
        HTTP_REQUEST_ERROR("http_request_error"),
        HTTP_REQUEST_DENIED("http_request_denied"),
        DESTINATION_IP_PROHIBITED("destination_ip_prohibited"),
        DNS_ERROR("dns_error"),
        CONNECTION_REFUSED("connection_refused"),
        CONNECTION_TIMEOUT("connection_timeout"),
        PROXY_INTERNAL_ERROR("proxy_internal_error"),
        CONNECTION_LIMIT_REACHED("connection_limit_reached"),
        PROXY_CONFIGURATION_ERROR("proxy_configuration_error");

        final String token;

        ProxyError(String token) {
            this.token = token;
        }
    }

    private Responses() {}

    /** 503 for a spent connection budget: the client may retry after {@code seconds}. */
    static FullHttpResponse overBudget(String message, long seconds) {
        FullHttpResponse response = error(HttpResponseStatus.SERVICE_UNAVAILABLE, ProxyError.CONNECTION_LIMIT_REACHED, message);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
        return response;
    }

    static FullHttpResponse error(HttpResponseStatus status, ProxyError error, String message) {
        String line = message.replace('\r', ' ').replace('\n', ' ') + "\n";
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set("Proxy-Status", "warden; error=" + error.token + "; details=\"" + quoted(message) + "\"");
        return response;
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return out.toString();
    }
}
