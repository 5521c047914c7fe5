package dev.warden.gateway;

import dev.warden.dns.DnsConfig;
import dev.warden.runtime.PodWatchConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How one gateway process runs. Timeouts here are defaults for records that set none.
 *
 * @param audit a file path for size-rotated JSON lines, or "-" for standard output
 * @param hostsFile an /etc/hosts-format file whose names override DNS, or null for /etc/hosts
 * @param upstreamDns the DNS server to ask, or null for the system's resolv.conf servers
 * @param observerName {@code observer.name} in audit lines: this gateway instance
 * @param proxyProtocol whether every connection starts with a PROXY protocol v1/v2 header from
 *     an L4 load balancer, naming the real client; when set, connections without one are refused
 * @param podWatch where to watch pods for caller identity, or null for the static map only
 * @param proxyCredentials a file of Proxy-Authorization users ({@link
 *     dev.warden.gateway.identity.ProxyCredentials}), or null to take no proxy credentials
 * @param dns the DNS policy resolver to run in this process, on the same registry, or null
 */
public record GatewayConfig(
        List<Path> registry,
        InetSocketAddress listen,
        InetSocketAddress admin,
        String audit,
        Path hostsFile,
        InetSocketAddress upstreamDns,
        String observerName,
        Duration connectTimeout,
        Duration idleTimeout,
        Duration drainGrace,
        int auditQueueCapacity,
        long auditFileMaxBytes,
        int auditFilesKept,
        boolean proxyProtocol,
        PodWatchConfig podWatch,
        Path proxyCredentials,
        DnsConfig dns) {

    public GatewayConfig {
        registry = List.copyOf(registry);
    }

}
