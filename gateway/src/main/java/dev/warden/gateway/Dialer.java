package dev.warden.gateway;

import dev.warden.runtime.Transports;
import dev.warden.model.decision.Decision;
import dev.warden.model.net.IpAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Opens upstream connections the same way for forwarded requests and tunnels: on the client's
 * own event loop (no thread hop on the relay path), with the record's connect and idle
 * timeouts, and with the connect latency recorded.
 */
final class Dialer {
    private Dialer() {}

    /**
     * Dials exactly {@code address:port}; {@code handlers} supplies the pipeline after the idle
     * handler. The connection starts reading only if {@code autoRead}.
     */
    static ChannelFuture dial(GatewayContext context, EventLoop loop, Decision decision, IpAddress address, int port,
            boolean autoRead, Supplier<ChannelHandler[]> handlers) {
        long started = System.nanoTime();
        long idle = Timeouts.idle(decision, context.config()).toMillis();
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(Transports.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Timeouts.connect(decision, context.config()).toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, autoRead)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
                        channel.pipeline().addLast(handlers.get());
                    }
                })
                .connect(address.toInetAddress(), port);
        connecting.addListener((ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                context.metrics().upstreamConnected(System.nanoTime() - started);
                context.metrics().upstreamOpened(decision.rule(), address.toString(), port, done.channel());
            }
        });
        return connecting;
    }

    /** The gateway's own address on an upstream connection: what the destination sees. */
    static String localAddressOf(Channel channel) {
        return channel.localAddress() instanceof InetSocketAddress local ? local.getAddress().getHostAddress() : null;
    }
}
