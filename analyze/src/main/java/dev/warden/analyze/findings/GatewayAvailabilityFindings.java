package dev.warden.analyze.findings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.reach.LabelSelectors;
import dev.warden.analyze.read.ReadObject;
import dev.warden.analyze.read.ReadResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The seed's §24.4: the egress path's own workloads as a single point of failure. When all
 * egress goes through a gateway or proxy and fails closed, losing its last pod stops every
 * workload behind it, healthy vendors or not.
 *
 * <p>The egress path's workloads are Deployments and StatefulSets that are Warden's gateway
 * (labelled {@code app} or {@code app.kubernetes.io/name} {@code warden-gateway}), an Istio
 * egress gateway (see {@link IstioMesh#egressGateways()}), or a proxy other workloads point at: a
 * Service selects its pods and some container's {@code HTTP_PROXY} or {@code HTTPS_PROXY} names
 * that Service as its host. DaemonSets are left out: they run a pod per node, and a node drain
 * leaves them in place.
 *
 * <p>MEDIUM: an outage waiting for a drain or a crash, not an open path.
 */
final class GatewayAvailabilityFindings {
    private static final String WARDEN_GATEWAY = "warden-gateway";
    private static final List<String> NAME_LABELS = List.of("app", "app.kubernetes.io/name");
    private static final Set<String> REPLICATED_KINDS = Set.of("Deployment", "StatefulSet");

    /** A workload on the egress path, the part it plays there, and the objects that show it (a proxy's Services). */
    private record EgressPathWorkload(Endpoint endpoint, ReadObject object, String role, List<Involved> evidence) {}

    /** The fewest replicas a workload runs with, and what says so. */
    private record Replicas(int count, String source, Optional<TreeObject> autoscaler) {}

    /** The Services by which workloads point their proxy variables at a proxy, and those workloads. */
    private record ProxyUse(Set<ReadObject> services, Set<String> clients) {
        ProxyUse() {
            this(new LinkedHashSet<>(), new TreeSet<>());
        }
    }

    private final ReadResult read;
    private final Map<SourceRef, ReadObject> objectsBySource;
    private final List<TreeObject> autoscalers;

    private GatewayAvailabilityFindings(ReadResult read) {
        this.read = read;
        this.objectsBySource = read.objects().stream()
                .collect(Collectors.toMap(ReadObject::source, Function.identity(), (first, second) -> first));
        this.autoscalers = TreeObject.all(read, "autoscaling", "HorizontalPodAutoscaler");
    }

    static List<Finding> find(ReadResult read) {
        GatewayAvailabilityFindings findings = new GatewayAvailabilityFindings(read);
        List<Finding> found = new ArrayList<>();
        for (EgressPathWorkload workload : findings.egressPathWorkloads()) {
            Replicas replicas = findings.replicas(workload);
            if (replicas.count() == 0) {
                continue; // scaled to zero on purpose: down, not fragile
            }
            if (replicas.count() == 1) {
                found.add(singleReplica(workload, replicas));
            }
            findings.noDisruptionBudget(workload, replicas).ifPresent(found::add);
        }
        return found;
    }

    private List<EgressPathWorkload> egressPathWorkloads() {
        List<Endpoint> istioGateways = new IstioMesh(read).egressGateways();
        Map<Endpoint, ProxyUse> proxies = proxies();
        List<EgressPathWorkload> workloads = new ArrayList<>();
        for (Endpoint endpoint : read.cluster().endpoints()) {
            ReadObject object = objectsBySource.get(endpoint.source());
            if (!REPLICATED_KINDS.contains(endpoint.kind()) || object == null) {
                continue;
            }
            if (NAME_LABELS.stream().anyMatch(label -> WARDEN_GATEWAY.equals(endpoint.labels().get(label)))) {
                workloads.add(new EgressPathWorkload(endpoint, object, "Warden's egress gateway", List.of()));
            } else if (istioGateways.contains(endpoint)) {
                workloads.add(new EgressPathWorkload(endpoint, object, "an Istio egress gateway", List.of()));
            } else if (proxies.containsKey(endpoint)) {
                ProxyUse use = proxies.get(endpoint);
                workloads.add(new EgressPathWorkload(endpoint, object,
                        "the proxy that " + String.join(", ", use.clients()) + " point HTTP(S)_PROXY at",
                        use.services().stream().map(Involved::of).toList()));
            }
        }
        return workloads;
    }

    /** Workloads other workloads name, through a Service, as the host of their proxy variables (any case). */
    private Map<Endpoint, ProxyUse> proxies() {
        ServiceHosts hosts = new ServiceHosts(read);
        Map<SourceRef, Endpoint> endpointsBySource = read.cluster().endpoints().stream()
                .collect(Collectors.toMap(Endpoint::source, Function.identity()));
        Map<Endpoint, ProxyUse> proxies = new LinkedHashMap<>();
        for (ReadObject object : read.objects()) {
            Endpoint client = endpointsBySource.get(object.source());
            Optional<PodSpec> spec = PodSpecs.of(object);
            if (client == null || spec.isEmpty()) {
                continue;
            }
            for (Container container : PodSpecs.containers(spec.get())) {
                for (EnvVar variable : PodSpecs.proxySettings(container)) {
                    if (variable.getValue() == null) {
                        continue;
                    }
                    proxyHost(variable.getValue()).stream()
                            .flatMap(host -> hosts.resolve(host, client.namespace()).stream())
                            .forEach(service -> hosts.backends(service).stream()
                                    .filter(proxy -> !proxy.equals(client))
                                    .forEach(proxy -> {
                                        ProxyUse use = proxies.computeIfAbsent(proxy, p -> new ProxyUse());
                                        use.services().add(service);
                                        use.clients().add(client.id());
                                    }));
                }
            }
        }
        return proxies;
    }

    /**
     * The host of a proxy variable's value, as curl and most HTTP libraries read it: an optional
     * scheme and user info, a host or bracketed IPv6 address, an optional port and path.
     */
    static Optional<String> proxyHost(String value) {
        String rest = value.strip();
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        int path = rest.indexOf('/');
        if (path >= 0) {
            rest = rest.substring(0, path);
        }
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            return close > 1 ? Optional.of(rest.substring(1, close)) : Optional.empty();
        }
        int port = rest.indexOf(':');
        String host = port >= 0 ? rest.substring(0, port) : rest;
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    /**
     * A HorizontalPodAutoscaler targeting the workload owns its replica count, so its minReplicas
     * (default 1) is the floor; otherwise {@code spec.replicas}, which the API server defaults to 1.
     */
    private Replicas replicas(EgressPathWorkload workload) {
        Endpoint endpoint = workload.endpoint();
        Optional<TreeObject> autoscaler = autoscalers.stream()
                .filter(hpa -> hpa.namespace().equals(endpoint.namespace())
                        && endpoint.kind().equals(hpa.spec().path("scaleTargetRef").path("kind").textValue())
                        && endpoint.name().equals(hpa.spec().path("scaleTargetRef").path("name").textValue()))
                .findFirst();
        if (autoscaler.isPresent()) {
            JsonNode minReplicas = autoscaler.get().spec().path("minReplicas");
            return minReplicas.isInt()
                    ? new Replicas(minReplicas.intValue(), autoscaler.get().describe() + " has minReplicas: "
                            + minReplicas.intValue(), autoscaler)
                    : new Replicas(1, autoscaler.get().describe() + " leaves minReplicas unset, which defaults to 1",
                            autoscaler);
        }
        Integer written = switch (workload.object().typed()) {
            case Deployment deployment -> deployment.getSpec().getReplicas();
            case StatefulSet set -> set.getSpec().getReplicas();
            default -> throw new IllegalStateException("not a replicated kind: " + endpoint.kind());
        };
        return written == null
                ? new Replicas(1, "spec.replicas is unset, which the API server defaults to 1", Optional.empty())
                : new Replicas(written, "spec.replicas: " + written, Optional.empty());
    }

    /** {@code egress-gateway-single-replica}. */
    private static Finding singleReplica(EgressPathWorkload workload, Replicas replicas) {
        Endpoint endpoint = workload.endpoint();
        List<Involved> involved = new ArrayList<>();
        involved.add(Involved.of(endpoint));
        involved.addAll(workload.evidence());
        replicas.autoscaler().ifPresent(hpa -> involved.add(hpa.involved()));
        String scale = replicas.autoscaler().map(hpa -> "`minReplicas: 2` in " + hpa.describe())
                .orElse("`spec.replicas: 2`");
        return new Finding("egress-gateway-single-replica", endpoint.id(), Severity.MEDIUM, involved,
                endpoint.id() + " is " + workload.role() + " and runs a single replica (" + replicas.source()
                        + "): every workload whose egress goes through it loses egress while that pod restarts,"
                        + " is evicted or its node is drained, and failing closed there is no fallback.",
                "Run at least 2 replicas (" + scale + "), spread across nodes and zones with pod anti-affinity or"
                        + " `topologySpreadConstraints`, and give them a PodDisruptionBudget with `minAvailable: 1`.");
    }

    /**
     * {@code egress-gateway-no-disruption-budget}: no PodDisruptionBudget in the workload's
     * namespace selects its pods, or every one that does lets all of them be evicted at once.
     */
    private Optional<Finding> noDisruptionBudget(EgressPathWorkload workload, Replicas replicas) {
        Endpoint endpoint = workload.endpoint();
        List<ReadObject> budgets = read.objects().stream()
                .filter(object -> object.typed() instanceof PodDisruptionBudget budget
                        && endpoint.namespace().equals(object.namespace())
                        && budget.getSpec() != null
                        && budget.getSpec().getSelector() != null // policy/v1: a null selector selects no pods
                        && LabelSelectors.matches(budget.getSpec().getSelector(), endpoint.labels()))
                .toList();
        Map<ReadObject, String> evictingAll = new LinkedHashMap<>();
        for (ReadObject budget : budgets) {
            Optional<String> reason = evictsAll(((PodDisruptionBudget) budget.typed()).getSpec(), replicas.count());
            if (reason.isEmpty()) {
                return Optional.empty();
            }
            evictingAll.put(budget, reason.get());
        }
        List<Involved> involved = new ArrayList<>();
        involved.add(Involved.of(endpoint));
        involved.addAll(workload.evidence());
        evictingAll.keySet().forEach(budget -> involved.add(Involved.of(budget)));
        String afterReplicas = ", with at least 2 replicas so node drains can still proceed.";
        String why;
        String fix;
        if (evictingAll.isEmpty()) {
            why = endpoint.id() + " is " + workload.role() + ", and no PodDisruptionBudget in " + endpoint.namespace()
                    + " selects its pods";
            fix = "Add a PodDisruptionBudget in " + endpoint.namespace() + " whose selector matches " + endpoint.id()
                    + "'s pod labels, with `minAvailable: 1` (or `maxUnavailable: 1`)" + afterReplicas;
        } else {
            why = endpoint.id() + " is " + workload.role() + ", and " + evictingAll.entrySet().stream()
                    .map(budget -> "PodDisruptionBudget " + Involved.of(budget.getKey()).name()
                            + " lets all its pods be evicted (" + budget.getValue() + ")")
                    .collect(Collectors.joining("; "));
            fix = "Set `minAvailable: 1` (or `maxUnavailable: 1`) in " + evictingAll.keySet().stream()
                    .map(budget -> "PodDisruptionBudget " + Involved.of(budget).name())
                    .collect(Collectors.joining(", ")) + afterReplicas;
        }
        return Optional.of(new Finding("egress-gateway-no-disruption-budget", endpoint.id(), Severity.MEDIUM, involved,
                why + ": a node drain or cluster upgrade may evict every replica at once, cutting egress for every"
                        + " workload that depends on it.",
                fix));
    }

    /**
     * Why the budget lets all {@code replicas} pods be evicted, or empty when it keeps at least
     * one. Percentages round up, as the disruption controller rounds them; a budget with neither
     * field requires no pod to stay healthy.
     */
    private static Optional<String> evictsAll(PodDisruptionBudgetSpec spec, int replicas) {
        if (spec.getMaxUnavailable() != null) {
            IntOrString written = spec.getMaxUnavailable();
            return scaled(written, replicas) >= replicas
                    ? Optional.of("maxUnavailable: " + describe(written) + " with " + replicas
                            + (replicas == 1 ? " replica" : " replicas"))
                    : Optional.empty();
        }
        if (spec.getMinAvailable() != null) {
            IntOrString written = spec.getMinAvailable();
            return scaled(written, replicas) < 1
                    ? Optional.of("minAvailable: " + describe(written))
                    : Optional.empty();
        }
        return Optional.of("neither minAvailable nor maxUnavailable is set");
    }

    /**
     * An integer, or a percentage of {@code replicas} rounded up; a malformed value, which the API
     * server would have rejected, counts as 0.
     */
    private static int scaled(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal();
        if (!text.matches("\\d{1,3}%")) {
            return 0;
        }
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return (percent * replicas + 99) / 100;
    }

    private static String describe(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : "\"" + value.getStrVal() + "\"";
    }
}
