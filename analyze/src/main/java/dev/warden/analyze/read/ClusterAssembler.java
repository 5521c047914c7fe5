package dev.warden.analyze.read;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.ContainerPort;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.cluster.ServiceObject;
import dev.warden.analyze.cluster.cilium.CiliumPolicy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Collects bound objects into a {@link Cluster}. */
final class ClusterAssembler {
    static final String DEFAULT_NAMESPACE = "default";
    /** The label the API server sets on every namespace, which namespaceSelectors match on. */
    static final String NAME_LABEL = "kubernetes.io/metadata.name";
    private static final String DEFAULT_SERVICE_ACCOUNT = "default";

    /** An object that bound but that the API server would still reject, with why. */
    static final class InvalidObjectException extends Exception {
        InvalidObjectException(String message) {
            super(message);
        }
    }

    private final Map<String, Map<String, String>> declaredNamespaces = new HashMap<>();
    private final Set<String> referredNamespaces = new HashSet<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<PolicyObject> policies = new ArrayList<>();
    private final List<CiliumPolicy> ciliumPolicies = new ArrayList<>();
    private final List<ServiceObject> services = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();

    void skip(String type) {
        skipped.merge(type, 1, Integer::sum);
    }

    /**
     * Adds a bound object, or a custom resource kept as its tree. PodDisruptionBudgets and the Istio
     * kinds have no place in the cluster model: only their namespace is recorded.
     */
    void add(ReadObject read) throws InvalidObjectException {
        switch (read.typed()) {
            case Namespace namespace -> declaredNamespaces.put(read.name(), labels(namespace.getMetadata(), read.name()));
            case Pod pod -> endpoints.add(endpoint(read, required(pod.getSpec(), "spec"), "spec",
                    pod.getMetadata().getLabels(), ips(pod.getStatus())));
            case Deployment deployment -> addTemplate(read, deployment.getSpec(), "spec", DeploymentSpec::getTemplate);
            case StatefulSet set -> addTemplate(read, set.getSpec(), "spec", StatefulSetSpec::getTemplate);
            case DaemonSet set -> addTemplate(read, set.getSpec(), "spec", DaemonSetSpec::getTemplate);
            case ReplicaSet set -> addTemplate(read, set.getSpec(), "spec", ReplicaSetSpec::getTemplate);
            case Job job -> addTemplate(read, job.getSpec(), "spec", JobSpec::getTemplate);
            case CronJob cronJob -> {
                JobTemplateSpec jobs = required(required(cronJob.getSpec(), "spec").getJobTemplate(), "spec.jobTemplate");
                addTemplate(read, jobs.getSpec(), "spec.jobTemplate.spec", JobSpec::getTemplate);
            }
            case NetworkPolicy policy -> policies.add(new PolicyObject(policy, read.source()));
            case Service service -> services.add(service(read, service));
            default -> {} // PodDisruptionBudget, Istio trees: kept in ReadResult.objects for later checks
        }
        if (read.namespace() != null) {
            referredNamespaces.add(read.namespace());
        }
    }

    /** Adds a Cilium policy, read from its tree, which {@link #add(ReadObject)} also gets. */
    void add(CiliumPolicy policy) {
        ciliumPolicies.add(policy);
    }

    Cluster cluster() {
        Map<String, Map<String, String>> namespaces = new TreeMap<>();
        referredNamespaces.forEach(name -> namespaces.put(name, Map.of(NAME_LABEL, name)));
        namespaces.putAll(declaredNamespaces);
        // a Pod and its Deployment may share a name: kind, then where it was read, break the tie
        List<Endpoint> sortedEndpoints = endpoints.stream()
                .sorted(Comparator.comparing(Endpoint::id).thenComparing(Endpoint::kind)
                        .thenComparing(endpoint -> endpoint.source().file())
                        .thenComparingInt(endpoint -> endpoint.source().line()))
                .toList();
        List<PolicyObject> sortedPolicies = policies.stream().sorted(Comparator.comparing(PolicyObject::id)).toList();
        List<CiliumPolicy> sortedCiliumPolicies = ciliumPolicies.stream()
                .sorted(Comparator.comparing(CiliumPolicy::clusterwide).thenComparing(CiliumPolicy::id))
                .toList();
        List<ServiceObject> sortedServices = services.stream()
                .sorted(Comparator.comparing(ServiceObject::namespace).thenComparing(ServiceObject::name))
                .toList();
        return new Cluster(namespaces, sortedEndpoints, sortedPolicies, sortedCiliumPolicies, sortedServices, skipped);
    }

    /** A workload controller stands for the pods of its template, which have no IPs yet. */
    private <S> void addTemplate(ReadObject read, S spec, String specPath, Function<S, PodTemplateSpec> template)
            throws InvalidObjectException {
        String path = specPath + ".template";
        PodTemplateSpec pods = required(template.apply(required(spec, specPath)), path);
        ObjectMeta metadata = pods.getMetadata();
        endpoints.add(endpoint(read, required(pods.getSpec(), path + ".spec"), path + ".spec",
                metadata == null ? null : metadata.getLabels(), List.of()));
    }

    private static Endpoint endpoint(ReadObject read, PodSpec spec, String specPath, Map<String, String> labels,
            List<String> ips) throws InvalidObjectException {
        String serviceAccount = spec.getServiceAccountName() != null && !spec.getServiceAccountName().isEmpty()
                ? spec.getServiceAccountName()
                // the API server copies the deprecated field into the current one when only it is set
                : spec.getServiceAccount() != null && !spec.getServiceAccount().isEmpty()
                        ? spec.getServiceAccount() : DEFAULT_SERVICE_ACCOUNT;
        return new Endpoint(read.namespace(), read.name(), read.kind(), labels == null ? Map.of() : labels,
                ports(spec, specPath), ips, Boolean.TRUE.equals(spec.getHostNetwork()), serviceAccount, read.source());
    }

    private static ServiceObject service(ReadObject read, Service service) {
        Map<String, String> labels = service.getMetadata().getLabels();
        ServiceSpec spec = service.getSpec();
        Map<String, String> selector = spec == null ? null : spec.getSelector();
        return new ServiceObject(read.namespace(), read.name(), labels == null ? Map.of() : labels,
                selector == null ? Map.of() : selector, read.source());
    }

    /** Regular containers' ports: init containers finish before the pod serves, so theirs are not the pod's. */
    private static List<ContainerPort> ports(PodSpec spec, String specPath) throws InvalidObjectException {
        List<ContainerPort> ports = new ArrayList<>();
        List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
        for (int c = 0; c < containers.size(); c++) {
            List<io.fabric8.kubernetes.api.model.ContainerPort> declared = containers.get(c).getPorts();
            for (int p = 0; declared != null && p < declared.size(); p++) {
                io.fabric8.kubernetes.api.model.ContainerPort port = declared.get(p);
                if (port.getContainerPort() == null) {
                    throw new InvalidObjectException("missing " + specPath + ".containers[" + c + "].ports[" + p + "].containerPort");
                }
                String name = port.getName() == null || port.getName().isEmpty() ? null : port.getName();
                String protocol = port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
                ports.add(new ContainerPort(name, port.getContainerPort(), protocol));
            }
        }
        return ports;
    }

    /** status.podIP and status.podIPs (dual-stack pods list both families there), podIP first. */
    private static List<String> ips(PodStatus status) {
        if (status == null) {
            return List.of();
        }
        Set<String> ips = new LinkedHashSet<>();
        if (status.getPodIP() != null && !status.getPodIP().isEmpty()) {
            ips.add(status.getPodIP());
        }
        for (PodIP ip : status.getPodIPs() == null ? List.<PodIP>of() : status.getPodIPs()) {
            if (ip.getIp() != null && !ip.getIp().isEmpty()) {
                ips.add(ip.getIp());
            }
        }
        return List.copyOf(ips);
    }

    private static Map<String, String> labels(ObjectMeta metadata, String name) {
        Map<String, String> labels = new TreeMap<>(metadata.getLabels() == null ? Map.of() : metadata.getLabels());
        labels.put(NAME_LABEL, name); // the API server overwrites whatever was written
        return labels;
    }

    private static <T> T required(T value, String path) throws InvalidObjectException {
        if (value == null) {
            throw new InvalidObjectException("missing " + path);
        }
        return value;
    }
}
