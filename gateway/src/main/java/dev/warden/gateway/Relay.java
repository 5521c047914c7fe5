package dev.warden.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction of a tunnel: bytes read here are written to the peer. Back-pressure as in
 * Netty's proxy example: when the peer cannot take more, this side stops reading until the peer
 * drains. Closing either side flushes and closes the other.
 */
final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final AtomicLong counter;
    private final Runnable onClose;

    /**
     * @param counter where the bytes read on this side are counted
     * @param onClose run once this side has closed
     */
    Relay(Channel peer, AtomicLong counter, Runnable onClose) {
        this.peer = peer;
        this.counter = counter;
        this.onClose = onClose;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ByteBuf bytes = (ByteBuf) message;
        counter.addAndGet(bytes.readableBytes());
        peer.writeAndFlush(bytes).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                ctx.close();
            }
        });
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeOnFlush(peer);
        onClose.run();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
