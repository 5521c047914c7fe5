package dev.warden.registry.explain;

import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.Cni;
import dev.warden.model.registry.DependencyClass;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recommends egress paths for a dependency from the seed's tables: §19 narrows the candidates by
 * class, §14/§17 order them by how much of what the record needs each one gives.
 */
public final class PathAdvisor {
    private PathAdvisor() {}

    public static Explanation explain(EgressDependency dependency, Optional<EgressPosture.Spec> posture) {
        EgressDependency.Spec spec = dependency.spec();
        List<String> reasons = new ArrayList<>();
        List<EgressPath> candidates = candidatesByClass(spec, posture, reasons);
        // Each candidate's profile once; the ranking, the reasons and the output all read it.
        Map<EgressPath, List<Assessment>> profiles = new LinkedHashMap<>();
        candidates.forEach(path -> profiles.put(path, PathProfile.assess(path, spec, posture)));
        long fewestGaps = profiles.values().stream().mapToLong(PathAdvisor::gapCount).min().orElse(0);
        List<EgressPath> recommended = candidates.stream()
                .filter(path -> gapCount(profiles.get(path)) == fewestGaps)
                .toList();
        List<Assessment> recommendedProfile = recommended.isEmpty() ? List.of() : profiles.get(recommended.getFirst());
        if (!recommended.isEmpty()) {
            addNeedReasons(spec, recommended.getFirst(), recommendedProfile, reasons);
        }
        List<Assessment> chosenProfile = profiles.containsKey(spec.path())
                ? profiles.get(spec.path())
                : PathProfile.assess(spec.path(), spec, posture);
        return new Explanation(dependency.name(), spec.path(), recommended, List.copyOf(reasons), chosenProfile,
                recommendedProfile);
    }

    /** The paths the §19 table allows for the record's class, best first; empty for unknown. */
    public static List<EgressPath> classCandidates(EgressDependency.Spec spec, Optional<EgressPosture.Spec> posture) {
        return candidatesByClass(spec, posture, new ArrayList<>());
    }

    private static List<EgressPath> candidatesByClass(
            EgressDependency.Spec spec, Optional<EgressPosture.Spec> posture, List<String> reasons) {
        boolean mesh = posture.map(p -> p.mesh() != null).orElse(false);
        boolean cilium = posture.map(p -> p.cni() == Cni.CILIUM).orElse(false);
        return switch (spec.dependencyClass()) {
            case UNKNOWN -> {
                reasons.add("§19: an unknown destination is denied by default; classify it before it may leave");
                yield List.of();
            }
            case PLATFORM_PRIVATE -> {
                reasons.add("§19: platform-critical private services (databases, queues, storage) belong on a private endpoint with policy");
                yield List.of(EgressPath.PRIVATE_ENDPOINT);
            }
            case REGULATED_THIRD_PARTY -> {
                reasons.add("§19: regulated third parties go through an egress gateway or proxy, with audit");
                List<EgressPath> paths = new ArrayList<>(List.of(EgressPath.EGRESS_GATEWAY, EgressPath.HTTP_PROXY));
                if (mesh) {
                    paths.add(EgressPath.MESH_EGRESS_GATEWAY);
                }
                yield paths;
            }
            case PUBLIC_SAAS -> {
                reasons.add("§19: public SaaS is governed by host name: a proxy, or FQDN policy where the CNI has it");
                yield cilium ? List.of(EgressPath.HTTP_PROXY, EgressPath.NAT) : List.of(EgressPath.HTTP_PROXY);
            }
            case OBSERVABILITY -> {
                reasons.add("§19: observability shipping needs a dedicated policy and a rate guard so it cannot crowd out other egress");
                yield List.of(EgressPath.EGRESS_GATEWAY, EgressPath.NAT, EgressPath.HTTP_PROXY);
            }
            case PACKAGE_DOWNLOAD -> {
                reasons.add("§19: package downloads go through a proxy in front of a repository mirror");
                yield List.of(EgressPath.HTTP_PROXY);
            }
        };
    }

    private static void addNeedReasons(
            EgressDependency.Spec spec, EgressPath best, List<Assessment> bestProfile, List<String> reasons) {
        if (spec.requiresStableSourceIp()) {
            reasons.add("§17: the destination allowlists source addresses, so the path must give a stable one");
        }
        if (spec.destination().namedOnlyByHostname()) {
            reasons.add("§14: the destination is known only by name, so the path must enforce host names");
        }
        boolean throughGateway = best == EgressPath.EGRESS_GATEWAY || best == EgressPath.HTTP_PROXY
                || best == EgressPath.MESH_EGRESS_GATEWAY;
        if (throughGateway && (spec.protocol() == AppProtocol.HTTPS || spec.protocol() == AppProtocol.TLS)) {
            reasons.add("§14: end-to-end TLS without interception: the gateway checks SNI against the requested host");
        }
        if (spec.dependencyClass() == DependencyClass.REGULATED_THIRD_PARTY && spec.requiresStableSourceIp()
                && best == EgressPath.EGRESS_GATEWAY) {
            reasons.add("§25: the payments reference design: egress gateway with a stable IP, fail closed if it is down");
        }
        for (Assessment gap : bestProfile) {
            if (gap.isGap()) {
                reasons.add("even the recommended path falls short on " + gap.dimension().label() + ": " + gap.why());
            }
        }
    }

    private static long gapCount(List<Assessment> profile) {
        return profile.stream().filter(Assessment::isGap).count();
    }
}
