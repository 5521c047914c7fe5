package dev.warden.gateway;

import dev.warden.gateway.http.StrictRequestDecoder;
import dev.warden.gateway.identity.PodWatch;
import dev.warden.gateway.identity.ProxyCredentials;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    /** How often registry files are checked for changes. */
    private static final Duration RELOAD_POLL = Duration.ofSeconds(2);

    private final GatewayContext context;
    private final EventLoopGroup acceptors = Transports.group(1);
    private final EventLoopGroup workers = Transports.group(0);
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warden-reload");
        thread.setDaemon(true);
        return thread;
    });
    private Channel listener;
    private Channel admin;

    private final PodWatch podWatch;
    private final KubernetesClient kubernetes;

    private GatewayServer(GatewayContext context, PodWatch podWatch, KubernetesClient kubernetes) {
        this.context = context;
        this.podWatch = podWatch;
        this.kubernetes = kubernetes;
    }

    private static KubernetesClient kubernetesClient(GatewayConfig.PodWatchConfig watch) {
        io.fabric8.kubernetes.client.Config config = watch.kubeconfig() == null
                ? new io.fabric8.kubernetes.client.ConfigBuilder().build()
                : io.fabric8.kubernetes.client.Config.fromKubeconfig(readKubeconfig(watch.kubeconfig()));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Starts watching pods (blocking until the first full list is in) for caller identity. */
    private static PodWatch startPodWatch(KubernetesClient client, String namespace) {
        try {
            return PodWatch.start(client, namespace);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static ProxyCredentials loadCredentials(java.nio.file.Path file) {
        try {
            return ProxyCredentials.load(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read proxy credentials " + file, e);
        }
    }

    private static String readKubeconfig(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read kubeconfig " + file, e);
        }
    }

    /**
     * Loads the registry and starts listening.
     *
     * @throws IllegalStateException when the registry has errors: a gateway never starts open
     */
    public static GatewayServer start(GatewayConfig config, Clock clock) throws InterruptedException {
        KubernetesClient kubernetes = config.podWatch() == null ? null : kubernetesClient(config.podWatch());
        PodWatch podWatch = kubernetes == null ? null : startPodWatch(kubernetes, config.podWatch().namespace());
        RegistrySource registry = new RegistrySource(config.registry(), clock, podWatch);
        RegistrySource.Reload first = registry.reload();
        if (!first.applied()) {
            if (podWatch != null) {
                podWatch.close();
                kubernetes.close();
            }
            throw new IllegalStateException("the registry has errors; run `warden check` on it");
        }
        GatewayMetrics metrics = new GatewayMetrics();
        AuditTrail audit = AuditTrail.open(config, metrics);
        GatewayContext context = new GatewayContext(config, clock, registry,
                new Resolver(config.hostsFile(), config.upstreamDns()), audit, metrics, new Budgets(),
                config.proxyCredentials() == null ? null : loadCredentials(config.proxyCredentials()), new Draining());
        GatewayServer server = new GatewayServer(context, podWatch, kubernetes);
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
        admin = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(Transports.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new AdminHandler(context));
                    }
                })
                .bind(context.config().admin())
                .sync()
                .channel();
        reloads.scheduleWithFixedDelay(() -> {
            context.registry().reloadIfChanged();
            context.resolver().refreshHosts();
        },
                RELOAD_POLL.toMillis(), RELOAD_POLL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("warden gateway listening on {} (admin {}, transport {})", listenAddress(), adminAddress(),
                Transports.name());
    }

    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) listener.localAddress();
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
        reloads.shutdownNow();
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
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        context.resolver().close();
        if (podWatch != null) {
            podWatch.close();
            kubernetes.close();
        }
        context.audit().close();
        LOG.info("warden gateway stopped");
    }
}
