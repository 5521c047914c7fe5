package dev.warden.dns;

import dev.warden.model.decision.Decision;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.EgressPosture;
import dev.warden.policy.EgressRequest;
import dev.warden.runtime.PolicySnapshot;
import java.util.List;

/**
 * Decides a name for a caller: names under the posture's cluster domains are answered for
 * everyone (the cluster needs them to work), anything else is the registry's {@code decide} for
 * a lookup — the same decision the gateway makes before it connects, on any port.
 */
final class NamePolicy {
    private final HostnameCache hostnames = new HostnameCache();

    /** {@code name} as a host name, or null when it is not one. */
    Hostname hostname(String name) {
        return hostnames.parse(name).hostname();
    }

    Decision decide(PolicySnapshot snapshot, WorkloadIdentity caller, IpAddress source, String name,
            boolean hostLike) {
        if (!hostLike) {
            return Decision.deny(null, "'" + name + "' is not a host name, so no record can allow it");
        }
        for (Hostname domain : clusterDomains(snapshot)) {
            String suffix = domain.ascii();
            if (name.equals(suffix) || name.endsWith("." + suffix)) {
                return Decision.allowByPosture(name + " is under the cluster domain " + suffix
                        + " (posture clusterDns.clusterDomains), answered for every workload");
            }
        }
        HostnameCache.Parsed parsed = hostnames.parse(name);
        if (parsed.hostname() == null) {
            return Decision.deny(null, "'" + name + "' is not a host name a record can allow: " + parsed.problem());
        }
        return snapshot.policy().decide(EgressRequest.lookup(caller, source, parsed.hostname()));
    }

    /** The check of one answered address for the name that owns it, as the gateway's SSRF guard. */
    Decision decideAddress(PolicySnapshot snapshot, WorkloadIdentity caller, IpAddress source, Hostname owner,
            IpAddress address) {
        return snapshot.policy().decide(EgressRequest.lookup(caller, source, owner).resolvedTo(address));
    }

    private static List<Hostname> clusterDomains(PolicySnapshot snapshot) {
        return snapshot.registry().registry().posture()
                .map(posture -> posture.spec().clusterDns())
                .map(EgressPosture.ClusterDns::clusterDomains)
                .orElse(List.of(EgressPosture.ClusterDns.DEFAULT_CLUSTER_DOMAIN));
    }
}
