package dev.warden.gateway;

import dev.warden.model.finding.Finding;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The admin listener: liveness, readiness (a valid registry, not draining), Prometheus metrics,
 * and a manual reload. Kept off the proxy port so policy never applies to operators' probes.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final GatewayContext context;

    AdminHandler(GatewayContext context) {
        this.context = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri().split("\\?", 2)[0];
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        switch (path) {
            case "/healthz" -> reply(ctx, keepAlive, HttpResponseStatus.OK, "text/plain", "ok\n");
            case "/readyz" -> {
                boolean ready = context.registry().current() != null && !context.draining().isDraining();
                reply(ctx, keepAlive, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain", ready ? "ready\n" : "not ready\n");
            }
            case "/metrics" -> reply(ctx, keepAlive, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    context.metrics().scrape());
            case "/reload" -> {
                if (!HttpMethod.POST.equals(request.method())) {
                    reply(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "use POST /reload\n");
                    return;
                }
                CompletableFuture.supplyAsync(() -> context.registry().reload()).whenComplete((outcome, failure) ->
                        ctx.executor().execute(() -> {
                            if (failure != null) {
                                reply(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain",
                                        "reload failed: " + failure.getMessage() + "\n");
                            } else if (outcome.applied()) {
                                reply(ctx, keepAlive, HttpResponseStatus.OK, "text/plain", "reloaded\n");
                            } else {
                                StringBuilder body = new StringBuilder("refused; the previous registry keeps serving\n");
                                outcome.errors().stream().map(Finding::toString).forEach(line -> body.append(line).append('\n'));
                                reply(ctx, keepAlive, HttpResponseStatus.UNPROCESSABLE_ENTITY, "text/plain", body.toString());
                            }
                        }));
            }
            default -> reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain",
                    "not found; try /healthz, /readyz, /metrics or POST /reload\n");
        }
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type,
            String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
