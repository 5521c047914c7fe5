package dev.warden.capacity.scenario;

import java.util.List;

/**
 * Where workloads connect: a name resolving to {@code addresses} IPs (listed in {@code ips} when
 * known), one port and protocol. Each address is its own destination tuple for a NAT, and the
 * model spreads connections evenly over them. {@code record} names the registry record (the
 * gateway's {@code rule} label); {@code privateEndpoint} says the provider offers one.
 */
public record Destination(String name, String host, int port, Protocol protocol, int addresses, List<String> ips,
        String record, boolean privateEndpoint) {

    public Destination {
        ips = List.copyOf(ips);
        if (addresses < 1) {
            throw new IllegalArgumentException("addresses must be at least 1");
        }
    }

    /** The label of tuple {@code index} (0-based): its IP when known, else "host#n". */
    public String tuple(int index) {
        String address = index < ips.size() ? ips.get(index) : addresses == 1 ? host : host + "#" + (index + 1);
        return address + ":" + port + "/" + protocol;
    }

    public Destination withAddresses(int count) {
        return new Destination(name, host, port, protocol, count, ips, record, privateEndpoint);
    }

    public enum Protocol { TCP, UDP }
}
