package dev.warden.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;

/**
 * Reads the TLS ClientHello at the start of a CONNECT tunnel without terminating TLS, checks its
 * SNI against the CONNECT target, and only then dials the destination. Netty's ClientHello
 * parser holds the bytes meanwhile; once the upstream is connected the gate steps aside and the
 * held ClientHello is the first thing relayed.
 */
final class SniGate extends AbstractSniHandler<Channel> {
    private final Tunnel tunnel;

    SniGate(Tunnel tunnel) {
        super(Tunnel.CLIENT_HELLO_TIMEOUT_MILLIS);
        this.tunnel = tunnel;
    }

    @Override
    protected Future<Channel> lookup(ChannelHandlerContext ctx, String hostname) {
        String refusal = tunnel.refusal(hostname);
        if (refusal != null) {
            return ctx.executor().newFailedFuture(new RefusedServerName(refusal));
        }
        return tunnel.connectUpstream();
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<Channel> future) {
        if (future.isSuccess()) {
            tunnel.relay(future.getNow());
            ctx.pipeline().remove(this); // forwards the held ClientHello to the relay behind it
        } else if (future.cause() instanceof RefusedServerName refused) {
            tunnel.refuse(refused.getMessage());
        } else {
            tunnel.failAfterEstablished(future.cause());
        }
    }

    /** The SNI check's refusal, carried through Netty's lookup future. */
    private static final class RefusedServerName extends Exception {
        RefusedServerName(String message) {
            super(message, null, false, false);
        }
    }
}
