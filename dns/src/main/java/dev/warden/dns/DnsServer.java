package dev.warden.dns;

import dev.warden.runtime.AdminHandler;
import dev.warden.runtime.AuditTrail;
import dev.warden.runtime.RegistrySource;
import dev.warden.runtime.Transports;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listener: UDP and TCP on one port (RFC 7766: TCP is not optional — it is how a
 * truncated answer is fetched), both feeding one {@link PolicyResolver}. Runs on its own or
 * inside the gateway process, sharing the gateway's registry and event loops.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    /** RFC 7766 §6.2.3: servers close idle TCP connections; a few seconds is the usual choice. */
    private static final int TCP_IDLE_SECONDS = 10;
    private static final int TCP_LENGTH_FIELD = 2;
    private static final Duration NFTABLES_REFRESH = Duration.ofHours(1);
    /** Read whole even when over the 512-byte query limit, so an oversized query gets its FORMERR. */
    private static final int MAX_DATAGRAM = 4096;

    private final DnsConfig config;
    private final Upstream upstream;
    private final ZoneSource zone;
    private final Observations observations;
    private final AuditTrail log;
    private final ScheduledExecutorService writer;
    private final List<Channel> udp;
    private final Channel tcp;

    private DnsServer(DnsConfig config, ZoneSource zone, Upstream upstream, Observations observations,
            AuditTrail log, ScheduledExecutorService writer, List<Channel> udp, Channel tcp) {
        this.config = config;
        this.zone = zone;
        this.upstream = upstream;
        this.observations = observations;
        this.log = log;
        this.writer = writer;
        this.udp = udp;
        this.tcp = tcp;
    }

    /**
     * Starts answering on {@code config.listen()}.
     *
     * @param registry the registry in force (shared with the gateway when both run in one process)
     * @param acceptors the event loops that accept TCP connections
     * @param workers the event loops that serve queries and talk to the upstream
     * @param meters where the resolver's metrics are registered
     */
    public static DnsServer start(DnsConfig config, RegistrySource registry, EventLoopGroup acceptors,
            EventLoopGroup workers, MeterRegistry meters, Clock clock) throws InterruptedException {
        ZoneSource zone = ZoneSource.load(config.zoneFile());
        AnswerCache cache = new AnswerCache(config.ttlFloor(), config.ttlCeiling(), config.negativeTtlCeiling(),
                config.cacheEntries(), System::nanoTime);
        DnsMetrics metrics = new DnsMetrics(meters, cache::size);
        Upstream upstream = new Upstream(workers.next(), config.upstream(), config.upstreamTimeout(),
                metrics::upstreamLatency);
        Observations observations = new Observations(clock::instant);
        AuditTrail log = AuditTrail.open(config.log(), config.logFileMaxBytes(), config.logFilesKept(),
                config.logQueueCapacity());
        metrics.queryLogGauges(log::queueDepth, log::dropped);
        PolicyResolver resolver = new PolicyResolver(config, registry, zone, cache, upstream, observations, log, metrics);
        Bootstrap datagrams = new Bootstrap()
                .group(workers)
                .channel(Transports.datagramChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new UdpHandler(resolver, clock));
                    }
                });
        Transports.datagramServer(datagrams, MAX_DATAGRAM);
        List<Channel> udp = new ArrayList<>();
        udp.add(datagrams.bind(config.listen()).sync().channel());
        InetSocketAddress bound = (InetSocketAddress) udp.getFirst().localAddress();
        Channel tcp;
        try {
            for (int i = 1; i < Transports.datagramSockets(); i++) {
                udp.add(datagrams.bind(bound).sync().channel());
            }
            tcp = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(Transports.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline()
                                    .addLast(new IdleStateHandler(0, 0, TCP_IDLE_SECONDS, TimeUnit.SECONDS))
                                    .addLast(new LengthFieldBasedFrameDecoder(ResponseWriter.TCP_MAX, 0, TCP_LENGTH_FIELD, 0,
                                            TCP_LENGTH_FIELD))
                                    .addLast(new LengthFieldPrepender(TCP_LENGTH_FIELD))
                                    .addLast(new TcpHandler(resolver, clock));
                        }
                    })
                    .bind(bound)
                    .sync()
                    .channel();
        } catch (RuntimeException | InterruptedException e) {
            udp.forEach(channel -> channel.close().syncUninterruptibly());
            throw e;
        }
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "warden-dns-observations");
            thread.setDaemon(true);
            return thread;
        });
        DnsServer server = new DnsServer(config, zone, upstream, observations, log, writer, udp, tcp);
        if (config.nftablesFile() != null) {
            writer.scheduleWithFixedDelay(server::writeNftables, 0, 1, TimeUnit.SECONDS);
        }
        writer.scheduleWithFixedDelay(observations::prune, 1, 1, TimeUnit.MINUTES);
        LOG.info("warden dns listening on {} (udp and tcp), upstream {}, zone {}", bound,
                config.upstream() == null ? "from /etc/resolv.conf" : config.upstream(),
                config.zoneFile() == null ? "none" : config.zoneFile());
        return server;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getFirst().localAddress();
    }

    /** Re-reads the zone file if it changed; a file with errors is refused and logged. */
    public void reloadZoneIfChanged() {
        zone.reloadIfChanged();
    }

    public Observations observations() {
        return observations;
    }

    /** The admin pages of the observations: JSON for people and tools, nftables for a node. */
    public Map<String, AdminHandler.Page> adminPages() {
        return Map.of(
                "/observations", new AdminHandler.Page("application/json", observations::json),
                "/observations.nft", new AdminHandler.Page("text/plain", observations::nftables));
    }

    private long writtenVersion = -1;
    private long writtenAtNanos;

    /**
     * Rewrites the nftables file atomically (write, then rename) when observations changed, and
     * hourly regardless, so elements capped at a day's timeout are renewed while still valid.
     */
    private void writeNftables() {
        long version = observations.version();
        if (version == writtenVersion && System.nanoTime() - writtenAtNanos < NFTABLES_REFRESH.toNanos()) {
            return;
        }
        Path target = config.nftablesFile();
        try {
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(temporary, observations.nftables());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writtenVersion = version;
            writtenAtNanos = System.nanoTime();
        } catch (IOException e) {
            LOG.warn("cannot write the nftables observations to {}: {}", target, e.getMessage());
        }
    }

    /** Stops listening and flushes the query log; the event loops belong to the caller. */
    @Override
    public void close() {
        udp.forEach(channel -> channel.close().syncUninterruptibly());
        tcp.close().syncUninterruptibly();
        writer.shutdownNow();
        if (config.nftablesFile() != null) {
            writtenVersion = -1;
            writeNftables();
        }
        upstream.close();
        log.close();
    }

    /** Hands each received message to the resolver with a way to answer it. */
    private abstract static class Listener<T> extends SimpleChannelInboundHandler<T> {
        private final PolicyResolver resolver;
        private final Clock clock;

        Listener(Class<T> messageType, PolicyResolver resolver, Clock clock) {
            super(messageType);
            this.resolver = resolver;
            this.clock = clock;
        }

        void handle(ChannelHandlerContext ctx, ByteBuf message, InetSocketAddress sender, boolean udp,
                Consumer<ByteBuf> reply) {
            resolver.handle(message, new PolicyResolver.Exchange(sender, udp ? "udp" : "tcp", udp, ctx.alloc(), reply,
                    clock.instant(), System.nanoTime()));
        }
    }

    /**
     * One per UDP socket. Answers computed while a batch of datagrams is being read (the cache
     * and the zone answer at once) are written then and flushed together when the batch ends, so
     * the kernel gets them in one sendmmsg instead of one system call each.
     */
    private static final class UdpHandler extends Listener<DatagramPacket> {
        private boolean reading;
        private boolean unflushed;

        UdpHandler(PolicyResolver resolver, Clock clock) {
            super(DatagramPacket.class, resolver, clock);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            reading = true;
            InetSocketAddress sender = packet.sender();
            handle(ctx, packet.content(), sender, true, response -> reply(ctx, new DatagramPacket(response, sender)));
        }

        private void reply(ChannelHandlerContext ctx, DatagramPacket response) {
            if (reading && ctx.executor().inEventLoop()) {
                ctx.write(response);
                unflushed = true;
            } else {
                ctx.writeAndFlush(response);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            reading = false;
            if (unflushed) {
                unflushed = false;
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("dns udp listener: {}", cause.toString()); // a UDP socket serves everyone: keep it open
        }
    }

    private static final class TcpHandler extends Listener<ByteBuf> {
        TcpHandler(PolicyResolver resolver, Clock clock) {
            super(ByteBuf.class, resolver, clock);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf message) {
            Channel channel = ctx.channel();
            handle(ctx, message, (InetSocketAddress) channel.remoteAddress(), false, channel::writeAndFlush);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
