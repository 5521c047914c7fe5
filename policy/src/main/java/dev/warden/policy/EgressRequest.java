package dev.warden.policy;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.Transport;

/**
 * One attempt to leave, as the policy sees it. Asked twice by the gateway: first with the name
 * only (before any DNS query, so a name the caller may not reach is never resolved), then with
 * the name and the address it resolved to (the SSRF guard). An IP-literal request has no name.
 *
 * @param caller the identified workload, or null when the source is unknown
 * @param source the caller's address, for messages about unknown callers; may be null
 */
public record EgressRequest(
        WorkloadIdentity caller, IpAddress source, Hostname name, IpAddress address, int port, Transport transport) {

    /** The port of a DNS lookup, which does not know where the caller will connect: any port. */
    public static final int ANY_PORT = 0;

    public EgressRequest {
        if (name == null && address == null) {
            throw new IllegalArgumentException("a request names a host or an address");
        }
    }

    public static EgressRequest toName(WorkloadIdentity caller, IpAddress source, Hostname name, int port) {
        return new EgressRequest(caller, source, name, null, port, Transport.TCP);
    }

    /**
     * A DNS lookup of {@code name}: admitted when some record lets the caller reach the name on
     * any port, since the lookup does not say which port will follow.
     */
    public static EgressRequest lookup(WorkloadIdentity caller, IpAddress source, Hostname name) {
        return new EgressRequest(caller, source, name, null, ANY_PORT, null);
    }

    public boolean anyPort() {
        return port == ANY_PORT;
    }

    public static EgressRequest toAddress(WorkloadIdentity caller, IpAddress source, IpAddress address, int port) {
        return new EgressRequest(caller, source, null, address, port, Transport.TCP);
    }

    /** The same request once {@code resolved} is known, for the check before connecting. */
    public EgressRequest resolvedTo(IpAddress resolved) {
        return new EgressRequest(caller, source, name, resolved, port, transport);
    }

    /** {@code host:port} as people write it, for messages. */
    public String target() {
        if (anyPort()) {
            return name != null ? name.ascii() : address.toString();
        }
        String host = name != null ? name.ascii() : address.isV4() ? address.toString() : "[" + address + "]";
        return host + ":" + port;
    }
}
