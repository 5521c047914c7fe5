package dev.warden.gateway;

import dev.warden.dns.DnsServer;
import dev.warden.gateway.http.StrictRequestDecoder;
import dev.warden.gateway.identity.ProxyCredentials;
import dev.warden.runtime.AdminHandler;
import dev.warden.runtime.AuditTrail;
import dev.warden.runtime.ServingRegistry;
import dev.warden.runtime.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway process: the proxy listener, the admin listener, registry reloads, and an orderly
 * shutdown — stop accepting, let exchanges in flight finish within the grace period, then drain
 * the audit trail so no accepted line is lost.
 */
public final class GatewayServer implements AutoCloseable {
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String IDLE = "idle";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayContext context;
    private final ServingRegistry serving;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final DnsServer dns;
    private Channel listener;
    private Channel admin;

    private GatewayServer(GatewayContext context, ServingRegistry serving, EventLoopGroup acceptors,
            EventLoopGroup workers, DnsServer dns) {
        this.context = context;
        this.serving = serving;
        this.acceptors = acceptors;
        this.workers = workers;
        this.dns = dns;
    }

    private static ProxyCredentials loadCredentials(Path file) {
        try {
            return ProxyCredentials.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proxy credentials " + file, e);
        }
    }

    /**
     * Loads the registry and starts listening.
     *
     * @throws IllegalStateException when the registry has errors: a gateway never starts open
     */
    public static GatewayServer start(GatewayConfig config, Clock clock) throws InterruptedException {
        ServingRegistry serving = ServingRegistry.start(config.registry(), config.podWatch(), clock);
        GatewayMetrics metrics = new GatewayMetrics();
        AuditTrail audit = AuditTrail.open(config.audit(), config.auditFileMaxBytes(), config.auditFilesKept(),
                config.auditQueueCapacity());
        metrics.auditGauges(audit::queueDepth, audit::dropped);
        Resolver resolver = new Resolver(config.hostsFile(), config.upstreamDns());
        serving.alsoPoll(resolver::refreshHosts);
        EventLoopGroup acceptors = Transports.group(1);
        EventLoopGroup workers = Transports.group(0);
        DnsServer dns;
        try {
            dns = config.dns() == null ? null
                    : DnsServer.start(config.dns(), serving.source(), acceptors, workers, metrics.registry(), clock);
        } catch (RuntimeException | InterruptedException e) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            serving.close();
            audit.close();
            throw e;
        }
        if (dns != null) {
            serving.alsoPoll(dns::reloadZoneIfChanged);
        }
        GatewayContext context = new GatewayContext(config, clock, serving.source(), resolver, audit, metrics,
                new Budgets(), config.proxyCredentials() == null ? null : loadCredentials(config.proxyCredentials()),
                new Draining(), dns == null ? null : dns.observations());
        GatewayServer server = new GatewayServer(context, serving, acceptors, workers, dns);
        server.bind();
        return server;
    }

    private void bind() throws InterruptedException {
        listener = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (context.draining().isDraining()) {
                            channel.close();
                            return;
                        }
                        if (context.config().proxyProtocol()) {
                            channel.pipeline()
                                    .addLast(new HAProxyMessageDecoder())
                                    .addLast(new ProxyProtocolSource());
                        }
                        long idle = context.config().idleTimeout().toMillis();
                        channel.pipeline()
                                .addLast(IDLE, new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS))
                                .addLast(DECODER, new StrictRequestDecoder())
                                .addLast(ENCODER, new HttpResponseEncoder())
                                .addLast(ProxyHandler.NAME, new ProxyHandler(context));
                    }
                })
                .bind(context.config().listen())
                .sync()
                .channel();
        admin = AdminHandler.bind(acceptors, workers, context.config().admin(), context.registry(),
                context.draining()::isDraining, context.metrics()::scrape, dns == null ? Map.of() : dns.adminPages());
        LOG.info("warden gateway listening on {} (admin {}, transport {})", listenAddress(), adminAddress(),
                Transports.name());
    }

    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The DNS resolver's address, or null when this gateway runs none. */
    public InetSocketAddress dnsAddress() {
        return dns == null ? null : dns.address();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) admin.localAddress();
    }

    /**
     * Stops accepting, waits up to the grace period for exchanges in flight, closes what remains,
     * and drains the audit trail.
     */
    @Override
    public void close() {
        context.draining().begin();
        listener.close().syncUninterruptibly();
        long deadline = System.nanoTime() + context.config().drainGrace().toNanos();
        while (context.draining().inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (context.draining().inFlight() > 0) {
            LOG.warn("{} exchange(s) still open after the {} grace period; closing them", context.draining().inFlight(),
                    context.config().drainGrace());
        }
        admin.close().syncUninterruptibly();
        if (dns != null) {
            dns.close();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        context.resolver().close();
        serving.close();
        context.audit().close();
        LOG.info("warden gateway stopped");
    }
}
