package dev.warden.runtime;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Linux epoll where the native transport loads, Java NIO elsewhere; both sides use the same. */
public final class Transports {
    private static final boolean EPOLL = Epoll.isAvailable();

    private Transports() {}

    public static EventLoopGroup group(int threads) {
        return EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends DatagramChannel> datagramChannel() {
        return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * How many UDP sockets one listener should bind on the same address: one per core with
     * epoll's SO_REUSEPORT, so the kernel spreads datagrams over event loops; one with NIO.
     */
    public static int datagramSockets() {
        return EPOLL ? Runtime.getRuntime().availableProcessors() : 1;
    }

    /**
     * Sets up a datagram server: with epoll, several sockets may share its address
     * (SO_REUSEPORT) and each read takes a batch of up to 16 datagrams of at most
     * {@code maxDatagram} bytes in one recvmmsg call.
     */
    public static void datagramServer(Bootstrap bootstrap, int maxDatagram) {
        bootstrap.option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024);
        if (EPOLL) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(16 * maxDatagram));
        }
    }

    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }
}
