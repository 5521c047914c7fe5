package dev.warden.analyze.reach;

import java.util.List;

/**
 * One side's say on a connection: the source's egress or the destination's ingress.
 *
 * @param allowed whether this side lets the connection through
 * @param isolated whether any policy selects the pod for this direction
 * @param policies ids ({@code namespace/name}) of the policies that allow the connection; when
 *     denied, of the policies that isolate the pod; empty when not isolated
 * @param explanation one line for people, e.g. {@code allowed by payments/allow-vendor} or
 *     {@code denied: isolated by payments/default-deny, no rule matches}
 */
public record Side(boolean allowed, boolean isolated, List<String> policies, String explanation) {
    public Side {
        policies = List.copyOf(policies);
    }
}
