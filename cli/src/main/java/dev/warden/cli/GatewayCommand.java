package dev.warden.cli;

import static dev.warden.cli.OptionValues.address;
import static dev.warden.cli.OptionValues.duration;

import dev.warden.dns.DnsConfig;
import dev.warden.gateway.GatewayConfig;
import dev.warden.gateway.GatewayServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden gateway}: run the enforcing, auditing egress proxy for a registry. */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        header = "Run the egress gateway: forward proxy and CONNECT tunnel with identity, policy and audit.",
        subcommands = HashPasswordCommand.class,
        description = {
            "Run the egress gateway: an HTTP forward proxy and CONNECT tunnel that identifies the calling",
            "workload, decides against the registry, resolves once, refuses private and metadata addresses,",
            "checks TLS SNI against the CONNECT host, and writes one JSON audit line per request or tunnel.",
            "Stops on SIGTERM: stops accepting, drains exchanges in flight, flushes the audit trail."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped cleanly",
            "1:the registry has errors (or the pod watch could not start)",
            "2:usage error",
            "143:stopped by SIGTERM after draining (the JVM's status for SIGTERM)"
        })
final class GatewayCommand implements Callable<Integer> {

    // Not required in picocli's sense, so `warden gateway hash-password` parses without it.
    @Option(names = "--registry", arity = "1..*", paramLabel = "PATH",
            description = "Registry files or folders, as for `warden check` (required).")
    List<Path> registry;

    @Option(names = "--listen", defaultValue = "127.0.0.1:3128", paramLabel = "ADDR:PORT",
            description = "Proxy listener (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--admin", defaultValue = "127.0.0.1:9090", paramLabel = "ADDR:PORT",
            description = "Admin listener for /healthz, /readyz, /metrics, POST /reload (default: ${DEFAULT-VALUE}).")
    String admin;

    @Option(names = "--audit", defaultValue = "warden-audit.jsonl", paramLabel = "FILE|-",
            description = "Audit JSON lines: a size-rotated file, or - for standard output (default: ${DEFAULT-VALUE}).")
    String audit;

    @Option(names = "--hosts", paramLabel = "FILE",
            description = "An /etc/hosts-format file whose names override DNS (default: /etc/hosts).")
    Path hosts;

    @Option(names = "--upstream-dns", paramLabel = "ADDR:PORT",
            description = "The DNS server to resolve destinations with (default: the system's resolv.conf).")
    String upstreamDns;

    @Option(names = "--observer-name", paramLabel = "NAME",
            description = "observer.name in audit lines (default: this host's name).")
    String observerName;

    @Option(names = "--connect-timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "Connect timeout for records that set none (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--idle-timeout", defaultValue = "5m", paramLabel = "DURATION",
            description = "Idle timeout for records that set none (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--drain-grace", defaultValue = "20s", paramLabel = "DURATION",
            description = "How long a shutdown waits for exchanges in flight (default: ${DEFAULT-VALUE}).")
    String drainGrace;

    @Option(names = "--proxy-protocol",
            description = "Expect a PROXY protocol v1/v2 header on every connection (behind an L4 load balancer that"
                    + " sends one); connections without it are refused.")
    boolean proxyProtocol;

    @Mixin
    PodWatchOptions podWatch;

    @Option(names = "--proxy-credentials", paramLabel = "FILE",
            description = "Proxy-Authorization Basic users (lines from `warden gateway hash-password USER`); a user"
                    + " identifies the posture workload whose proxyUser names it.")
    Path proxyCredentials;

    @Option(names = "--dns", paramLabel = "ADDR:PORT",
            description = "Also run the DNS policy resolver on ADDR:PORT (UDP and TCP), deciding on the same registry;"
                    + " it forwards to --upstream-dns, and CONNECTs to an IP literal the caller resolved through it"
                    + " are decided as the name it looked up.")
    String dns;

    @Option(names = "--dns-zone", paramLabel = "FILE", description = "With --dns: an RFC 1035 zone file answered locally.")
    Path dnsZone;

    @Option(names = "--dns-log", defaultValue = "warden-dns.jsonl", paramLabel = "FILE|-",
            description = "With --dns: the query log (default: ${DEFAULT-VALUE}).")
    String dnsLog;

    @Option(names = "--dns-nftables-out", paramLabel = "FILE",
            description = "With --dns: keep FILE an nftables script of the addresses workloads resolved.")
    Path dnsNftablesOut;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (registry == null || registry.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--registry=PATH'");
        }
        String observer = observerName != null ? observerName : OptionValues.localName("warden-gateway");
        InetSocketAddress upstream = upstreamDns == null ? null : address(spec, upstreamDns, "--upstream-dns");
        GatewayConfig config = new GatewayConfig(registry, address(spec, listen, "--listen"),
                address(spec, admin, "--admin"), audit, hosts, upstream, observer,
                duration(spec, connectTimeout, "--connect-timeout"), duration(spec, idleTimeout, "--idle-timeout"),
                duration(spec, drainGrace, "--drain-grace"), 65_536, 100L * 1024 * 1024, 5, proxyProtocol,
                podWatch.config(), proxyCredentials, dnsConfig(upstream, observer));
        GatewayServer server;
        try {
            server = GatewayServer.start(config, Clock.systemUTC());
        } catch (IllegalStateException | IllegalArgumentException e) {
            // a registry with errors, a pod watch that could not start, a malformed credentials file
            spec.commandLine().getErr().println("warden: " + e.getMessage());
            return Warden.EXIT_FINDINGS;
        }
        spec.commandLine().getErr().println("warden gateway: proxy on " + server.listenAddress() + ", admin on "
                + server.adminAddress() + ", audit to " + audit);
        return UntilStopped.serve(server);
    }

    private DnsConfig dnsConfig(InetSocketAddress upstream, String observer) {
        if (dns == null) {
            return null;
        }
        DnsConfig defaults = DnsConfig.defaults(address(spec, dns, "--dns"));
        return new DnsConfig(defaults.listen(), upstream, dnsZone, dnsLog, observer, defaults.denied(),
                defaults.anyQueries(), defaults.ttlFloor(), defaults.ttlCeiling(), defaults.negativeTtlCeiling(),
                defaults.upstreamTimeout(), defaults.cacheEntries(), defaults.logQueueCapacity(),
                defaults.logFileMaxBytes(), defaults.logFilesKept(), dnsNftablesOut);
    }
}
