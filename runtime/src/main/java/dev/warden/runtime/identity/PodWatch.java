package dev.warden.runtime.identity;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies callers by pod IP, from a live watch of the cluster's pods (§6).
 *
 * <p>A fabric8 informer lists and watches pods in every namespace, or in one; each Pending or
 * Running pod that has addresses is mapped from every address in {@code status.podIPs} (IPv4 and
 * IPv6) to its {@link WorkloadIdentity}. Host-network pods are never mapped: their address is the
 * node's. A pod that is deleted, finishes (Succeeded or Failed) or changes address loses its old
 * mapping, and an address reused by a newer pod maps to the newer pod whatever order the events
 * arrive in (see PodIndex).
 *
 * <p>{@link #identify} is a single {@code ConcurrentHashMap} lookup, safe on any thread.
 *
 * <p>Needs {@code list} and {@code watch} on {@code pods} (core API group): cluster-wide (a
 * ClusterRole) without a namespace, or a Role in the namespace given.
 *
 * <p>If the informer ever stops for good (it retries every failure except a response it cannot
 * read), the map is cleared and every lookup answers null: an unknown caller is safer than one
 * mistaken for whichever pod last held its address. {@link #isWatching()} reports the watch's health.
 *
 * <p>The {@link KubernetesClient} stays the caller's: {@link #close()} stops the informer only.
 */
public final class PodWatch implements WorkloadDirectory, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PodWatch.class);

    /** How long {@link #start(KubernetesClient, String)} waits for the initial list. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(30);

    /** Thrown when the watch cannot start: the pods could not be listed, or not in time. */
    public static final class NotSyncedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotSyncedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final PodIndex index = new PodIndex();
    private final SharedIndexInformer<Pod> informer;
    private final String scope;

    /** Guards the start-up replay below. */
    private final Object replayLock = new Object();
    /** Pod keys the handler has seen before the wait began; null once replayed. */
    private Set<String> seenDuringStart = new HashSet<>();
    /** Pod keys the start-up wait still needs the handler to see; null until the wait begins. */
    private Set<String> awaiting;
    private volatile boolean replayed;
    private volatile boolean closed;

    private PodWatch(SharedIndexInformer<Pod> informer, String scope) {
        this.informer = informer;
        this.scope = scope;
    }

    /**
     * Starts watching pods and waits up to {@link #DEFAULT_SYNC_TIMEOUT} for the initial sync.
     *
     * @param namespaceOrNull the one namespace to watch, or null for all namespaces
     * @throws NotSyncedException if the pods cannot be listed and watched, or not in time; the
     *     message says why (including missing RBAC)
     */
    public static PodWatch start(KubernetesClient client, String namespaceOrNull) {
        return start(client, namespaceOrNull, DEFAULT_SYNC_TIMEOUT);
    }

    /**
     * Starts watching pods and waits up to {@code syncTimeout} until every pod listed at start is
     * in the map, so that {@link #identify} answers for them as soon as this returns.
     *
     * @param namespaceOrNull the one namespace to watch, or null for all namespaces
     * @throws NotSyncedException if the pods cannot be listed and watched, or not in time
     */
    public static PodWatch start(KubernetesClient client, String namespaceOrNull, Duration syncTimeout) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        if (syncTimeout.isNegative() || syncTimeout.isZero()) {
            throw new IllegalArgumentException("syncTimeout must be positive, not " + syncTimeout);
        }
        if (namespaceOrNull != null && namespaceOrNull.isBlank()) {
            throw new IllegalArgumentException("namespace is blank; pass null to watch pods in all namespaces");
        }
        String scope = namespaceOrNull == null ? "all namespaces" : "namespace " + namespaceOrNull;
        SharedIndexInformer<Pod> informer = namespaceOrNull == null
                ? client.pods().inAnyNamespace().runnableInformer(0)
                : client.pods().inNamespace(namespaceOrNull).runnableInformer(0);
        PodWatch watch = new PodWatch(informer, scope);
        try {
            watch.begin(syncTimeout);
            return watch;
        } catch (RuntimeException | Error e) {
            watch.close();
            throw e;
        }
    }

    private void begin(Duration syncTimeout) {
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        informer.removeNamespaceIndex(); // lookups go through our own map
        // Before the first sync, fail fast (the caller decides); afterwards keep retrying
        // everything except a response we cannot read, so a dropped watch does not end the watch.
        informer.exceptionHandler((started, failure) -> started && !ExceptionHandler.isDeserializationException(failure));
        informer.addEventHandler(new Handler());
        informer.stopped().whenComplete((ignored, failure) -> {
            // Before the sync, the failure reaches the caller as a NotSyncedException instead.
            if (failure != null && !closed && replayed) {
                log.error("the pod watch over {} stopped; forgetting every pod, so callers will not be identified"
                        + " by pod until the gateway restarts", scope, failure);
                index.close();
            }
        });
        try {
            informer.start().toCompletableFuture().get(syncTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new NotSyncedException("the pod watch over " + scope + " did not finish listing pods within "
                    + syncTimeout.toMillis() + " ms; check that the API server is reachable from the gateway", e);
        } catch (ExecutionException e) {
            throw new NotSyncedException("the pod watch over " + scope + " could not list and watch pods: "
                    + explain(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSyncedException("interrupted while the pod watch over " + scope + " was listing pods", e);
        }
        // The informer's store is full now, but its events reach the handler on another thread;
        // wait until every pod listed so far has been through the handler.
        try {
            if (!awaitReplay(informer.getStore().listKeys(), deadline)) {
                throw new NotSyncedException("the pod watch over " + scope + " listed pods but did not map them all"
                        + " within " + syncTimeout.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSyncedException("interrupted while the pod watch over " + scope + " was mapping pods", e);
        }
        log.info("pod watch over {} synced: {} pod addresses mapped", scope, index.size());
    }

    private static String explain(Throwable failure) {
        if (failure instanceof KubernetesClientException api) {
            if (api.getCode() == 403) {
                return "forbidden (HTTP 403); the gateway's service account needs list and watch on pods"
                        + " (a ClusterRole when watching all namespaces, or a Role in the namespace watched)";
            }
            if (api.getCode() == 401) {
                return "unauthorized (HTTP 401); the gateway's Kubernetes credentials were refused";
            }
        }
        return String.valueOf(failure.getMessage());
    }

    private boolean awaitReplay(Collection<String> listed, long deadline) throws InterruptedException {
        synchronized (replayLock) {
            awaiting = new HashSet<>(listed);
            awaiting.removeAll(seenDuringStart);
            seenDuringStart = null;
            while (!awaiting.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(replayLock, remaining);
            }
            awaiting = null;
            replayed = true;
            return true;
        }
    }

    private void seen(Pod pod) {
        if (replayed) {
            return;
        }
        synchronized (replayLock) {
            String key = Cache.metaNamespaceKeyFunc(pod);
            if (seenDuringStart != null) {
                seenDuringStart.add(key);
            } else if (awaiting != null && awaiting.remove(key) && awaiting.isEmpty()) {
                replayLock.notifyAll();
            }
        }
    }

    /** Runs on the informer's single event thread. */
    private final class Handler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            index.put(pod);
            seen(pod);
        }

        @Override
        public void onUpdate(Pod previous, Pod pod) {
            // The new state says everything: PodIndex diffs it against what the pod claimed before.
            index.put(pod);
            seen(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            index.remove(pod);
            seen(pod);
        }
    }

    @Override
    public WorkloadIdentity identify(IpAddress source) {
        return index.identify(source);
    }

    /** Whether the initial list has been fully mapped; true once {@code start} has returned. */
    public boolean hasSynced() {
        return replayed && informer.hasSynced();
    }

    /** Whether the watch is connected now; false while it reconnects, or after it stopped. */
    public boolean isWatching() {
        return informer.isWatching();
    }

    /** How many pod addresses are mapped now. */
    public int size() {
        return index.size();
    }

    /** Stops the informer and forgets every pod; the client stays open. */
    @Override
    public void close() {
        closed = true;
        index.close();
        informer.close();
    }

    @Override
    public String toString() {
        return "PodWatch[" + scope + ", " + index.size() + " addresses]";
    }
}
