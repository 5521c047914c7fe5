package dev.warden.runtime;

import dev.warden.model.finding.Finding;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The admin listener of a serving verb: liveness, readiness (a valid registry, not draining),
 * Prometheus metrics, a manual reload, and the verb's own read-only pages. Kept off the serving
 * port so policy never applies to operators' probes.
 */
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** A read-only page: its content type and a body computed on each request. */
    public record Page(String contentType, Supplier<String> body) {}

    private final RegistrySource registry;
    private final BooleanSupplier draining;
    private final Map<String, Page> pages;

    private AdminHandler(RegistrySource registry, BooleanSupplier draining, Map<String, Page> pages) {
        this.registry = registry;
        this.draining = draining;
        this.pages = pages;
    }

    /**
     * Starts the admin listener on {@code address}.
     *
     * @param metrics the Prometheus exposition, served at /metrics
     * @param pages further GET pages by path
     */
    public static Channel bind(EventLoopGroup acceptors, EventLoopGroup workers, InetSocketAddress address,
            RegistrySource registry, BooleanSupplier draining, Supplier<String> metrics, Map<String, Page> pages)
            throws InterruptedException {
        Map<String, Page> all = new LinkedHashMap<>();
        all.put("/metrics", new Page("text/plain; version=0.0.4; charset=utf-8", metrics));
        all.putAll(pages);
        Map<String, Page> frozen = Map.copyOf(all);
        return new ServerBootstrap()
                .group(acceptors, workers)
                .channel(Transports.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new AdminHandler(registry, draining, frozen));
                    }
                })
                .bind(address)
                .sync()
                .channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri().split("\\?", 2)[0];
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Page page = pages.get(path);
        if (page != null) {
            reply(ctx, keepAlive, HttpResponseStatus.OK, page.contentType(), page.body().get());
            return;
        }
        switch (path) {
            case "/healthz" -> reply(ctx, keepAlive, HttpResponseStatus.OK, "text/plain", "ok\n");
            case "/readyz" -> {
                boolean ready = registry.current() != null && !draining.getAsBoolean();
                reply(ctx, keepAlive, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain", ready ? "ready\n" : "not ready\n");
            }
            case "/reload" -> reload(ctx, request, keepAlive);
            default -> reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain",
                    "not found; try /healthz, /readyz, " + String.join(", ", pages.keySet().stream().sorted().toList())
                            + " or POST /reload\n");
        }
    }

    private void reload(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        if (!HttpMethod.POST.equals(request.method())) {
            reply(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "use POST /reload\n");
            return;
        }
        CompletableFuture.supplyAsync(registry::reload).whenComplete((outcome, failure) -> ctx.executor().execute(() -> {
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
