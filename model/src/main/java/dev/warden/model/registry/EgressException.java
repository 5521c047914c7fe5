package dev.warden.model.registry;

import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import java.time.LocalDate;
import java.util.List;

/**
 * A time-bound loosening of one dependency (§21, §27 "does the exception expire?"). It adds
 * destinations or ports to the dependency until {@code expires}, inclusive.
 */
public record EgressException(ObjectMeta metadata, Spec spec) implements RegistryResource {

    public record Spec(
            String dependency,
            String loosens,
            List<Hostname> hosts,
            List<Cidr> cidrs,
            List<EgressDependency.PortRange> ports,
            String reason,
            String approvedBy,
            String ticket,
            LocalDate expires) {
        public Spec {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }

    /** An exception still applies on the day it expires and stops the day after. */
    public boolean activeOn(LocalDate day) {
        return !day.isAfter(spec.expires());
    }
}
