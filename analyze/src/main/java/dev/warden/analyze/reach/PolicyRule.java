package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Endpoint;
import java.util.List;

/** One allow or deny rule of a policy, NetworkPolicy or Cilium, ready to match connections. */
interface PolicyRule {
    /** The id of the policy the rule is part of, as {@link Side#policies()} lists it. */
    String policyId();

    /**
     * Whether the rule covers a connection with {@code peer} on {@code port}.
     *
     * @param portOwner the destination endpoint, whose container ports named ports resolve
     *     against; null for an address
     */
    boolean matches(Peer peer, Endpoint portOwner, PortSpec port);

    /**
     * The DNS names the rule allows by name (Cilium's {@code toFQDNs}: {@code matchName}s as
     * written, {@code matchPattern}s with their {@code *}), which no address question can match.
     */
    default List<String> names() {
        return List.of();
    }
}
