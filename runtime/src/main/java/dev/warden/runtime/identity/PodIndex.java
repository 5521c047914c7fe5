package dev.warden.runtime.identity;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.InvalidValueException;
import dev.warden.model.net.IpAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address-to-pod map behind {@link PodWatch}, fed one pod state at a time.
 *
 * <p>Reads ({@link #identify}) are lock-free lookups in a {@link ConcurrentHashMap}, safe from any
 * thread. Writes ({@link #put}, {@link #remove}, {@link #close}) are serialized on this object;
 * the informer delivers them from one thread anyway.
 *
 * <p>Several pods may claim one address at once, because the watch does not see the cluster in
 * one instant: a pod that is shutting down can still list the address the CNI has already handed to
 * its successor, and the successor's add can arrive before the old pod's delete. So every claim is
 * kept, and the address is published for the claim that ranks highest: a pod that is not being
 * deleted over one that is, then the more recently created pod, then the pod whose claim on the
 * address was seen last. Removing a pod only withdraws that pod's own claims; an address another
 * pod holds keeps mapping to it.
 */
final class PodIndex {
    private static final Logger log = LoggerFactory.getLogger(PodIndex.class);

    /** The label the Deployment controller puts on a ReplicaSet's pods and appends to its name. */
    static final String POD_TEMPLATE_HASH = "pod-template-hash";

    /** Highest rank wins: not terminating, then newer, then later first claim. */
    private static final Comparator<Claim> RANK = Comparator.comparing((Claim claim) -> !claim.terminating())
            .thenComparing(Claim::created)
            .thenComparingLong(Claim::since);

    private final ConcurrentHashMap<IpAddress, WorkloadIdentity> published = new ConcurrentHashMap<>();

    /** Every claim on each address, by pod key; guarded by this. */
    private final Map<IpAddress, Map<String, Claim>> claimsByAddress = new HashMap<>();
    /** The addresses each pod claims, by pod key; guarded by this. */
    private final Map<String, Set<IpAddress>> addressesByPod = new HashMap<>();
    /** Orders claims by when they were first seen; guarded by this. */
    private long claimSequence;
    /** Once closed, nothing is mapped again; guarded by this. */
    private boolean closed;

    /** One pod's claim on one address. */
    private record Claim(String uid, WorkloadIdentity identity, boolean terminating, Instant created, long since) {}

    /** The pod at {@code source}, or null. An IPv4-mapped IPv6 source is also looked up as IPv4. */
    WorkloadIdentity identify(IpAddress source) {
        if (source == null) {
            return null;
        }
        WorkloadIdentity identity = published.get(source);
        if (identity == null && !source.isV4()) {
            IpAddress embedded = ipv4Mapped(source);
            if (embedded != null) {
                identity = published.get(embedded);
            }
        }
        return identity;
    }

    /** How many addresses are mapped. */
    int size() {
        return published.size();
    }

    /** Records the current state of a pod (an add or an update): its claims become exactly what it now holds. */
    synchronized void put(Pod pod) {
        if (closed) {
            return;
        }
        String key = Cache.metaNamespaceKeyFunc(pod);
        Set<IpAddress> next = mappableAddresses(pod);
        Set<IpAddress> previous = next.isEmpty() ? addressesByPod.remove(key) : addressesByPod.put(key, next);
        if (previous != null) {
            for (IpAddress address : previous) {
                if (!next.contains(address)) {
                    withdraw(address, key);
                }
            }
        }
        if (next.isEmpty()) {
            return;
        }
        ObjectMeta meta = pod.getMetadata();
        WorkloadIdentity identity = identityOf(pod);
        boolean terminating = meta.getDeletionTimestamp() != null;
        Instant created = parseTime(meta.getCreationTimestamp());
        for (IpAddress address : next) {
            Map<String, Claim> claims = claimsByAddress.computeIfAbsent(address, ignored -> new HashMap<>(2));
            Claim old = claims.get(key);
            // A claim keeps its place while the same pod (same uid) keeps the address; a pod
            // recreated under the same name is a new claimant.
            long since = old != null && Objects.equals(old.uid(), meta.getUid()) ? old.since() : ++claimSequence;
            claims.put(key, new Claim(meta.getUid(), identity, terminating, created, since));
            publish(address, claims);
        }
    }

    /** Forgets a deleted pod: withdraws its claims, and only its claims. */
    synchronized void remove(Pod pod) {
        String key = Cache.metaNamespaceKeyFunc(pod);
        Set<IpAddress> previous = addressesByPod.remove(key);
        if (previous != null) {
            previous.forEach(address -> withdraw(address, key));
        }
    }

    /** Forgets every pod and ignores any state that arrives afterwards. */
    synchronized void close() {
        closed = true;
        claimsByAddress.clear();
        addressesByPod.clear();
        published.clear();
    }

    private void withdraw(IpAddress address, String key) {
        Map<String, Claim> claims = claimsByAddress.get(address);
        if (claims != null && claims.remove(key) != null) {
            publish(address, claims);
        }
    }

    private void publish(IpAddress address, Map<String, Claim> claims) {
        if (claims.isEmpty()) {
            claimsByAddress.remove(address);
            published.remove(address);
            return;
        }
        Claim winner = claims.size() == 1 ? claims.values().iterator().next()
                : claims.values().stream().max(RANK).orElseThrow();
        published.put(address, winner.identity());
    }

    /**
     * The addresses this pod should be known by: every entry of status.podIPs (IPv4 and IPv6),
     * but only while the pod is Pending or Running, and never for a host-network pod.
     */
    static Set<IpAddress> mappableAddresses(Pod pod) {
        PodSpec spec = pod.getSpec();
        PodStatus status = pod.getStatus();
        if (pod.getMetadata() == null || status == null) {
            return Set.of();
        }
        // A host-network pod has no address of its own: status.podIP is the node's address, which
        // every host-network process and every node-level agent on that node also sends from.
        // Mapping it would attribute all of that traffic to this one pod, so such pods are left
        // out and the node's address stays unknown (or falls to the static map).
        if (spec != null && Boolean.TRUE.equals(spec.getHostNetwork())) {
            return Set.of();
        }
        String phase = status.getPhase();
        if (!"Running".equals(phase) && !"Pending".equals(phase)) {
            return Set.of();
        }
        Set<IpAddress> addresses = new LinkedHashSet<>();
        List<PodIP> podIps = status.getPodIPs();
        if (podIps != null) {
            for (PodIP podIp : podIps) {
                addParsed(addresses, podIp == null ? null : podIp.getIp(), pod);
            }
        }
        // status.podIP is podIPs[0]; read it too in case a server or client leaves podIPs out.
        addParsed(addresses, status.getPodIP(), pod);
        return addresses.isEmpty() ? Set.of() : Set.copyOf(addresses);
    }

    private static void addParsed(Set<IpAddress> addresses, String text, Pod pod) {
        if (text == null || text.isEmpty()) {
            return;
        }
        try {
            addresses.add(IpAddress.parse(text));
        } catch (InvalidValueException e) {
            log.warn("pod {} lists address '{}', which {}; not mapping it",
                    Cache.metaNamespaceKeyFunc(pod), text, e.getMessage());
        }
    }

    /** Who the pod is: namespace, name, workload, service account, node and labels. */
    static WorkloadIdentity identityOf(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        PodSpec spec = pod.getSpec();
        String serviceAccount = null;
        String node = null;
        if (spec != null) {
            serviceAccount = spec.getServiceAccountName() != null ? spec.getServiceAccountName()
                    : spec.getServiceAccount(); // the deprecated alias, for objects that only set it
            node = spec.getNodeName();
        }
        return new WorkloadIdentity(meta.getNamespace(), meta.getName(), workloadOf(pod), serviceAccount, node,
                labelsOf(meta));
    }

    /**
     * The name of the workload that runs this pod: the controlling owner's name, except that a
     * ReplicaSet made by a Deployment is named {@code <deployment>-<pod-template-hash>}, so the
     * hash is cut off to give the Deployment's name. A pod with no controller is its own workload.
     * Other owners (StatefulSet, DaemonSet, Job, ...) are named as they are; a Job made by a
     * CronJob therefore keeps its schedule suffix.
     */
    static String workloadOf(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        OwnerReference controller = null;
        if (meta.getOwnerReferences() != null) {
            for (OwnerReference owner : meta.getOwnerReferences()) {
                if (owner != null && Boolean.TRUE.equals(owner.getController())) {
                    controller = owner;
                    break;
                }
            }
        }
        if (controller == null || controller.getName() == null || controller.getName().isEmpty()) {
            return meta.getName();
        }
        String owner = controller.getName();
        if ("ReplicaSet".equals(controller.getKind()) && meta.getLabels() != null) {
            String hash = meta.getLabels().get(POD_TEMPLATE_HASH);
            String suffix = "-" + hash;
            if (hash != null && !hash.isEmpty() && owner.length() > suffix.length() && owner.endsWith(suffix)) {
                return owner.substring(0, owner.length() - suffix.length());
            }
        }
        return owner;
    }

    private static Map<String, String> labelsOf(ObjectMeta meta) {
        if (meta.getLabels() == null || meta.getLabels().isEmpty()) {
            return Map.of();
        }
        // WorkloadIdentity copies with Map.copyOf, which refuses nulls; the API never sends a null
        // label value, but a hand-made object could.
        Map<String, String> labels = new LinkedHashMap<>();
        meta.getLabels().forEach((name, value) -> {
            if (name != null && value != null) {
                labels.put(name, value);
            }
        });
        return labels;
    }

    private static Instant parseTime(String timestamp) {
        if (timestamp == null) {
            return Instant.MIN;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    /** The IPv4 address inside {@code ::ffff:a.b.c.d}, or null for any other IPv6 address. */
    private static IpAddress ipv4Mapped(IpAddress address) {
        byte[] bytes = address.bytes();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return null;
        }
        return IpAddress.of(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
    }
}
