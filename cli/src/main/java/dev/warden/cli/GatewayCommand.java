package dev.warden.cli;

import dev.warden.runtime.PodWatchConfig;
import dev.warden.gateway.GatewayConfig;
import dev.warden.gateway.GatewayServer;
import dev.warden.model.time.Durations;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warden gateway}: run the enforcing, auditing egress proxy for a registry. */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
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

    @Option(names = "--watch-pods", description = "Identify callers by pod IP from a Kubernetes pod watch too (needs"
            + " list/watch on pods); the posture's static map is asked first.")
    boolean watchPods;

    @Option(names = "--watch-namespace", paramLabel = "NAMESPACE",
            description = "With --watch-pods: watch this namespace only (default: all namespaces).")
    String watchNamespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "With --watch-pods: the kubeconfig to use (default: in-cluster, $KUBECONFIG, ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--proxy-credentials", paramLabel = "FILE",
            description = "Proxy-Authorization Basic users (lines from `warden gateway hash-password USER`); a user"
                    + " identifies the posture workload whose proxyUser names it.")
    Path proxyCredentials;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (registry == null || registry.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--registry=PATH'");
        }
        GatewayConfig config = new GatewayConfig(registry, address(listen, "--listen"), address(admin, "--admin"), audit,
                hosts, upstreamDns == null ? null : address(upstreamDns, "--upstream-dns"),
                observerName != null ? observerName : localName(), duration(connectTimeout, "--connect-timeout"),
                duration(idleTimeout, "--idle-timeout"), duration(drainGrace, "--drain-grace"),
                65_536, 100L * 1024 * 1024, 5, proxyProtocol,
                watchPods ? new PodWatchConfig(kubeconfig, watchNamespace) : null, proxyCredentials);
        GatewayServer server;
        try {
            server = GatewayServer.start(config, Clock.systemUTC());
        } catch (IllegalStateException | IllegalArgumentException e) {
            // a registry with errors, a pod watch that could not start, a malformed credentials file
            spec.commandLine().getErr().println("warden: " + e.getMessage());
            return Warden.EXIT_FINDINGS;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "warden-shutdown"));
        spec.commandLine().getErr().println("warden gateway: proxy on " + server.listenAddress() + ", admin on "
                + server.adminAddress() + ", audit to " + audit);
        stopped.await();
        return Warden.EXIT_OK;
    }

    private InetSocketAddress address(String text, String option) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " needs ADDR:PORT, not " + text);
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + text + " is not ADDR:PORT");
        }
    }

    private Duration duration(String text, String option) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": \"" + text + "\" " + e.getMessage());
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "warden-gateway";
        }
    }
}
