package dev.warden.gateway;

import dev.warden.gateway.Responses.ProxyError;
import dev.warden.gateway.http.Authority;
import dev.warden.model.decision.Decision;
import dev.warden.model.net.IpAddress;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CONNECT tunnel after the policy admitted it. For TLS the client gets its 200 first, and the
 * gateway reads the ClientHello before it dials anything: the SNI must name the host that was
 * checked, or the tunnel is refused without an upstream connection (domain fronting, §14). For
 * plain TCP, which a record must allow explicitly, the gateway dials first so a failure can
 * still be answered with 502 or 504.
 */
final class Tunnel {
    static final long CLIENT_HELLO_TIMEOUT_MILLIS = 10_000;

    private final GatewayContext context;
    private final ChannelHandlerContext proxy;
    private final Channel client;
    private final Exchange exchange;
    private final Decision decision;
    private final Authority target;
    private final IpAddress address;
    private final AtomicInteger openSides = new AtomicInteger(2);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean refused = new AtomicBoolean();
    private volatile boolean relaying;

    Tunnel(GatewayContext context, ChannelHandlerContext proxy, Exchange exchange, Decision decision,
            Authority target, IpAddress address) {
        this.context = context;
        this.proxy = proxy;
        this.client = proxy.channel();
        this.exchange = exchange;
        this.decision = decision;
        this.target = target;
        this.address = address;
    }

    void open(boolean expectTls) {
        context.metrics().tunnelOpened();
        // Whatever ends the tunnel before relaying starts (a ClientHello that never comes, a
        // refused SNI, a failed dial), the exchange is audited once.
        client.closeFuture().addListener(closed -> {
            if (!relaying) {
                end();
            }
        });
        if (expectTls) {
            exchange.protocol = "tls";
            established();
            client.pipeline().addAfter(GatewayServer.DECODER, "sni", new SniGate(this));
            leaveHttp();
            client.config().setAutoRead(true);
        } else {
            exchange.protocol = "tcp";
            connectUpstream().addListener(connected -> {
                if (!connected.isSuccess()) {
                    failBeforeEstablished(connected.cause());
                    return;
                }
                Channel upstream = (Channel) connected.getNow();
                established();
                leaveHttp();
                relay(upstream);
            });
        }
    }

    /** Called with the ClientHello's server name (null when absent or not TLS); null means go ahead. */
    String refusal(String serverName) {
        exchange.serverName = serverName;
        if (serverName == null) {
            return target.isLiteral() ? null
                    : "the TLS ClientHello for " + target.display() + " carries no SNI, so the host cannot be checked";
        }
        String normalised;
        try {
            normalised = dev.warden.model.net.Hostname.parse(serverName).ascii();
        } catch (IllegalArgumentException e) {
            return "the TLS SNI \"" + serverName + "\" of CONNECT " + target.display() + " is not a host name ("
                    + e.getMessage() + "), so it cannot be checked";
        }
        if (target.isLiteral() || !normalised.equals(target.name().ascii())) {
            return "domain fronting refused: CONNECT " + target.display() + " but the TLS SNI is " + serverName;
        }
        return null;
    }

    /** The SNI did not match: nothing was dialled; audit the denial and drop the client. */
    void refuse(String reason) {
        if (!refused.compareAndSet(false, true)) {
            return; // Netty may ask again while the close is in flight: decide and count once
        }
        exchange.decision = Decision.deny(decision.dependency(), reason);
        context.metrics().decided(exchange.decision);
        client.close();
    }

    Future<Channel> connectUpstream() {
        Promise<Channel> connected = client.eventLoop().newPromise();
        Dialer.dial(context, client.eventLoop(), decision, address, target.port(), false,
                () -> new ChannelHandler[] {new Relay(client, exchange.destinationBytes, this::sideClosed)})
                .addListener((ChannelFutureListener) done -> {
                    if (done.isSuccess()) {
                        exchange.natIp = Dialer.localAddressOf(done.channel());
                        connected.setSuccess(done.channel());
                    } else {
                        connected.setFailure(done.cause());
                    }
                });
        return connected;
    }

    /** Both sides relay from now on; bytes already buffered on the client side follow. */
    void relay(Channel upstream) {
        relaying = true;
        long idle = Timeouts.idle(decision, context.config()).toMillis();
        ChannelPipeline pipeline = client.pipeline();
        pipeline.replace(GatewayServer.IDLE, GatewayServer.IDLE, new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        pipeline.addLast("relay", new Relay(upstream, exchange.sourceBytes, this::sideClosed));
        upstream.config().setAutoRead(true);
        client.config().setAutoRead(true);
    }

    /** Called by the SNI gate when dialling failed after the client already had its 200. */
    void failAfterEstablished(Throwable cause) {
        exchange.status = cause instanceof ConnectTimeoutException ? 504 : 502;
        client.close();
    }

    private void established() {
        exchange.status = 200;
        proxy.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection Established"), Unpooled.EMPTY_BUFFER));
    }

    /** Takes the HTTP codec and the proxy handler out: the connection is a byte pipe now. */
    private void leaveHttp() {
        ChannelPipeline pipeline = client.pipeline();
        pipeline.remove(GatewayServer.ENCODER);
        pipeline.remove(GatewayServer.DECODER);
        pipeline.remove(ProxyHandler.NAME);
    }

    private void failBeforeEstablished(Throwable cause) {
        boolean timeout = cause instanceof ConnectTimeoutException;
        HttpResponseStatus status = timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY;
        exchange.status = status.code();
        String message = timeout ? "timed out connecting to " + target.display()
                : "cannot connect to " + target.display() + ": " + cause.getMessage();
        proxy.writeAndFlush(Responses.error(status, timeout ? ProxyError.CONNECTION_TIMEOUT : ProxyError.CONNECTION_REFUSED,
                message)).addListener(ChannelFutureListener.CLOSE);
    }

    private void sideClosed() {
        if (openSides.decrementAndGet() == 0) {
            end();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            context.budgets().release(decision);
            exchange.finish(exchange.decision.admits() && exchange.status == 200);
            context.metrics().tunnelClosed();
            context.draining().ended();
        }
    }
}
