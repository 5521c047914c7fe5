package dev.warden.capacity.model;

/** The resources that can run out on an egress path, in the words reports use. */
public enum Resource {
    CONNECTIONS_PER_DESTINATION("connections per destination per NAT IP", "ports"),
    PORTS_PER_VM("per-VM port allocation", "ports"),
    NAT_IP_ALLOCATION("NAT IP port inventory", "ports"),
    NAT_CONNECTIONS("connections per NAT gateway", "connections"),
    CONNTRACK("conntrack table", "entries"),
    GATEWAY_CONNECTIONS("gateway connection budget (maxConnections)", "connections"),
    GATEWAY_RATE("gateway new-connection budget (connectionsPerSecond)", "connections/s"),
    GATEWAY_PORTS("gateway local ports per destination", "ports");

    private final String label;
    private final String unit;

    Resource(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** Resources counted per destination tuple in ports held (what a retry storm drives up). */
    public boolean portsPerTuple() {
        return this == CONNECTIONS_PER_DESTINATION || this == PORTS_PER_VM || this == GATEWAY_PORTS;
    }
}
