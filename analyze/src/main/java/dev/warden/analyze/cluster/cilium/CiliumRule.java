package dev.warden.analyze.cluster.cilium;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * One rule of a Cilium policy: what it applies to, and its allow and deny rules per direction.
 *
 * @param ingressDefaultDeny {@code enableDefaultDeny.ingress}, defaulted as Cilium does: true when
 *     the rule has ingress or ingressDeny rules. Only a rule with such rules can put an endpoint
 *     into default deny; with false, its allow rules add to what is allowed without isolating.
 * @param egressDefaultDeny the same for egress
 */
public record CiliumRule(
        Subject subject,
        List<PeerRule> ingress,
        List<PeerRule> ingressDeny,
        List<PeerRule> egress,
        List<PeerRule> egressDeny,
        boolean ingressDefaultDeny,
        boolean egressDefaultDeny) {
    public CiliumRule {
        ingress = List.copyOf(ingress);
        ingressDeny = List.copyOf(ingressDeny);
        egress = List.copyOf(egress);
        egressDeny = List.copyOf(egressDeny);
    }

    /** What a rule applies to: endpoints (pods), or, in a cluster-wide policy only, nodes. */
    public sealed interface Subject {
        /** {@code endpointSelector}, with selector keys as written (they may carry a {@code k8s:} or {@code any:} source). */
        record Endpoints(LabelSelector selector) implements Subject {}

        /** {@code nodeSelector}: a host policy, enforced on the nodes' own traffic by Cilium's host firewall. */
        record Nodes(LabelSelector selector) implements Subject {}
    }
}
