package dev.warden.cli;

import dev.warden.runtime.PodWatchConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a serving verb identifies callers beyond the posture's static map. */
final class PodWatchOptions {
    @Option(names = "--watch-pods", description = "Identify callers by pod IP from a Kubernetes pod watch too (needs"
            + " list/watch on pods); the posture's static map is asked first.")
    boolean watchPods;

    @Option(names = "--watch-namespace", paramLabel = "NAMESPACE",
            description = "With --watch-pods: watch this namespace only (default: all namespaces).")
    String watchNamespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "With --watch-pods: the kubeconfig to use (default: in-cluster, $KUBECONFIG, ~/.kube/config).")
    Path kubeconfig;

    /** The pod watch to run, or null for the static map only. */
    PodWatchConfig config() {
        return watchPods ? new PodWatchConfig(kubeconfig, watchNamespace) : null;
    }
}
