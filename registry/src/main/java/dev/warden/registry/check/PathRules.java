package dev.warden.registry.check;

import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.AuditNeed;
import dev.warden.model.registry.Availability;
import dev.warden.model.registry.DataClassification;
import dev.warden.model.registry.DependencyClass;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.Mode;
import dev.warden.model.registry.TlsVerify;
import dev.warden.registry.explain.Assessment;
import dev.warden.registry.explain.Dimension;
import dev.warden.registry.explain.Grade;
import dev.warden.registry.explain.PathAdvisor;
import dev.warden.registry.explain.PathProfile;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether the chosen path can do what the record asks (§14, §17, §19): class against path,
 * stable source addresses, enforceable host names, TLS posture, and the posture pieces a path
 * depends on.
 */
final class PathRules implements Rule {

    @Override
    public void apply(RuleContext context) {
        for (EgressDependency dependency : context.dependencies()) {
            EgressDependency.Spec spec = dependency.spec();
            Optional<EgressPosture.Spec> posture = context.posture();
            checkClass(context, dependency, posture);
            if (posture.isPresent()) { // without one, PostureRules reports that once instead of a cascade here
                checkSourceIp(context, dependency, posture);
                checkHostnameEnforcement(context, dependency, posture);
                checkPathPosture(context, dependency, posture.get());
            }
            checkTls(context, dependency);
            checkResilience(context, dependency);
            if (spec.source().allowUnidentified() && (spec.dataClassification() == DataClassification.REGULATED
                    || spec.dependencyClass() == DependencyClass.REGULATED_THIRD_PARTY)) {
                context.error("unidentified-regulated", dependency, "/spec/source/allowUnidentified", "regulated egress"
                        + " must be attributable to a workload (§21, §22); do not admit unidentified callers");
            }
            if (spec.mode() == Mode.REPORT_ONLY && spec.dataClassification() == DataClassification.REGULATED) {
                context.warning("report-only-regulated", dependency, "/spec/mode", "report-only allows everything and"
                        + " only logs would-deny; a regulated dependency should enforce once its record is proven");
            }
        }
    }

    private static void checkClass(RuleContext context, EgressDependency dependency, Optional<EgressPosture.Spec> posture) {
        EgressDependency.Spec spec = dependency.spec();
        if (spec.dependencyClass() == DependencyClass.UNKNOWN) {
            context.error("class-unknown", dependency, "/spec/class", "an unknown destination is denied by default"
                    + " (§19); classify it (platform-private, regulated-third-party, public-saas, observability,"
                    + " package-download) or remove the record");
            return;
        }
        List<EgressPath> allowed = PathAdvisor.classCandidates(spec, posture);
        boolean regulatedData = spec.dataClassification() == DataClassification.REGULATED;
        // A mesh path without a mesh in the posture is path-needs-mesh's finding, not a class problem.
        boolean meshMissing = spec.path() == EgressPath.MESH_EGRESS_GATEWAY && posture.map(p -> p.mesh() == null).orElse(true);
        if (spec.dependencyClass() == DependencyClass.REGULATED_THIRD_PARTY && !allowed.contains(spec.path()) && !meshMissing) {
            context.error("class-path", dependency, "/spec/path", "a regulated-third-party dependency must leave through "
                    + join(allowed) + " so each call is attributed and audited (§19), not " + spec.path());
        } else if (regulatedData && spec.path() == EgressPath.NAT) {
            context.error("class-path", dependency, "/spec/path", "regulated data may not leave by nat, which hides the"
                    + " workload behind a shared address (§8, §21); use egress-gateway or http-proxy");
        } else if (!allowed.contains(spec.path()) && !meshMissing) {
            context.warning("class-path", dependency, "/spec/path", "§19 recommends " + join(allowed) + " for "
                    + spec.dependencyClass() + " dependencies, not " + spec.path()
                    + "; see `warden check --explain` for what " + spec.path() + " lacks");
        }
        boolean needsAudit = spec.dependencyClass() == DependencyClass.REGULATED_THIRD_PARTY || regulatedData;
        if (needsAudit && spec.audit().isEmpty()) {
            context.errorAtKey("audit-needs", dependency, "/spec/audit", "regulated egress must declare its audit needs,"
                    + " e.g. [request-count, status, destination, source-workload] (§19, §21)");
        } else if (needsAudit && !spec.audit().contains(AuditNeed.SOURCE_WORKLOAD)) {
            context.warning("audit-needs", dependency, "/spec/audit", "regulated egress should audit source-workload,"
                    + " so each call is joinable to the pod that made it (§22)");
        }
    }

    private static void checkSourceIp(RuleContext context, EgressDependency dependency, Optional<EgressPosture.Spec> posture) {
        EgressDependency.Spec spec = dependency.spec();
        if (!spec.requiresStableSourceIp()) {
            return;
        }
        Assessment stable = assessment(spec.path(), spec, posture, Dimension.STABLE_SOURCE_IP);
        if (stable.given() == Grade.HIGH) {
            return;
        }
        String fix = switch (spec.path()) {
            case NAT -> "declare the cloud NAT's fixed addresses in the posture (nat.egressIps)";
            case EGRESS_GATEWAY, HTTP_PROXY -> "declare the gateway's egress addresses in the posture (gateway.egressIps)";
            case MESH_EGRESS_GATEWAY, PRIVATE_ENDPOINT -> "use egress-gateway with declared egress addresses";
        };
        context.error("source-ip-path", dependency, "/spec/sourceIp/required", "the destination allowlists source"
                + " addresses, but path " + spec.path() + " gives no stable one: " + stable.why() + " (§17); " + fix);
    }

    private static void checkHostnameEnforcement(
            RuleContext context, EgressDependency dependency, Optional<EgressPosture.Spec> posture) {
        EgressDependency.Spec spec = dependency.spec();
        if (!spec.destination().namedOnlyByHostname()) {
            return;
        }
        Assessment names = assessment(spec.path(), spec, posture, Dimension.HOSTNAME_POLICY);
        if (names.given() != Grade.NONE) {
            return;
        }
        String fix = switch (spec.path()) {
            case PRIVATE_ENDPOINT -> "list the endpoint's private range under allowPrivate";
            case NAT -> "use path http-proxy or egress-gateway, list the destination's cidrs, or run cni: cilium for toFQDNs";
            case EGRESS_GATEWAY, HTTP_PROXY, MESH_EGRESS_GATEWAY -> spec.protocol() == AppProtocol.UDP
                    ? "list the destination's cidrs and use path nat"
                    : "use protocol TLS or HTTPS so the name is visible, or list the destination's cidrs";
        };
        context.error("hostname-unenforceable", dependency, "/spec/path", "the destination is named only by host names,"
                + " which path " + spec.path() + " cannot enforce: " + names.why() + "; " + fix);
    }

    private static void checkPathPosture(RuleContext context, EgressDependency dependency, EgressPosture.Spec posture) {
        EgressPath path = dependency.spec().path();
        if ((path == EgressPath.EGRESS_GATEWAY || path == EgressPath.HTTP_PROXY) && posture.gateway() == null) {
            context.error("path-needs-gateway", dependency, "/spec/path", "path " + path + " needs the gateway declared"
                    + " in the EgressPosture (gateway: namespace, podSelector, port)");
        }
        if (path == EgressPath.MESH_EGRESS_GATEWAY
                && (posture.mesh() == null || posture.mesh().egressGateway() == null)) {
            context.error("path-needs-mesh", dependency, "/spec/path", "path mesh-egress-gateway needs the mesh and its"
                    + " egress gateway declared in the EgressPosture (mesh: kind, egressGateway)");
        }
    }

    private static void checkTls(RuleContext context, EgressDependency dependency) {
        EgressDependency.Spec spec = dependency.spec();
        boolean sensitive = spec.dataClassification() == DataClassification.CONFIDENTIAL
                || spec.dataClassification() == DataClassification.REGULATED;
        if (spec.protocol() == AppProtocol.HTTP && sensitive) {
            context.error("cleartext-sensitive", dependency, "/spec/protocol", spec.dataClassification()
                    + " data may not travel as cleartext HTTP; use HTTPS with tls.verify: required");
        }
        boolean encrypted = spec.protocol() == AppProtocol.HTTPS || spec.protocol() == AppProtocol.TLS;
        if (encrypted && spec.tls().verify() == TlsVerify.NONE) {
            String message = "TLS without certificate verification is encryption without knowing who answers (§14)";
            if (sensitive || spec.dependencyClass() == DependencyClass.REGULATED_THIRD_PARTY) {
                context.error("tls-unverified", dependency, "/spec/tls/verify", message + "; "
                        + spec.dataClassification() + " data requires verify: required, pinned-ca or mtls");
            } else {
                context.warning("tls-unverified", dependency, "/spec/tls/verify", message);
            }
        }
    }

    private static void checkResilience(RuleContext context, EgressDependency dependency) {
        EgressDependency.Spec spec = dependency.spec();
        boolean important = spec.availability() == Availability.HIGH || spec.availability() == Availability.CRITICAL;
        if (important && (spec.timeouts() == null || spec.timeouts().connect() == null || spec.timeouts().request() == null)) {
            context.warningAtKey("timeouts-missing", dependency, spec.timeouts() == null ? "/spec/availability" : "/spec/timeouts",
                    "a " + spec.availability() + "-availability dependency should declare connect and request timeouts"
                            + " so a slow destination cannot hold connections and NAT ports (§19, §20)");
        }
        if (spec.timeouts() != null && spec.timeouts().connect() != null && spec.timeouts().request() != null
                && spec.timeouts().connect().compareTo(spec.timeouts().request()) > 0) {
            context.warning("timeouts-order", dependency, "/spec/timeouts/connect",
                    "the connect timeout is longer than the whole request timeout");
        }
        if (spec.retry() != null && spec.retry().maxAttempts() > 1 && spec.retry().budgetPercent() == null) {
            context.warning("retry-budget", dependency, "/spec/retry", "retries without budgetPercent can multiply"
                    + " load during an outage into a retry storm that exhausts NAT ports (§20, §24.5)");
        }
        if (important && DestinationRules.blank(spec.fallback())) {
            context.warningAtKey("fallback-missing", dependency, "/spec/availability", "a " + spec.availability()
                    + "-availability dependency should say what happens when it is unreachable (fallback)");
        }
        if (spec.dependencyClass() == DependencyClass.OBSERVABILITY && spec.retry() == null) {
            context.warning("observability-rate-guard", dependency, "/spec/class", "observability shipping needs a"
                    + " rate guard (§19): declare retry with a budgetPercent so a backlog cannot flood egress");
        }
    }

    private static Assessment assessment(
            EgressPath path, EgressDependency.Spec spec, Optional<EgressPosture.Spec> posture, Dimension dimension) {
        return PathProfile.assess(path, spec, posture).stream()
                .filter(cell -> cell.dimension() == dimension)
                .findFirst()
                .orElseThrow();
    }

    private static String join(List<EgressPath> paths) {
        return paths.stream().map(EgressPath::wireName).collect(Collectors.joining(" or "));
    }
}
