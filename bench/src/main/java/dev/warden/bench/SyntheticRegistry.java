package dev.warden.bench;

import dev.warden.model.net.AddressClass;
import dev.warden.model.net.Cidr;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.Registry;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.io.StringReader;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A large, deterministic registry written as YAML text, the way users write it, and read with
 * the real {@link RegistryLoader} (schema validation and normalisation included).
 *
 * <p>The mix, per record (fixed seed, so every run builds the same registry):
 * <ul>
 *   <li>85.0% exact host names (1–3 each; half of the first names come from a pool of 5,000
 *       shared SaaS names, so popular names appear in many namespaces),
 *   <li>9.0% a reviewed wildcard (plus one exact name),
 *   <li>5.0% public CIDRs (1–4 each, /16 to /32),
 *   <li>0.5% private endpoints (a name plus {@code allowPrivate} 10.x.y.0/24),
 *   <li>0.5% {@code anyPublic} (webhook senders).
 * </ul>
 * Records are spread evenly over the namespaces; each namespace has 10 service accounts
 * ({@code svc-0} … {@code svc-9}), and half of the records also carry a pod selector
 * {@code app: svc-N}. Ports: 70% 443, 15% 443+8443, 10% 80+443, 5% the range 8000–8099.
 */
public final class SyntheticRegistry {
    public static final int SERVICE_ACCOUNTS = 10;
    static final int SHARED_NAMES = 5_000;
    static final long SEED = 20261125L;

    /** What kind of destination a record names; decides how the benchmark can ask about it. */
    public enum Kind { HOSTS, WILDCARD, CIDRS, PRIVATE_ENDPOINT, ANY_PUBLIC }

    private SyntheticRegistry() {}

    public static Kind kindOf(int recordIndex) {
        int u = Math.floorMod(mix(recordIndex), 1000);
        if (u < 850) {
            return Kind.HOSTS;
        } else if (u < 940) {
            return Kind.WILDCARD;
        } else if (u < 990) {
            return Kind.CIDRS;
        } else if (u < 995) {
            return Kind.PRIVATE_ENDPOINT;
        }
        return Kind.ANY_PUBLIC;
    }

    /** The YAML text of {@code records} records over {@code namespaces} namespaces, "---" separated. */
    public static String yaml(int records, int namespaces) {
        StringBuilder out = new StringBuilder(records * 1_000);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < records; i++) {
            if (i > 0) {
                out.append("---\n");
            }
            appendRecord(out, i, namespaces, random.split());
        }
        return out.toString();
    }

    /** Generates and loads; fails loudly if the loader reports any error. */
    public static Registry load(int records, int namespaces) {
        String text = yaml(records, namespaces);
        LoadedRegistry loaded = new RegistryLoader().load("synthetic-registry.yaml", new StringReader(text));
        if (loaded.hasErrors()) {
            throw new IllegalStateException("the synthetic registry does not load cleanly:\n" + loaded.findings().stream()
                    .limit(10).map(Object::toString).collect(Collectors.joining("\n")));
        }
        if (loaded.registry().dependencies().size() != records) {
            throw new IllegalStateException("loaded " + loaded.registry().dependencies().size() + " records, not " + records);
        }
        return loaded.registry();
    }

    public static String namespace(int recordIndex, int namespaces) {
        return "ns-" + (recordIndex % namespaces);
    }

    public static String serviceAccount(int recordIndex, int namespaces) {
        return "svc-" + ((recordIndex / namespaces) % SERVICE_ACCOUNTS);
    }

    private static void appendRecord(StringBuilder out, int i, int namespaces, SplittableRandom random) {
        Kind kind = kindOf(i);
        String ns = namespace(i, namespaces);
        String sa = serviceAccount(i, namespaces);
        out.append("apiVersion: warden.dev/v1alpha1\nkind: EgressDependency\nmetadata: {name: dep-").append(i).append("}\n");
        out.append("spec:\n  owner: team-").append(i % namespaces % 97).append('\n');
        out.append("  service: ").append(sa).append('\n');
        out.append("  purpose: synthetic dependency ").append(i).append(" for the policy benchmark\n");
        out.append("  class: ").append(switch (kind) {
            case PRIVATE_ENDPOINT -> "platform-private";
            case CIDRS -> "regulated-third-party";
            default -> "public-saas";
        }).append('\n');
        out.append("  source:\n    namespace: ").append(ns).append("\n    serviceAccount: ").append(sa).append('\n');
        if (random.nextBoolean()) {
            out.append("    podSelector: {matchLabels: {app: ").append(sa).append("}}\n");
        }
        out.append("  destination:\n");
        switch (kind) {
            case HOSTS -> {
                int count = 1 + random.nextInt(3);
                out.append("    hosts: [");
                for (int h = 0; h < count; h++) {
                    if (h > 0) {
                        out.append(", ");
                    }
                    out.append(h == 0 && random.nextBoolean()
                            ? sharedName(random.nextInt(SHARED_NAMES))
                            : "api" + h + ".vendor-" + i + ".example");
                }
                out.append("]\n");
            }
            case WILDCARD -> {
                out.append("    hosts: [login.vendor-").append(i).append(".example]\n");
                out.append("    wildcards: [{pattern: \"*.shard-").append(i)
                        .append(".wild.example\", reviewed: true, reason: \"one name per tenant shard\"}]\n");
            }
            case CIDRS -> {
                int count = 1 + random.nextInt(4);
                out.append("    cidrs: [");
                for (int c = 0; c < count; c++) {
                    if (c > 0) {
                        out.append(", ");
                    }
                    out.append(publicCidr(random));
                }
                out.append("]\n");
            }
            case PRIVATE_ENDPOINT -> {
                out.append("    hosts: [db-").append(i).append(".privatelink.example]\n");
                out.append("    allowPrivate: [{cidr: 10.").append(random.nextInt(256)).append('.')
                        .append(random.nextInt(256)).append(".0/24, reason: private endpoint}]\n");
            }
            case ANY_PUBLIC -> out.append("    anyPublic: {reason: \"webhooks to customer-chosen URLs\"}\n");
        }
        int ports = random.nextInt(100);
        out.append("    ports: ").append(ports < 70 ? "[{port: 443}]"
                : ports < 85 ? "[{port: 443}, {port: 8443}]"
                : ports < 95 ? "[{port: 80}, {port: 443}]"
                : "[{port: 8000, endPort: 8099}]").append('\n');
        out.append("  protocol: ").append(kind == Kind.PRIVATE_ENDPOINT ? "TLS" : "HTTPS").append('\n');
        out.append("  path: ").append(kind == Kind.PRIVATE_ENDPOINT ? "private-endpoint" : "egress-gateway").append('\n');
        out.append("  dataClassification: ").append(kind == Kind.CIDRS ? "confidential" : "internal").append('\n');
        out.append("""
                  auth: bearer-token
                  tls: {verify: required}
                  availability: medium
                  audit: [destination, source-workload]
                  review: {cadence: annual, lastReviewed: 2026-06-01}
                """);
    }

    /** One of the shared SaaS-like names, e.g. {@code api.saas-1234.example}. */
    public static String sharedName(int n) {
        return "api.saas-" + n + ".example";
    }

    private static final int[] PUBLIC_FIRST_OCTETS = {3, 13, 18, 20, 23, 34, 35, 40, 44, 52, 54, 104, 130, 151, 185, 199};
    private static final int[] PREFIXES = {16, 20, 24, 24, 24, 28, 32};

    /** A canonical public IPv4 network, checked against the special-purpose table. */
    static String publicCidr(SplittableRandom random) {
        while (true) {
            int prefix = PREFIXES[random.nextInt(PREFIXES.length)];
            byte[] bytes = {(byte) PUBLIC_FIRST_OCTETS[random.nextInt(PUBLIC_FIRST_OCTETS.length)],
                    (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)};
            int value = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
            int network = prefix == 32 ? value : value & (-1 << (32 - prefix));
            IpAddress address = IpAddress.of(new byte[] {
                    (byte) (network >>> 24), (byte) (network >>> 16), (byte) (network >>> 8), (byte) network});
            Cidr cidr = new Cidr(address, prefix);
            if (AddressClass.overlapping(cidr).stream().allMatch(c -> c == AddressClass.PUBLIC)) {
                return cidr.toString();
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B1;
        return h ^ (h >>> 15);
    }
}
