package dev.warden.analyze.cluster;

import java.util.Map;

/**
 * A Kubernetes Service as policy sees it: Cilium's {@code toServices} rules pick Services by name
 * or by their labels, and then allow the pods the Service's selector picks.
 *
 * @param labels the Service's own labels, which {@code k8sServiceSelector} matches
 * @param selector {@code spec.selector}; empty for a Service without one, whose endpoints are
 *     managed by hand (EndpointSlices the model does not read)
 */
public record ServiceObject(String namespace, String name, Map<String, String> labels, Map<String, String> selector,
        SourceRef source) {
    public ServiceObject {
        labels = Map.copyOf(labels);
        selector = Map.copyOf(selector);
    }
}
