package dev.warden.cli;

import static dev.warden.cli.OptionValues.address;
import static dev.warden.cli.OptionValues.duration;

import dev.warden.dns.DnsConfig;
import dev.warden.dns.StandaloneDns;
import dev.warden.dns.zone.ZoneFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden dns}: the policy resolver pods use as their only DNS. */
@Command(
        name = "dns",
        mixinStandardHelpOptions = true,
        header = "Run the DNS policy resolver that pods use as their only DNS.",
        description = {
            "Run the DNS policy resolver (UDP and TCP on one port): it identifies the",
            "calling workload by source address, answers the names its records allow",
            "(and the posture's cluster domains), refuses the rest, checks every CNAME",
            "target and answered address too, and writes one JSON line per query."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped cleanly",
            "1:the registry or the zone file has errors (or the pod watch could not start)",
            "2:usage error",
            "143:stopped by SIGTERM after flushing the query log (the JVM's status for SIGTERM)"
        })
final class DnsCommand implements Callable<Integer> {

    @Option(names = "--registry", arity = "1..*", paramLabel = "PATH", required = true,
            description = "Registry files or folders, as for `warden check`.")
    List<Path> registry;

    @Option(names = "--listen", defaultValue = "127.0.0.1:5300", paramLabel = "ADDR:PORT",
            description = "UDP and TCP listener (default: ${DEFAULT-VALUE}; pods expect port 53).")
    String listen;

    @Option(names = "--admin", defaultValue = "127.0.0.1:9053", paramLabel = "ADDR:PORT",
            description = "Admin listener for /healthz, /readyz, /metrics, /observations, /observations.nft,"
                    + " POST /reload (default: ${DEFAULT-VALUE}).")
    String admin;

    @Option(names = "--upstream", paramLabel = "ADDR:PORT",
            description = "The resolver allowed queries are forwarded to (default: the servers in /etc/resolv.conf).")
    String upstream;

    @Option(names = "--zone", paramLabel = "FILE",
            description = "An RFC 1035 zone file answered locally before anything is forwarded.")
    Path zone;

    @Option(names = "--log", defaultValue = "warden-dns.jsonl", paramLabel = "FILE|-",
            description = "Query log JSON lines: a size-rotated file, or - for standard output (default: ${DEFAULT-VALUE}).")
    String log;

    @Option(names = "--observer-name", paramLabel = "NAME",
            description = "observer.name in query lines (default: this host's name).")
    String observerName;

    @Option(names = "--denied", defaultValue = "REFUSED", paramLabel = "RCODE",
            description = "What a refused name gets: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DnsConfig.DeniedAnswer denied;

    @Option(names = "--any", defaultValue = "REFUSE", paramLabel = "POLICY",
            description = "What an ANY query gets: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DnsConfig.AnyQueries anyQueries;

    @Option(names = "--ttl-floor", defaultValue = "0s", paramLabel = "DURATION",
            description = "Shortest TTL answered and cached, as Cilium's tofqdns-min-ttl (default: ${DEFAULT-VALUE}).")
    String ttlFloor;

    @Option(names = "--ttl-ceiling", defaultValue = "24h", paramLabel = "DURATION",
            description = "Longest TTL answered and cached (default: ${DEFAULT-VALUE}).")
    String ttlCeiling;

    @Option(names = "--negative-ttl-ceiling", defaultValue = "1h", paramLabel = "DURATION",
            description = "Longest a negative answer is cached (RFC 2308; default: ${DEFAULT-VALUE}).")
    String negativeTtlCeiling;

    @Option(names = "--upstream-timeout", defaultValue = "5s", paramLabel = "DURATION",
            description = "How long to wait for the upstream before answering SERVFAIL (default: ${DEFAULT-VALUE}).")
    String upstreamTimeout;

    @Option(names = "--nftables-out", paramLabel = "FILE",
            description = "Keep FILE an nftables script of the addresses workloads resolved, one timeout set per record"
                    + " (load it with nft -f FILE).")
    Path nftablesOut;

    @Mixin
    PodWatchOptions podWatch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DnsConfig defaults = DnsConfig.defaults(address(spec, listen, "--listen"));
        DnsConfig config = new DnsConfig(defaults.listen(), upstream == null ? null : address(spec, upstream, "--upstream"),
                zone, log, observerName != null ? observerName : OptionValues.localName("warden-dns"), denied, anyQueries,
                duration(spec, ttlFloor, "--ttl-floor"), duration(spec, ttlCeiling, "--ttl-ceiling"),
                duration(spec, negativeTtlCeiling, "--negative-ttl-ceiling"),
                duration(spec, upstreamTimeout, "--upstream-timeout"), defaults.cacheEntries(),
                defaults.logQueueCapacity(), defaults.logFileMaxBytes(), defaults.logFilesKept(), nftablesOut);
        StandaloneDns server;
        try {
            server = StandaloneDns.start(registry, podWatch.config(), config, address(spec, admin, "--admin"),
                    Clock.systemUTC());
        } catch (ZoneFileException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return Warden.EXIT_FINDINGS;
        } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("warden: " + e.getMessage());
            return Warden.EXIT_FINDINGS;
        }
        spec.commandLine().getErr().println("warden dns: listening on " + server.address() + " (udp and tcp), admin on "
                + server.adminAddress() + ", query log to " + log);
        return UntilStopped.serve(server);
    }
}
