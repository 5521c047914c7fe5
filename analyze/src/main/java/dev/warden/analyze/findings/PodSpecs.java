package dev.warden.analyze.findings;

import dev.warden.analyze.read.ReadObject;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pods an object runs, as the object describes them: a Pod's own spec and metadata, a workload
 * controller's pod template. The cluster model keeps only what reachability needs; findings also
 * read security contexts, env vars and the annotations admission webhooks (Istio's sidecar
 * injector) decide on.
 */
final class PodSpecs {
    private static final Set<String> PROXY_VARIABLES = Set.of("HTTP_PROXY", "HTTPS_PROXY");
    private static final List<String> CLUSTER_SUFFIXES = List.of("svc", ".svc", ".local", ".internal", ".cluster.local");
    /** Loopback, RFC 1918, link-local and ULA addresses or prefixes, as NO_PROXY lists them. */
    private static final Pattern INTERNAL_ADDRESS = Pattern.compile(
            "(127\\.|10\\.|192\\.168\\.|172\\.(1[6-9]|2\\d|3[01])\\.|169\\.254\\.|::1|fd|fc).*");

    private PodSpecs() {}

    /** Empty for kinds that run no pods; the reader has already rejected controllers without a template. */
    static Optional<PodSpec> of(ReadObject object) {
        return template(object).map(PodTemplateSpec::getSpec);
    }

    /** The pods' annotations; empty for kinds that run no pods. */
    static Map<String, String> annotations(ReadObject object) {
        return template(object).map(PodTemplateSpec::getMetadata).map(ObjectMeta::getAnnotations).orElse(Map.of());
    }

    /**
     * Regular and init containers: init containers share the pod's network and run first, so what
     * they may send and how they are privileged count as much as the main containers'.
     */
    static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        return all;
    }

    /** The container's HTTP_PROXY and HTTPS_PROXY variables (any case, as curl and most libraries read them). */
    static List<EnvVar> proxySettings(Container container) {
        return container.getEnv() == null ? List.of() : container.getEnv().stream()
                .filter(env -> env.getName() != null && PROXY_VARIABLES.contains(env.getName().toUpperCase(Locale.ROOT)))
                .toList();
    }

    /**
     * The entries of the container's NO_PROXY (any case) that send traffic outside the cluster
     * past the proxy: {@code *}, or a name or address that is not the cluster's own (cluster
     * domains, single-label names, loopback, private and link-local ranges).
     */
    static List<String> externalProxyExemptions(Container container) {
        return container.getEnv() == null ? List.of() : container.getEnv().stream()
                .filter(env -> env.getName() != null && env.getName().equalsIgnoreCase("NO_PROXY") && env.getValue() != null)
                .flatMap(env -> Stream.of(env.getValue().split(",")))
                .map(entry -> entry.strip().toLowerCase(Locale.ROOT))
                .filter(entry -> !entry.isEmpty() && !isClusterInternal(entry))
                .distinct()
                .toList();
    }

    private static boolean isClusterInternal(String entry) {
        if (entry.equals("*")) {
            return false;
        }
        String host = entry.replaceFirst("^\\*?\\.", "").replaceFirst(":\\d+$", "");
        if (INTERNAL_ADDRESS.matcher(host).matches()) {
            return true;
        }
        return !host.contains(".") || CLUSTER_SUFFIXES.stream().anyMatch(host::endsWith);
    }

    private static Optional<PodTemplateSpec> template(ReadObject object) {
        return switch (object.typed()) {
            case Pod pod -> Optional.of(new PodTemplateSpec(pod.getMetadata(), pod.getSpec()));
            case Deployment d -> Optional.ofNullable(d.getSpec()).map(DeploymentSpec::getTemplate);
            case StatefulSet s -> Optional.ofNullable(s.getSpec()).map(StatefulSetSpec::getTemplate);
            case DaemonSet d -> Optional.ofNullable(d.getSpec()).map(DaemonSetSpec::getTemplate);
            case ReplicaSet r -> Optional.ofNullable(r.getSpec()).map(ReplicaSetSpec::getTemplate);
            case Job j -> Optional.ofNullable(j.getSpec()).map(JobSpec::getTemplate);
            case CronJob c -> Optional.ofNullable(c.getSpec())
                    .map(CronJobSpec::getJobTemplate)
                    .map(JobTemplateSpec::getSpec)
                    .map(JobSpec::getTemplate);
            default -> Optional.empty();
        };
    }
}
