package dev.warden.compile.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.model.registry.Registry;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

/** Registries for the nftables tests: the repository's examples, and small ones written in a test. */
final class TestRegistries {
    /** Every example that reads cleanly; {@code broken} is left out on purpose, it is the check's test data. */
    static final List<String> EXAMPLES = List.of("local", "payments", "platform");

    private TestRegistries() {}

    /** An example registry, from the module directory the tests run in. */
    static Registry example(String name) {
        return clean(new RegistryLoader().load(List.of(Path.of("..", "examples", name))));
    }

    /** A registry written in the test, documents separated by {@code ---}. */
    static Registry of(String... documents) {
        return clean(new RegistryLoader().load("test.yaml", new StringReader(String.join("---\n", documents))));
    }

    private static Registry clean(LoadedRegistry loaded) {
        assertThat(loaded.findings()).as("the registry reads cleanly").isEmpty();
        return loaded.registry();
    }

    /** A posture for one pod range and no gateway or NAT; {@code extra} is appended to its spec. */
    static String posture(String extra) {
        return """
                apiVersion: warden.dev/v1alpha1
                kind: EgressPosture
                metadata: {name: lab}
                spec:
                  defaultEgress: deny
                  clusterDns:
                    namespace: kube-system
                    podSelector: {matchLabels: {k8s-app: kube-dns}}
                    addresses: [10.96.0.10]
                  podCidrs: [10.244.0.0/16]
                  serviceCidrs: [10.96.0.0/12]
                """ + extra;
    }

    /** A nat-path record of workload {@code app} in namespace {@code lab}; {@code destination} is its YAML body. */
    static String natRecord(String name, String destination) {
        return """
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: %s}
                spec:
                  owner: lab-team
                  service: app
                  purpose: reach a lab service
                  class: public-saas
                  source: {namespace: lab, serviceAccount: app}
                  destination:
                %s
                  protocol: HTTP
                  path: nat
                  dataClassification: public
                  auth: none
                  tls: {verify: none}
                  availability: low
                  audit: [destination]
                  review: {cadence: annual, lastReviewed: 2026-11-01}
                """.formatted(name, destination.indent(4).stripTrailing());
    }
}
