package dev.warden.analyze.findings;

import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.LabelSelectors;
import dev.warden.analyze.read.ReadObject;
import dev.warden.analyze.read.ReadResult;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which Service a host written in a manifest (a proxy URL, a VirtualService destination) means,
 * as cluster DNS resolves it, and which workloads that Service sends to.
 */
final class ServiceHosts {
    private final List<ReadObject> services;
    private final List<Endpoint> endpoints;

    ServiceHosts(ReadResult read) {
        this.services = read.objects().stream().filter(object -> object.typed() instanceof Service).toList();
        this.endpoints = read.cluster().endpoints();
    }

    /**
     * The Services {@code host} names when looked up from a pod in {@code namespace}: {@code name}
     * (the pod's own namespace, first in its DNS search path), {@code name.ns}, {@code name.ns.svc},
     * {@code name.ns.svc.<cluster domain>}, or the Service's ClusterIP. Case and a trailing dot do
     * not matter to DNS.
     */
    List<ReadObject> resolve(String host, String namespace) {
        String name = host.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        return services.stream().filter(service -> names(service, name, namespace)).toList();
    }

    /** The workloads in the Service's namespace whose pod labels its selector matches; none without a selector. */
    List<Endpoint> backends(ReadObject service) {
        Map<String, String> selector = spec(service).map(ServiceSpec::getSelector).orElse(Map.of());
        if (selector.isEmpty()) {
            return List.of();
        }
        return endpoints.stream()
                .filter(endpoint -> endpoint.namespace().equals(service.namespace())
                        && LabelSelectors.containsAll(endpoint.labels(), selector))
                .toList();
    }

    private static boolean names(ReadObject service, String host, String namespace) {
        String name = service.name();
        String qualified = name + "." + service.namespace();
        String clusterIp = spec(service).map(ServiceSpec::getClusterIP).orElse(null);
        return host.equals(name) && service.namespace().equals(namespace)
                || host.equals(qualified)
                || host.equals(qualified + ".svc")
                || host.startsWith(qualified + ".svc.")
                || host.equals(clusterIp);
    }

    private static Optional<ServiceSpec> spec(ReadObject service) {
        return Optional.ofNullable(((Service) service.typed()).getSpec());
    }
}
