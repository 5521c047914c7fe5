package dev.warden.runtime;

import dev.warden.runtime.identity.PodWatch;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The registry a serving process enforces, kept current: the first load, a poll that reloads
 * changed files, and the pod watch that identifies callers beyond the posture's static map. The
 * gateway and the DNS resolver in one process share one, so both decide on the same registry.
 */
public final class ServingRegistry implements AutoCloseable {
    /** How often registry files are checked for changes. */
    private static final Duration RELOAD_POLL = Duration.ofSeconds(2);

    private final RegistrySource source;
    private final PodWatch podWatch;
    private final KubernetesClient kubernetes;
    private final List<Runnable> pollTasks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warden-reload");
        thread.setDaemon(true);
        return thread;
    });

    private ServingRegistry(RegistrySource source, PodWatch podWatch, KubernetesClient kubernetes) {
        this.source = source;
        this.podWatch = podWatch;
        this.kubernetes = kubernetes;
        pollTasks.add(source::reloadIfChanged);
        poller.scheduleWithFixedDelay(() -> pollTasks.forEach(Runnable::run), RELOAD_POLL.toMillis(),
                RELOAD_POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Loads the registry and starts the pod watch (blocking until its first full list is in).
     *
     * @param podWatch where to watch pods, or null for the static map only
     * @throws IllegalStateException when the registry has errors: a serving verb never starts open
     */
    public static ServingRegistry start(List<Path> registry, PodWatchConfig podWatch, Clock clock) {
        KubernetesClient kubernetes = podWatch == null ? null : kubernetesClient(podWatch);
        PodWatch watch = null;
        try {
            watch = kubernetes == null ? null : PodWatch.start(kubernetes, podWatch.namespace());
            RegistrySource source = new RegistrySource(registry, clock, watch);
            if (!source.reload().applied()) {
                throw new IllegalStateException("the registry has errors; run `warden check` on it");
            }
            return new ServingRegistry(source, watch, kubernetes);
        } catch (RuntimeException e) {
            if (watch != null) {
                watch.close();
            }
            if (kubernetes != null) {
                kubernetes.close();
            }
            throw e;
        }
    }

    public RegistrySource source() {
        return source;
    }

    /** Runs {@code task} on every poll, after the registry check: for other files that may change. */
    public void alsoPoll(Runnable task) {
        pollTasks.add(task);
    }

    private static KubernetesClient kubernetesClient(PodWatchConfig watch) {
        Config config = watch.kubeconfig() == null
                ? new ConfigBuilder().build()
                : Config.fromKubeconfig(readKubeconfig(watch.kubeconfig()));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static String readKubeconfig(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file, e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        if (podWatch != null) {
            podWatch.close();
            kubernetes.close();
        }
    }
}
