package dev.warden.registry.explain;

import static dev.warden.registry.explain.Grade.HIGH;
import static dev.warden.registry.explain.Grade.LOW;
import static dev.warden.registry.explain.Grade.MEDIUM;
import static dev.warden.registry.explain.Grade.NONE;

import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.AuditNeed;
import dev.warden.model.registry.Cni;
import dev.warden.model.registry.DataClassification;
import dev.warden.model.registry.DefaultEgress;
import dev.warden.model.registry.DependencyClass;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's §17 table as a function of one record and the cluster posture: what a path gives
 * this dependency on each dimension, and what the dependency needs. The same path scores
 * differently for different records (a TCP dependency gets no hostname policy from a gateway that
 * reads SNI) and clusters (nat gives a stable address only with fixed NAT IPs).
 */
public final class PathProfile {
    private static final Set<AuditNeed> REQUEST_LEVEL_AUDIT =
            EnumSet.of(AuditNeed.REQUEST_COUNT, AuditNeed.STATUS, AuditNeed.HTTP_METHOD, AuditNeed.HTTP_PATH);

    private PathProfile() {}

    public static List<Assessment> assess(
            EgressPath path, EgressDependency.Spec spec, Optional<EgressPosture.Spec> posture) {
        Facts facts = new Facts(spec, posture);
        return List.of(
                stableSourceIp(path, facts),
                workloadAttribution(path, facts),
                hostnamePolicy(path, facts),
                httpPathPolicy(path, facts),
                nonHttpSupport(path, facts),
                auditDetail(path, facts),
                appChange(path),
                bypassRisk(path, facts),
                complexity(path));
    }

    /** What the profile reads from the record and the posture, named once. */
    private record Facts(EgressDependency.Spec spec, Optional<EgressPosture.Spec> posture) {
        boolean hasNames() {
            var destination = spec.destination();
            return !destination.hosts().isEmpty() || !destination.wildcards().isEmpty();
        }

        boolean carriesName() {
            return spec.protocol() == AppProtocol.HTTPS || spec.protocol() == AppProtocol.HTTP
                    || spec.protocol() == AppProtocol.TLS;
        }

        boolean udp() {
            return spec.protocol() == AppProtocol.UDP;
        }

        boolean defaultDeny() {
            return posture.map(p -> p.defaultEgress() == DefaultEgress.DENY).orElse(false);
        }

        boolean natIps() {
            return posture.map(p -> p.nat() != null && !p.nat().egressIps().isEmpty()).orElse(false);
        }

        boolean gatewayIps() {
            return posture.map(p -> p.gateway() != null && !p.gateway().egressIps().isEmpty()).orElse(false);
        }

        boolean ciliumFqdn() {
            return posture.map(p -> p.cni() == Cni.CILIUM).orElse(false);
        }

        boolean sensitive() {
            return spec.dataClassification() == DataClassification.REGULATED
                    || spec.dataClassification() == DataClassification.CONFIDENTIAL
                    || spec.dependencyClass() == DependencyClass.REGULATED_THIRD_PARTY;
        }
    }

    private static Assessment stableSourceIp(EgressPath path, Facts facts) {
        Grade needed = facts.spec().requiresStableSourceIp() ? HIGH : NONE;
        return switch (path) {
            case NAT -> facts.natIps()
                    ? cell(Dimension.STABLE_SOURCE_IP, HIGH, needed, "the cloud NAT's fixed addresses (posture nat.egressIps)")
                    : cell(Dimension.STABLE_SOURCE_IP, LOW, needed,
                            "without posture nat.egressIps traffic leaves from node addresses, which change as pods move (§6)");
            case EGRESS_GATEWAY, HTTP_PROXY -> facts.gatewayIps()
                    ? cell(Dimension.STABLE_SOURCE_IP, HIGH, needed, "the gateway's declared egress addresses")
                    : cell(Dimension.STABLE_SOURCE_IP, MEDIUM, needed,
                            "the gateway's node addresses; declare posture gateway.egressIps to pin them");
            case MESH_EGRESS_GATEWAY -> cell(Dimension.STABLE_SOURCE_IP, MEDIUM, needed,
                    "the mesh egress gateway pods' addresses, stable only if those pods are pinned or NATed");
            case PRIVATE_ENDPOINT -> cell(Dimension.STABLE_SOURCE_IP, NONE, needed,
                    "the destination sees a private address from the cloud fabric, not an allowlistable public one");
        };
    }

    private static Assessment workloadAttribution(EgressPath path, Facts facts) {
        Grade needed = facts.spec().audit().contains(AuditNeed.SOURCE_WORKLOAD) || facts.sensitive() ? HIGH : NONE;
        return switch (path) {
            case NAT -> cell(Dimension.WORKLOAD_ATTRIBUTION, LOW, needed,
                    "every workload shares the NAT address; attribution needs flow logs joined with pod metadata");
            case EGRESS_GATEWAY, HTTP_PROXY -> cell(Dimension.WORKLOAD_ATTRIBUTION, HIGH, needed,
                    "the gateway identifies the calling pod before it decides, and audits it by name");
            case MESH_EGRESS_GATEWAY -> cell(Dimension.WORKLOAD_ATTRIBUTION, HIGH, needed,
                    "the mesh identity (service account) of the caller reaches the egress gateway");
            case PRIVATE_ENDPOINT -> cell(Dimension.WORKLOAD_ATTRIBUTION, MEDIUM, needed,
                    "NetworkPolicy selects the pods, but the endpoint's logs see only pod or node addresses");
        };
    }

    private static Assessment hostnamePolicy(EgressPath path, Facts facts) {
        Grade needed = !facts.hasNames() ? NONE : facts.spec().destination().namedOnlyByHostname() ? HIGH : MEDIUM;
        Dimension d = Dimension.HOSTNAME_POLICY;
        return switch (path) {
            case NAT -> facts.ciliumFqdn()
                    ? cell(d, MEDIUM, needed, "Cilium toFQDNs allows the addresses DNS returned for the names (§13: an approximation)")
                    : cell(d, NONE, needed, "NetworkPolicy enforces addresses only; names are not seen (§15)");
            case EGRESS_GATEWAY -> facts.carriesName()
                    ? cell(d, HIGH, needed, "the gateway checks the " + nameSource(facts) + " against the record")
                    : cell(d, NONE, needed, facts.spec().protocol() + " carries no name a gateway can check; only addresses");
            case HTTP_PROXY -> facts.carriesName()
                    ? cell(d, HIGH, needed, "the proxy checks the requested host (CONNECT target, and SNI inside TLS)")
                    : facts.udp()
                            ? cell(d, NONE, needed, "an HTTP proxy cannot carry UDP")
                            : cell(d, MEDIUM, needed, "the CONNECT target names the host, but nothing inside a raw TCP tunnel confirms it");
            case MESH_EGRESS_GATEWAY -> facts.carriesName()
                    ? cell(d, HIGH, needed, "ServiceEntry hosts, matched on " + nameSource(facts))
                    : cell(d, NONE, needed, "for plain TCP the mesh matches addresses, not names");
            case PRIVATE_ENDPOINT -> cell(d, NONE, needed,
                    "enforced by the endpoint's private address; the name is only as good as split-horizon DNS (§24.6)");
        };
    }

    private static String nameSource(Facts facts) {
        return facts.spec().protocol() == AppProtocol.HTTP ? "Host header" : "TLS SNI";
    }

    private static Assessment httpPathPolicy(EgressPath path, Facts facts) {
        Set<AuditNeed> audit = EnumSet.noneOf(AuditNeed.class);
        audit.addAll(facts.spec().audit());
        Grade needed = audit.contains(AuditNeed.HTTP_PATH) || audit.contains(AuditNeed.HTTP_METHOD) ? HIGH : NONE;
        boolean plainHttp = facts.spec().protocol() == AppProtocol.HTTP;
        Dimension d = Dimension.HTTP_PATH_POLICY;
        return switch (path) {
            case HTTP_PROXY, MESH_EGRESS_GATEWAY -> plainHttp
                    ? cell(d, HIGH, needed, "plain HTTP requests are visible to the " + (path == EgressPath.HTTP_PROXY ? "proxy" : "mesh"))
                    : cell(d, NONE, needed, "inside TLS the path and method are hidden; seeing them needs TLS termination (§14)");
            case NAT, EGRESS_GATEWAY, PRIVATE_ENDPOINT -> cell(d, NONE, needed, "an L3/L4 path does not read HTTP");
        };
    }

    private static Assessment nonHttpSupport(EgressPath path, Facts facts) {
        Grade needed = facts.carriesName() ? NONE : HIGH;
        Dimension d = Dimension.NON_HTTP_SUPPORT;
        if (facts.udp()) {
            return switch (path) {
                case NAT, PRIVATE_ENDPOINT -> cell(d, HIGH, needed, "any IP protocol passes");
                case EGRESS_GATEWAY, HTTP_PROXY, MESH_EGRESS_GATEWAY -> cell(d, NONE, needed, "UDP is not proxied on this path");
            };
        }
        return switch (path) {
            case NAT, PRIVATE_ENDPOINT, EGRESS_GATEWAY, MESH_EGRESS_GATEWAY -> cell(d, HIGH, needed, "TCP passes as is");
            case HTTP_PROXY -> cell(d, MEDIUM, needed, "only through CONNECT tunnels, which the record must allow");
        };
    }

    private static Assessment auditDetail(EgressPath path, Facts facts) {
        List<AuditNeed> audit = facts.spec().audit();
        boolean requestLevel = audit.stream().anyMatch(REQUEST_LEVEL_AUDIT::contains);
        Grade needed = audit.isEmpty() ? NONE : requestLevel ? HIGH : MEDIUM;
        Dimension d = Dimension.AUDIT_DETAIL;
        return switch (path) {
            case NAT, PRIVATE_ENDPOINT -> cell(d, LOW, needed, "flow logs: addresses, ports and bytes, no workload or name");
            case EGRESS_GATEWAY -> facts.spec().protocol() == AppProtocol.HTTP
                    ? cell(d, HIGH, needed, "per request: workload, host, method, status, bytes")
                    : cell(d, MEDIUM, needed, "per connection: workload, SNI, bytes, duration; requests inside TLS are not seen");
            case HTTP_PROXY, MESH_EGRESS_GATEWAY -> facts.spec().protocol() == AppProtocol.HTTP
                    ? cell(d, HIGH, needed, "per request: workload, host, method, path, status, bytes")
                    : cell(d, MEDIUM, needed, "per tunnel: workload, host, SNI, bytes, duration; requests inside TLS are not seen");
        };
    }

    private static Assessment appChange(EgressPath path) {
        Dimension d = Dimension.APP_CHANGE;
        return switch (path) {
            case HTTP_PROXY -> cell(d, MEDIUM, NONE, "the app must honour HTTPS_PROXY/HTTP_PROXY");
            case NAT, EGRESS_GATEWAY, MESH_EGRESS_GATEWAY, PRIVATE_ENDPOINT -> cell(d, NONE, NONE, "transparent to the app");
        };
    }

    private static Assessment bypassRisk(EgressPath path, Facts facts) {
        Grade tolerated = facts.sensitive() ? LOW : MEDIUM;
        Dimension d = Dimension.BYPASS_RISK;
        if (!facts.defaultDeny()) {
            return cell(d, HIGH, tolerated, "default egress is allow, so pods can leave directly around any path (§24.3)");
        }
        return switch (path) {
            case NAT -> cell(d, MEDIUM, tolerated, "default deny holds, but every allowed pod leaves by the shared NAT directly");
            case EGRESS_GATEWAY, HTTP_PROXY, MESH_EGRESS_GATEWAY, PRIVATE_ENDPOINT -> cell(d, LOW, tolerated,
                    "default deny closes direct egress; compile pairs the path with its bypass control (§18)");
        };
    }

    private static Assessment complexity(EgressPath path) {
        Dimension d = Dimension.COMPLEXITY;
        return switch (path) {
            case NAT -> cell(d, LOW, NONE, "cloud-native and familiar");
            case EGRESS_GATEWAY, HTTP_PROXY -> cell(d, MEDIUM, NONE, "a gateway to run highly available and size (§24.4)");
            case PRIVATE_ENDPOINT -> cell(d, MEDIUM, NONE, "split-horizon DNS and routing to keep right (§12)");
            case MESH_EGRESS_GATEWAY -> cell(d, HIGH, NONE, "mesh configuration plus network policy to close bypass");
        };
    }

    private static Assessment cell(Dimension dimension, Grade given, Grade needed, String why) {
        return new Assessment(dimension, given, needed, why);
    }
}
