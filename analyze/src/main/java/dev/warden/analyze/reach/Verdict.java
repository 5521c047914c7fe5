package dev.warden.analyze.reach;

/**
 * Whether a connection is allowed, with each side's reasons.
 *
 * @param egress the source's egress side
 * @param ingress the destination's ingress side; null for an address destination, whose
 *     ingress is outside the cluster
 * @param allowed egress allows and, for an endpoint destination, ingress allows too
 */
public record Verdict(Side egress, Side ingress, boolean allowed) {
    static Verdict of(Side egress, Side ingress) {
        return new Verdict(egress, ingress, egress.allowed() && (ingress == null || ingress.allowed()));
    }
}
