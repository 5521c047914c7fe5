package dev.warden.capacity.advice;

/**
 * One change and what it buys. {@code before} and {@code after} are the highest utilisation of
 * any limit on the path (1.0 = exhausted); {@code stormBefore}/{@code stormAfter} describe the
 * retry storm (empty when the scenario has no failure); {@code conditional} marks changes that
 * depend on something the scenario does not say (a private endpoint the vendor may not offer).
 */
public record Recommendation(Kind kind, String title, String change, String buys, double before, double after,
        String stormBefore, String stormAfter, boolean stormExhaustedAfter, boolean conditional) {

    public enum Kind {
        ADD_NAT_IPS("add NAT IPs"),
        RAISE_PORTS_PER_VM("raise ports per VM"),
        POOLING("pool connections"),
        SHARD("shard egress"),
        RETRY_CAPS("cap retries, back off with jitter"),
        GATEWAY_BUDGET("gateway connection budget"),
        SHORTER_HOLD("shorter hold after close"),
        PRIVATE_ENDPOINT("private endpoint");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
