package dev.warden.runtime;

import java.nio.file.Path;

/**
 * Where to watch pods for caller identity.
 *
 * @param kubeconfig the kubeconfig to use, or null for the usual discovery (in-cluster service
 *     account, $KUBECONFIG, ~/.kube/config)
 * @param namespace the one namespace to watch, or null for all
 */
public record PodWatchConfig(Path kubeconfig, String namespace) {}
