package dev.warden.runtime.identity;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds pod objects the way the API server reports them, status included. */
final class TestPods {
    private final String namespace;
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String ownerKind;
    private String ownerName;
    private String serviceAccount = "default";
    private String node = "node-a";
    private boolean hostNetwork;
    private String phase = "Running";
    private List<String> ips = List.of();
    private String uid = UUID.randomUUID().toString();
    private String created;
    private String deleted;

    private TestPods(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    static TestPods pod(String namespace, String name) {
        return new TestPods(namespace, name);
    }

    TestPods label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Owned by a controller of this kind and name. */
    TestPods ownedBy(String kind, String owner) {
        ownerKind = kind;
        ownerName = owner;
        return this;
    }

    TestPods serviceAccount(String account) {
        serviceAccount = account;
        return this;
    }

    TestPods node(String nodeName) {
        node = nodeName;
        return this;
    }

    TestPods hostNetwork() {
        hostNetwork = true;
        return this;
    }

    TestPods phase(String podPhase) {
        phase = podPhase;
        return this;
    }

    /** status.podIPs, in order; status.podIP is the first. */
    TestPods ips(String... addresses) {
        ips = Arrays.asList(addresses);
        return this;
    }

    TestPods uid(String podUid) {
        uid = podUid;
        return this;
    }

    TestPods created(String timestamp) {
        created = timestamp;
        return this;
    }

    TestPods terminating() {
        deleted = "2030-01-01T00:00:00Z";
        return this;
    }

    Pod build() {
        PodBuilder builder = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid(uid)
                .withCreationTimestamp(created)
                .withDeletionTimestamp(deleted)
                .withLabels(labels.isEmpty() ? null : labels)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(serviceAccount)
                .withNodeName(node)
                .withHostNetwork(hostNetwork ? Boolean.TRUE : null)
                .addNewContainer().withName("app").withImage("registry.example/app:1").endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .withPodIP(ips.isEmpty() ? null : ips.get(0))
                .withPodIPs(ips.stream().map(PodIP::new).toList())
                .endStatus();
        if (ownerKind != null) {
            builder.editMetadata()
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion(ownerKind.equals("Job") ? "batch/v1" : "apps/v1")
                            .withKind(ownerKind)
                            .withName(ownerName)
                            .withUid(UUID.randomUUID().toString())
                            .withController(true)
                            .withBlockOwnerDeletion(true)
                            .build())
                    .endMetadata();
        }
        return builder.build();
    }
}
