package dev.warden.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * Behind an L4 load balancer the TCP peer is the balancer; its PROXY protocol header names the
 * real client, which is who must be identified and audited. A LOCAL header (the balancer's own
 * health check) leaves the peer address as it is.
 */
final class ProxyProtocolSource extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<InetSocketAddress> CLIENT = AttributeKey.valueOf("warden.client");

    /** The address of the client behind {@code channel}: from its PROXY header, else the peer. */
    static InetSocketAddress clientOf(Channel channel) {
        InetSocketAddress announced = channel.attr(CLIENT).get();
        return announced != null ? announced : (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HAProxyMessage header) {
            try {
                if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                    ctx.channel().attr(CLIENT).set(new InetSocketAddress(header.sourceAddress(), header.sourcePort()));
                }
            } finally {
                header.release();
            }
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelRead(message);
    }
}
