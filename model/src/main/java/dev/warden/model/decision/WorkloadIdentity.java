package dev.warden.model.decision;

import java.util.Map;

/**
 * Who is calling out: the Kubernetes identity behind a source address (§6, §22). Every field but
 * the labels may be null when the source of identity does not know it.
 */
public record WorkloadIdentity(
        String namespace, String pod, String workload, String serviceAccount, String node, Map<String, String> labels) {
    public WorkloadIdentity {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A short human name for messages: {@code payments/payment-worker}. */
    public String displayName() {
        String name = workload != null ? workload : pod != null ? pod : serviceAccount;
        return namespace + "/" + name;
    }
}
