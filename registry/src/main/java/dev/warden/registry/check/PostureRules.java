package dev.warden.registry.check;

import dev.warden.model.net.Cidr;
import dev.warden.model.registry.DefaultEgress;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressPosture;
import java.util.List;

/**
 * The cluster posture: present, default-deny (§27), internally consistent, and with static
 * identities that the dependencies' sources actually select.
 */
final class PostureRules implements Rule {

    @Override
    public void apply(RuleContext context) {
        var postureResource = context.registry().posture();
        if (postureResource.isEmpty()) {
            context.dependencies().stream().findFirst().ifPresent(first -> context.errorAtKey("posture-missing", first,
                    "/kind", "the registry has no EgressPosture; add one with defaultEgress, clusterDns and the"
                            + " cluster's CIDRs so dependencies can be checked and compiled against it"));
            return;
        }
        EgressPosture posture = postureResource.get();
        EgressPosture.Spec spec = posture.spec();
        if (spec.defaultEgress() == DefaultEgress.ALLOW) {
            context.warning("default-egress-allow", posture, "/spec/defaultEgress", "default egress is allow: pods"
                    + " reach anything no record names, and every path can be bypassed (§18, §27); prefer deny");
        }
        checkOverlaps(context, posture, spec);
        checkWorkloads(context, posture, spec.workloads());
        if (!spec.workloads().isEmpty()) {
            for (EgressDependency dependency : context.dependencies()) {
                var source = dependency.spec().source();
                boolean selectsSomeone = spec.workloads().stream().anyMatch(workload -> selects(source, workload));
                if (!selectsSomeone) {
                    context.warningAtKey("source-selects-nothing", dependency, "/spec/source", "the source (namespace "
                            + source.namespace() + (source.serviceAccount() == null ? "" : ", service account "
                            + source.serviceAccount()) + ") selects none of the posture's workloads");
                }
            }
        }
    }

    /**
     * A static workload entry without labels can only be matched on namespace and service
     * account, so its pod selector is not evaluated; entries with labels must match it too.
     */
    static boolean selects(EgressDependency.Source source, EgressPosture.Workload workload) {
        if (!source.namespace().equals(workload.namespace())) {
            return false;
        }
        if (source.serviceAccount() != null && !source.serviceAccount().equals(workload.serviceAccount())) {
            return false;
        }
        return source.podSelector() == null || workload.labels().isEmpty() || source.podSelector().matches(workload.labels());
    }

    private static void checkOverlaps(RuleContext context, EgressPosture posture, EgressPosture.Spec spec) {
        for (int i = 0; i < spec.serviceCidrs().size(); i++) {
            Cidr service = spec.serviceCidrs().get(i);
            for (Cidr pod : spec.podCidrs()) {
                if (service.overlaps(pod)) {
                    context.error("cluster-cidr-overlap", posture, "/spec/serviceCidrs/" + i,
                            "service range " + service + " overlaps pod range " + pod);
                }
            }
        }
    }

    private static void checkWorkloads(RuleContext context, EgressPosture posture, List<EgressPosture.Workload> workloads) {
        for (int i = 0; i < workloads.size(); i++) {
            for (int j = 0; j < i; j++) {
                Cidr later = workloads.get(i).source();
                Cidr earlier = workloads.get(j).source();
                if (later.overlaps(earlier)) {
                    context.error("workload-source-overlap", posture, "/spec/workloads/" + i + "/source", "source "
                            + later + " overlaps workloads[" + j + "] (" + earlier + "), so a caller's identity would be"
                            + " ambiguous");
                }
            }
        }
    }
}
