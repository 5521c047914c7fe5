package dev.warden.dns;

import dev.warden.runtime.AdminHandler;
import dev.warden.runtime.PodWatchConfig;
import dev.warden.runtime.ServingRegistry;
import dev.warden.runtime.Transports;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code warden dns} as its own process: the registry kept current, the resolver, and an admin
 * listener with health, readiness, metrics and the observations.
 */
public final class StandaloneDns implements AutoCloseable {
    private final ServingRegistry serving;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final DnsServer server;
    private final Channel admin;

    private StandaloneDns(ServingRegistry serving, EventLoopGroup acceptors, EventLoopGroup workers, DnsServer server,
            Channel admin) {
        this.serving = serving;
        this.acceptors = acceptors;
        this.workers = workers;
        this.server = server;
        this.admin = admin;
    }

    /**
     * @throws IllegalStateException when the registry has errors: the resolver never starts open
     */
    public static StandaloneDns start(List<Path> registry, PodWatchConfig podWatch, DnsConfig config,
            InetSocketAddress adminAddress, Clock clock) throws InterruptedException {
        ServingRegistry serving = ServingRegistry.start(registry, podWatch, clock);
        EventLoopGroup acceptors = Transports.group(1);
        EventLoopGroup workers = Transports.group(0);
        try {
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            DnsServer server = DnsServer.start(config, serving.source(), acceptors, workers, meters, clock);
            serving.alsoPoll(server::reloadZoneIfChanged);
            Channel admin = AdminHandler.bind(acceptors, workers, adminAddress, serving.source(), () -> false,
                    meters::scrape, server.adminPages());
            return new StandaloneDns(serving, acceptors, workers, server, admin);
        } catch (RuntimeException | InterruptedException e) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            serving.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) admin.localAddress();
    }

    public DnsServer server() {
        return server;
    }

    @Override
    public void close() {
        admin.close().syncUninterruptibly();
        server.close();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        serving.close();
    }
}
