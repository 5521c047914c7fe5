package dev.warden.gateway;

import dev.warden.runtime.Transports;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import io.netty.channel.EventLoop;
import io.netty.resolver.HostsFileEntriesProvider;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves destination names once per request with Netty's asynchronous DNS resolver; names in
 * the hosts file (the given one, or /etc/hosts) answer first, for air-gapped use and tests. The
 * gateway then dials exactly an address returned here and checked by the policy: there is no
 * second resolution for DNS rebinding to slip into.
 */
final class Resolver {
    private static final Path SYSTEM_HOSTS = Path.of("/etc/hosts");

    private final Path hostsFile;
    private final InetSocketAddress upstream;
    private final Map<EventLoop, DnsNameResolver> perLoop = new ConcurrentHashMap<>();
    private volatile HostsFileEntriesProvider hosts;
    private volatile long hostsStamp;

    Resolver(Path hostsFile, InetSocketAddress upstream) {
        this.hostsFile = hostsFile != null ? hostsFile : SYSTEM_HOSTS;
        this.upstream = upstream;
        refreshHosts();
    }

    /** Re-reads the hosts file when it changed, so edits apply without a restart. */
    void refreshHosts() {
        long stamp = stamp();
        if (hosts != null && stamp == hostsStamp) {
            return;
        }
        try {
            hosts = Files.exists(hostsFile)
                    ? HostsFileEntriesProvider.parser().parse(hostsFile.toFile(), StandardCharsets.UTF_8)
                    : HostsFileEntriesProvider.parser().parse(new java.io.StringReader(""));
            hostsStamp = stamp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hosts file " + hostsFile, e);
        }
    }

    private long stamp() {
        try {
            return Files.exists(hostsFile) ? Files.getLastModifiedTime(hostsFile).toMillis() * 31 + Files.size(hostsFile) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every address {@code name} resolves to, resolved on {@code loop}. */
    Future<List<IpAddress>> resolve(EventLoop loop, Hostname name) {
        Promise<List<IpAddress>> result = loop.newPromise();
        resolver(loop).resolveAll(name.ascii()).addListener(done -> {
            if (done.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addresses = (List<InetAddress>) done.getNow();
                result.setSuccess(addresses.stream().map(IpAddress::of).toList());
            } else {
                result.setFailure(done.cause());
            }
        });
        return result;
    }

    private DnsNameResolver resolver(EventLoop loop) {
        return perLoop.computeIfAbsent(loop, this::create);
    }

    private DnsNameResolver create(EventLoop loop) {
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(loop)
                .channelType(Transports.datagramChannel())
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .hostsFileEntriesResolver(this::fromHostsFile)
                .nameServerProvider(upstream == null
                        ? DnsServerAddressStreamProviders.platformDefault()
                        : new SingletonDnsServerAddressStreamProvider(upstream));
        return builder.build();
    }

    /** The hosts-file answer for {@code name}, IPv4 first, or null to ask DNS. */
    private InetAddress fromHostsFile(String name, ResolvedAddressTypes types) {
        HostsFileEntriesProvider hosts = this.hosts;
        String key = name.toLowerCase(java.util.Locale.ROOT);
        List<InetAddress> v4 = hosts.ipv4Entries().getOrDefault(key, List.of());
        List<InetAddress> v6 = hosts.ipv6Entries().getOrDefault(key, List.of());
        if (types == ResolvedAddressTypes.IPV6_ONLY || types == ResolvedAddressTypes.IPV6_PREFERRED) {
            return !v6.isEmpty() ? v6.getFirst() : types == ResolvedAddressTypes.IPV6_ONLY || v4.isEmpty() ? null : v4.getFirst();
        }
        return !v4.isEmpty() ? v4.getFirst() : types == ResolvedAddressTypes.IPV4_ONLY || v6.isEmpty() ? null : v6.getFirst();
    }

    void close() {
        perLoop.values().forEach(DnsNameResolver::close);
    }
}
