package dev.warden.capacity.scenario;

import static dev.warden.capacity.scenario.Fields.child;
import static dev.warden.capacity.scenario.Fields.display;
import static dev.warden.capacity.scenario.Fields.item;

import dev.warden.capacity.model.Storm;
import dev.warden.capacity.preset.AwsNatGateway;
import dev.warden.capacity.preset.AzureLoadBalancerOutbound;
import dev.warden.capacity.preset.AzureNatGateway;
import dev.warden.capacity.preset.Close;
import dev.warden.capacity.preset.GcpCloudNat;
import dev.warden.capacity.preset.LinuxMasquerade;
import dev.warden.capacity.preset.NatPreset;
import dev.warden.capacity.preset.Preset;
import dev.warden.capacity.preset.WardenGateway;
import dev.warden.model.finding.Finding;
import dev.warden.model.finding.Severity;
import dev.warden.model.finding.SourcePosition;
import dev.warden.registry.FieldNames;
import dev.warden.registry.SourceDocument;
import dev.warden.registry.YamlReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code CapacityScenario} YAML file. Every problem is reported at once, as
 * {@code file:line:col: error: message [rule]} naming the field; a scenario is returned only when
 * there is none. The format is described in docs/capacity.md.
 */
public final class ScenarioLoader {
    public static final String API_VERSION = "warden.dev/v1alpha1";
    public static final String KIND = "CapacityScenario";

    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> SPEC = List.of("destinations", "workloads", "egress", "analysis");
    private static final List<String> DESTINATION = List.of("name", "host", "port", "protocol", "addresses", "ips",
            "record", "privateEndpoint");
    private static final List<String> WORKLOAD = List.of("name", "replicas", "podsPerNode", "destination",
            "requestsPerSecond", "connections", "retry", "failure");
    private static final List<String> CONNECTIONS = List.of("reuse", "lifetime", "poolSize", "idleTimeout", "keepAlive",
            "requestDuration", "closedBy");
    private static final List<String> RETRY = List.of("maxAttempts", "backoff", "multiplier", "maxBackoff", "jitter",
            "budgetPercent");
    private static final List<String> FAILURE = List.of("rate", "startsAt", "duration", "attemptDuration", "closedBy");
    private static final List<String> ANALYSIS = List.of("minHeadroom", "horizon", "step");
    private static final Map<String, List<String>> PRESET_OPTIONS = Map.of(
            AwsNatGateway.ID, List.of("preset", "natIps", "holdAfterClose"),
            GcpCloudNat.ID, List.of("preset", "natIps", "minPortsPerVm", "dynamicPortAllocation", "maxPortsPerVm",
                    "tcpTimeWait", "tcpTransitoryIdle", "tcpEstablishedIdle"),
            AzureNatGateway.ID, List.of("preset", "natIps", "idleTimeout"),
            AzureLoadBalancerOutbound.ID, List.of("preset", "natIps", "allocatedOutboundPorts", "backendPoolSize",
                    "idleTimeout"),
            LinuxMasquerade.ID, List.of("preset", "natIps", "conntrackMax", "cpuCores", "nodeMemory", "kubeProxy",
                    "portRange", "tcpTimeWait", "tcpClose", "tcpSynSent", "tcpEstablished"),
            WardenGateway.ID, List.of("preset", "replicas", "maxConnections", "connectionsPerSecond"));

    /** The scenario, or null when {@code findings} has errors. */
    public record Result(Scenario scenario, List<Finding> findings) {
        public boolean ok() {
            return scenario != null;
        }
    }

    private ScenarioLoader() {}

    public static Result load(Path file) {
        String name = file.toString();
        try {
            return read(name, new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return new Result(null, List.of(new Finding(Severity.ERROR, "file-unreadable", "cannot read: "
                    + e.getMessage(), new SourcePosition(name, 1, 1))));
        }
    }

    public static Result read(String file, Reader content) {
        List<Finding> findings = new ArrayList<>();
        List<SourceDocument> documents = YamlReader.read(file, content, findings);
        if (!findings.isEmpty()) {
            return new Result(null, findings);
        }
        if (documents.isEmpty()) {
            findings.add(new Finding(Severity.ERROR, Fields.MISSING, "the file has no scenario; write a "
                    + KIND + " document", new SourcePosition(file, 1, 1)));
            return new Result(null, findings);
        }
        if (documents.size() > 1) {
            findings.add(new Finding(Severity.ERROR, Fields.INVALID, "one " + KIND + " per file; this file has "
                    + documents.size() + " documents", documents.get(1).valuePosition("")));
            return new Result(null, findings);
        }
        Scenario scenario = new Parse(new Fields(documents.get(0), findings), file).scenario();
        findings.sort(Finding.BY_POSITION);
        return new Result(findings.isEmpty() ? scenario : null, List.copyOf(findings));
    }

    /** One pass over the document; every method reports and falls back so all problems surface. */
    private static final class Parse {
        private final Fields fields;
        private final String file;

        Parse(Fields fields, String file) {
            this.fields = fields;
            this.file = file;
        }

        Scenario scenario() {
            fields.onlyKnown("", TOP);
            String apiVersion = fields.string("/apiVersion", true, API_VERSION);
            if (!apiVersion.equals(API_VERSION)) {
                fields.error("/apiVersion", false, "apiVersion: \"" + apiVersion + "\" is not supported; write "
                        + API_VERSION);
            }
            String kind = fields.string("/kind", true, KIND);
            if (!kind.equals(KIND)) {
                String hint = FieldNames.closest(kind, List.of(KIND)).isPresent() ? "did you mean \"" + KIND + "\"?"
                        : "capacity scenarios are kind " + KIND;
                fields.error("/kind", false, "kind: \"" + kind + "\" is not a capacity scenario; " + hint);
            }
            fields.object("/metadata", false);
            fields.onlyKnown("/metadata", List.of("name", "labels", "annotations"));
            String name = fields.string("/metadata/name", false, Path.of(file).getFileName().toString());
            if (fields.object("/spec", true) == null) {
                return null;
            }
            fields.onlyKnown("/spec", SPEC);
            List<Destination> destinations = destinations();
            List<Workload> workloads = workloads(destinations);
            Hops hops = egress();
            Scenario.Settings settings = settings();
            if (hops == null || hops.gateway == null && hops.nat == null) {
                return null;
            }
            try {
                return new Scenario(name, file, destinations, workloads, hops.gateway, hops.nat, settings);
            } catch (IllegalArgumentException e) {
                fields.error("/spec", true, "spec: " + e.getMessage());
                return null;
            }
        }

        private List<Destination> destinations() {
            List<Destination> destinations = new ArrayList<>();
            Set<String> names = new HashSet<>();
            int count = fields.listSize("/spec/destinations", true);
            for (int i = 0; i < count; i++) {
                String at = item("/spec/destinations", i);
                if (fields.object(at, true) == null) {
                    continue;
                }
                fields.onlyKnown(at, DESTINATION);
                String name = fields.string(child(at, "name"), true, "destination-" + (i + 1));
                if (!names.add(name)) {
                    fields.error(child(at, "name"), false, display(child(at, "name")) + ": \"" + name
                            + "\" names another destination too; names must be unique");
                }
                String host = fields.string(child(at, "host"), true, name);
                int port = fields.integer(child(at, "port"), false, 1, 65_535, 443);
                Destination.Protocol protocol = fields.choice(child(at, "protocol"),
                        Fields.options("tcp", Destination.Protocol.TCP, "udp", Destination.Protocol.UDP), Destination.Protocol.TCP);
                List<String> ips = new ArrayList<>();
                int listed = fields.listSize(child(at, "ips"), false);
                for (int j = 0; j < listed; j++) {
                    ips.add(fields.string(item(child(at, "ips"), j), true, "?"));
                }
                int addresses = fields.integer(child(at, "addresses"), false, 1, 1_000, Math.max(1, ips.size()));
                if (!ips.isEmpty() && fields.has(child(at, "addresses")) && addresses != ips.size()) {
                    fields.error(child(at, "addresses"), false, display(child(at, "addresses")) + ": " + addresses
                            + " does not match the " + ips.size() + " ips listed; give one or make them agree");
                }
                String record = fields.string(child(at, "record"), false, null);
                boolean privateEndpoint = fields.bool(child(at, "privateEndpoint"), false);
                destinations.add(new Destination(name, host, port, protocol, addresses, ips, record, privateEndpoint));
            }
            return destinations;
        }

        private List<Workload> workloads(List<Destination> destinations) {
            List<Workload> workloads = new ArrayList<>();
            Set<String> names = new HashSet<>();
            int count = fields.listSize("/spec/workloads", true);
            for (int i = 0; i < count; i++) {
                String at = item("/spec/workloads", i);
                if (fields.object(at, true) == null) {
                    continue;
                }
                fields.onlyKnown(at, WORKLOAD);
                String name = fields.string(child(at, "name"), true, "workload-" + (i + 1));
                String destination = fields.string(child(at, "destination"), true, null);
                if (!names.add(name + "\u0000" + destination)) {
                    fields.error(child(at, "name"), false, display(child(at, "name")) + ": \"" + name
                            + "\" calls " + destination + " twice; merge the entries");
                }
                if (destination != null && destinations.stream().noneMatch(d -> d.name().equals(destination))) {
                    List<String> known = destinations.stream().map(Destination::name).toList();
                    String hint = FieldNames.closest(destination, known).map(guess -> "; did you mean \"" + guess + "\"?")
                            .orElse(known.isEmpty() ? "" : "; destinations: " + String.join(", ", known));
                    fields.report(fields.position(child(at, "destination")), "scenario-unknown-destination",
                            display(child(at, "destination")) + ": no destination is named \"" + destination + "\"" + hint);
                }
                int replicas = fields.integer(child(at, "replicas"), true, 1, 10_000_000, 1);
                int podsPerNode = fields.integer(child(at, "podsPerNode"), false, 1, 10_000, 1);
                double rate = fields.number(child(at, "requestsPerSecond"), true, 0, 1e9, 1);
                Connections connections = connections(child(at, "connections"));
                RetryPolicy retry = retry(child(at, "retry"));
                Failure failure = failure(child(at, "failure"));
                workloads.add(new Workload(name, replicas, podsPerNode, destination == null ? "?" : destination, rate,
                        connections, retry, failure));
            }
            return workloads;
        }

        private Connections connections(String at) {
            if (fields.object(at, true) == null) {
                return Connections.perRequest(1);
            }
            fields.onlyKnown(at, CONNECTIONS);
            String reusePath = child(at, "reuse");
            if (!fields.has(reusePath)) {
                fields.missing(reusePath, "per-request or pooled");
            }
            Connections.Reuse reuse = fields.choice(reusePath, Fields.options("per-request", Connections.Reuse.PER_REQUEST,
                    "pooled", Connections.Reuse.POOLED), Connections.Reuse.PER_REQUEST);
            Close closedBy = fields.choice(child(at, "closedBy"), Fields.options("fin", Close.FIN, "rst", Close.RST), Close.FIN);
            double keepAlive = fields.duration(child(at, "keepAlive"), false, true, Double.POSITIVE_INFINITY);
            if (reuse == Connections.Reuse.PER_REQUEST) {
                for (String pooledOnly : List.of("poolSize", "idleTimeout")) {
                    if (fields.has(child(at, pooledOnly))) {
                        fields.error(child(at, pooledOnly), true, display(child(at, pooledOnly))
                                + ": only pooled connections have it; set reuse: pooled or remove it");
                    }
                }
                double lifetime = fields.duration(child(at, "lifetime"), true, false, 1);
                if (lifetime <= 0 && fields.has(child(at, "lifetime"))) {
                    fields.error(child(at, "lifetime"), false, display(child(at, "lifetime"))
                            + ": a connection is open for some time; give more than 0s");
                }
                double request = fields.duration(child(at, "requestDuration"), false, false, lifetime);
                return new Connections(reuse, lifetime, 0, Double.POSITIVE_INFINITY, keepAlive, request, closedBy);
            }
            int poolSize = fields.integer(child(at, "poolSize"), true, 1, 100_000, 1);
            double lifetime = fields.duration(child(at, "lifetime"), false, true, Double.POSITIVE_INFINITY);
            double idle = fields.duration(child(at, "idleTimeout"), false, true, Double.POSITIVE_INFINITY);
            double request = fields.duration(child(at, "requestDuration"), false, false, 0.1);
            return new Connections(reuse, lifetime, poolSize, idle, keepAlive, request, closedBy);
        }

        private RetryPolicy retry(String at) {
            if (fields.object(at, false) == null) {
                return RetryPolicy.NONE;
            }
            fields.onlyKnown(at, RETRY);
            int attempts = fields.integer(child(at, "maxAttempts"), true, 1, Storm.MAX_ATTEMPTS, 1);
            double backoff = fields.duration(child(at, "backoff"), false, false, 0);
            double multiplier = fields.number(child(at, "multiplier"), false, 1, 100, 2);
            double maxBackoff = fields.duration(child(at, "maxBackoff"), false, true, Double.POSITIVE_INFINITY);
            RetryPolicy.Jitter jitter = fields.choice(child(at, "jitter"), Fields.options("none", RetryPolicy.Jitter.NONE,
                    "full", RetryPolicy.Jitter.FULL, "equal", RetryPolicy.Jitter.EQUAL), RetryPolicy.Jitter.NONE);
            double budget = fields.has(child(at, "budgetPercent"))
                    ? fields.number(child(at, "budgetPercent"), false, 0, 100, Double.NaN) : Double.NaN;
            return new RetryPolicy(attempts, backoff, multiplier, maxBackoff, jitter, budget);
        }

        private Failure failure(String at) {
            if (fields.object(at, false) == null) {
                return null;
            }
            fields.onlyKnown(at, FAILURE);
            double rate = fields.fraction(child(at, "rate"), true, 1);
            double startsAt = fields.duration(child(at, "startsAt"), false, false, 60);
            double duration = fields.duration(child(at, "duration"), false, true, Double.POSITIVE_INFINITY);
            double attempt = fields.duration(child(at, "attemptDuration"), false, false, 2);
            Close closedBy = fields.choice(child(at, "closedBy"), Fields.options("timeout", Close.TIMEOUT, "rst", Close.RST,
                    "fin", Close.FIN), Close.TIMEOUT);
            return new Failure(rate, startsAt, duration, attempt, closedBy);
        }

        private record Hops(WardenGateway gateway, NatPreset nat) {}

        private Hops egress() {
            String at = "/spec/egress";
            if (fields.object(at, true) == null) {
                return null;
            }
            List<String> hops = new ArrayList<>();
            if (fields.has(child(at, "path"))) {
                fields.onlyKnown(at, List.of("path"));
                int count = fields.listSize(child(at, "path"), true);
                for (int i = 0; i < count; i++) {
                    hops.add(item(child(at, "path"), i));
                }
            } else {
                hops.add(at);
            }
            WardenGateway gateway = null;
            NatPreset nat = null;
            for (int i = 0; i < hops.size(); i++) {
                String hop = hops.get(i);
                if (fields.object(hop, true) == null) {
                    continue;
                }
                Preset preset = preset(hop);
                if (preset instanceof WardenGateway warden) {
                    if (gateway != null || i > 0) {
                        fields.error(child(hop, "preset"), false, display(child(hop, "preset"))
                                + ": the Warden gateway is the first hop of the path, and there is one");
                    }
                    gateway = warden;
                } else if (preset instanceof NatPreset translation) {
                    if (nat != null) {
                        fields.error(child(hop, "preset"), false, display(child(hop, "preset"))
                                + ": the path has one NAT; model another NAT as another scenario");
                    }
                    nat = translation;
                }
            }
            return new Hops(gateway, nat);
        }

        private Preset preset(String at) {
            String path = child(at, "preset");
            String id = fields.string(path, true, null);
            if (id == null) {
                return null;
            }
            List<String> options = PRESET_OPTIONS.get(id);
            if (options == null) {
                String hint = FieldNames.closest(id, Preset.IDS).map(guess -> "; did you mean \"" + guess + "\"?")
                        .orElse("; presets: " + String.join(", ", Preset.IDS));
                fields.report(fields.position(path), "scenario-unknown-preset",
                        display(path) + ": \"" + id + "\" is not a preset" + hint);
                return null;
            }
            fields.onlyKnown(at, options);
            List<String> set = new ArrayList<>(options.stream().filter(option -> fields.has(child(at, option))).toList());
            int natIps = fields.integer(child(at, "natIps"), false, 1, 10_000, 1);
            return switch (id) {
                case AwsNatGateway.ID -> {
                    if (natIps > AwsNatGateway.MAX_IPS) {
                        fields.error(child(at, "natIps"), false, display(child(at, "natIps")) + ": an AWS NAT gateway takes"
                                + " at most 8 IPv4 addresses (NAT gateway basics); model more as separate gateways");
                    }
                    boolean held = set.contains("holdAfterClose");
                    double hold = fields.duration(child(at, "holdAfterClose"), false, false,
                            AwsNatGateway.ASSUMED_HOLD_AFTER_CLOSE);
                    yield new AwsNatGateway(Math.min(natIps, AwsNatGateway.MAX_IPS), hold, held);
                }
                case GcpCloudNat.ID -> gcp(at, natIps, set);
                case AzureNatGateway.ID -> {
                    if (natIps > AzureNatGateway.MAX_IPS) {
                        fields.error(child(at, "natIps"), false, display(child(at, "natIps")) + ": an Azure NAT gateway"
                                + " takes at most 16 public IP addresses (Azure NAT Gateway resource)");
                    }
                    double idle = fields.duration(child(at, "idleTimeout"), false, false, AzureNatGateway.DEFAULT_IDLE_TIMEOUT);
                    if (idle < AzureNatGateway.MIN_IDLE_TIMEOUT || idle > AzureNatGateway.MAX_IDLE_TIMEOUT) {
                        fields.error(child(at, "idleTimeout"), false, display(child(at, "idleTimeout"))
                                + ": the TCP idle timeout is 4m to 120m");
                        idle = AzureNatGateway.DEFAULT_IDLE_TIMEOUT;
                    }
                    yield new AzureNatGateway(Math.min(natIps, AzureNatGateway.MAX_IPS), idle, set.contains("idleTimeout"));
                }
                case AzureLoadBalancerOutbound.ID -> {
                    int ports = fields.integer(child(at, "allocatedOutboundPorts"), false, 0, 64_000, 0);
                    if (ports % 8 != 0) {
                        fields.error(child(at, "allocatedOutboundPorts"), false, display(child(at, "allocatedOutboundPorts"))
                                + ": ports are allocated in multiples of 8");
                    }
                    int pool = fields.integer(child(at, "backendPoolSize"), false, 1, 1_000_000, 0);
                    double idle = fields.duration(child(at, "idleTimeout"), false, false,
                            AzureLoadBalancerOutbound.DEFAULT_IDLE_TIMEOUT);
                    if (idle < 240 || idle > 7200) {
                        fields.error(child(at, "idleTimeout"), false, display(child(at, "idleTimeout"))
                                + ": the outbound idle timeout is 4m to 120m");
                        idle = AzureLoadBalancerOutbound.DEFAULT_IDLE_TIMEOUT;
                    }
                    yield new AzureLoadBalancerOutbound(natIps, ports, pool, idle, set);
                }
                case LinuxMasquerade.ID -> linux(at, natIps, set);
                default -> {
                    int replicas = fields.integer(child(at, "replicas"), true, 1, 10_000, 1);
                    Integer max = fields.has(child(at, "maxConnections"))
                            ? fields.integer(child(at, "maxConnections"), false, 1, Integer.MAX_VALUE, 1) : null;
                    Double rate = fields.has(child(at, "connectionsPerSecond"))
                            ? fields.number(child(at, "connectionsPerSecond"), false, 0.001, 1e9, 1) : null;
                    yield WardenGateway.of(replicas, max, rate);
                }
            };
        }

        private GcpCloudNat gcp(String at, int natIps, List<String> set) {
            boolean dynamic = fields.bool(child(at, "dynamicPortAllocation"), false);
            int min = fields.integer(child(at, "minPortsPerVm"), false, dynamic ? 32 : 2, 65_536,
                    dynamic ? GcpCloudNat.DEFAULT_MIN_PORTS_DYNAMIC : GcpCloudNat.DEFAULT_MIN_PORTS_STATIC);
            int max = fields.integer(child(at, "maxPortsPerVm"), false, 64, 65_536, GcpCloudNat.DEFAULT_MAX_PORTS_DYNAMIC);
            if (set.contains("maxPortsPerVm") && !dynamic) {
                fields.error(child(at, "maxPortsPerVm"), true, display(child(at, "maxPortsPerVm"))
                        + ": maxPortsPerVm only applies with dynamicPortAllocation: true");
            }
            if (dynamic && GcpCloudNat.roundUpToPowerOfTwo(max) <= GcpCloudNat.roundUpToPowerOfTwo(min)) {
                fields.error(child(at, "maxPortsPerVm"), !set.contains("maxPortsPerVm"), display(child(at, "maxPortsPerVm"))
                        + ": must be a power of two above minPortsPerVm (" + min + ")");
            }
            double timeWait = fields.duration(child(at, "tcpTimeWait"), false, false, GcpCloudNat.DEFAULT_TCP_TIME_WAIT);
            double transitory = fields.duration(child(at, "tcpTransitoryIdle"), false, false,
                    GcpCloudNat.DEFAULT_TCP_TRANSITORY_IDLE);
            double established = fields.duration(child(at, "tcpEstablishedIdle"), false, false,
                    GcpCloudNat.DEFAULT_TCP_ESTABLISHED_IDLE);
            return new GcpCloudNat(natIps, min, dynamic, max, timeWait, transitory, established, set);
        }

        private LinuxMasquerade linux(String at, int natIps, List<String> set) {
            int conntrack = fields.integer(child(at, "conntrackMax"), false, 1, Integer.MAX_VALUE, 0);
            int cores = fields.integer(child(at, "cpuCores"), false, 1, 4_096, 0);
            long memory = fields.bytes(child(at, "nodeMemory"), 0);
            boolean kubeProxy = fields.bool(child(at, "kubeProxy"), true);
            if (!kubeProxy && conntrack == 0 && memory == 0) {
                fields.error(child(at, "kubeProxy"), false, display(child(at, "kubeProxy")) + ": without kube-proxy the"
                        + " kernel sizes the conntrack table from memory; give nodeMemory (e.g. 16Gi) or conntrackMax");
            }
            int first = LinuxMasquerade.MASQUERADE_FIRST_PORT;
            int last = LinuxMasquerade.MASQUERADE_LAST_PORT;
            String range = fields.string(child(at, "portRange"), false, null);
            if (range != null) {
                String[] parts = range.split("-");
                try {
                    first = Integer.parseInt(parts[0].trim());
                    last = Integer.parseInt(parts[parts.length - 1].trim());
                    if (parts.length != 2 || first < 1 || last > 65_535 || first > last) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    fields.error(child(at, "portRange"), false, display(child(at, "portRange")) + ": \"" + range
                            + "\" is not a port range; write FIRST-LAST such as 1024-65535");
                    first = LinuxMasquerade.MASQUERADE_FIRST_PORT;
                    last = LinuxMasquerade.MASQUERADE_LAST_PORT;
                }
            }
            double timeWait = fields.duration(child(at, "tcpTimeWait"), false, false, LinuxMasquerade.TIME_WAIT);
            double close = fields.duration(child(at, "tcpClose"), false, false, LinuxMasquerade.CLOSE);
            double synSent = fields.duration(child(at, "tcpSynSent"), false, false, LinuxMasquerade.SYN_SENT);
            double established = fields.duration(child(at, "tcpEstablished"), false, false,
                    kubeProxy ? LinuxMasquerade.KUBE_PROXY_ESTABLISHED : LinuxMasquerade.KERNEL_ESTABLISHED);
            if (range != null) {
                set.add("portRange");
            }
            return new LinuxMasquerade(natIps, conntrack, cores, memory, kubeProxy, first, last, timeWait, close, synSent,
                    established, set);
        }

        private Scenario.Settings settings() {
            String at = "/spec/analysis";
            if (fields.object(at, false) == null) {
                return Scenario.Settings.defaults();
            }
            fields.onlyKnown(at, ANALYSIS);
            double headroom = fields.fraction(child(at, "minHeadroom"), false, Scenario.Settings.DEFAULT_MIN_HEADROOM);
            double horizon = fields.duration(child(at, "horizon"), false, false, Double.NaN);
            double step = fields.duration(child(at, "step"), false, false, Double.NaN);
            if (!Double.isNaN(step) && step < 0.01) {
                fields.error(child(at, "step"), false, display(child(at, "step")) + ": the smallest step is 10ms");
                step = Double.NaN;
            }
            if (!Double.isNaN(horizon) && horizon > 7 * 86_400) {
                fields.error(child(at, "horizon"), false, display(child(at, "horizon")) + ": the longest horizon is 168h");
                horizon = Double.NaN;
            }
            return new Scenario.Settings(headroom, horizon, step);
        }
    }

}
