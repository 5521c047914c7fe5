package dev.warden.analyze.findings;

import dev.warden.analyze.read.ReadObject;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The pod spec a Pod has, or a workload controller's pod template has. */
final class PodSpecs {
    private PodSpecs() {}

    /** Empty for kinds that run no pods; the reader has already rejected controllers without a template. */
    static Optional<PodSpec> of(ReadObject object) {
        return switch (object.typed()) {
            case Pod pod -> Optional.ofNullable(pod.getSpec());
            case Deployment d -> template(d.getSpec(), s -> s.getTemplate());
            case StatefulSet s -> template(s.getSpec(), spec -> spec.getTemplate());
            case DaemonSet d -> template(d.getSpec(), s -> s.getTemplate());
            case ReplicaSet r -> template(r.getSpec(), s -> s.getTemplate());
            case Job j -> template(j.getSpec(), JobSpec::getTemplate);
            case CronJob c -> Optional.ofNullable(c.getSpec())
                    .map(spec -> spec.getJobTemplate())
                    .map(JobTemplateSpec::getSpec)
                    .flatMap(spec -> template(spec, JobSpec::getTemplate));
            default -> Optional.empty();
        };
    }

    /**
     * Regular and init containers: init containers share the pod's network and run first, so what
     * they may send and how they are privileged count as much as the main containers'.
     */
    static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        return all;
    }

    private static <S> Optional<PodSpec> template(S spec, Function<S, PodTemplateSpec> template) {
        return Optional.ofNullable(spec).map(template).map(PodTemplateSpec::getSpec);
    }
}
