package dev.warden.analyze.findings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.analyze.read.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code wildcard-broader-than-registrable-domain}: egress allowlist entries whose wildcard spans
 * a public suffix (see {@link WildcardHosts}), one finding per object naming each such pattern.
 * Read from Cilium's {@code toFQDNs[].matchPattern} (CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy, in {@code spec} and {@code specs[]}), Istio ServiceEntry
 * {@code hosts}, and the host part of Istio Sidecar {@code egress[].hosts}. A Sidecar host that
 * is {@code *} alone imports a namespace's services from the registry rather than naming DNS
 * hosts, and is left alone.
 *
 * <p>HIGH: a workload allowed such a pattern can reach hosts any party can register, an
 * attacker's bucket or site among them, which is an open path out, not an exception to a deny.
 */
final class WildcardHostFindings {
    private static final List<String> CILIUM_KINDS = List.of("CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy");
    private static final String ISTIO = "networking.istio.io";

    private WildcardHostFindings() {}

    /** A pattern and the field it was written in, e.g. {@code spec.hosts[0]}. */
    private record Written(String field, String pattern) {}

    /** A pattern that reaches past one registrable domain, and how far. */
    private record Broad(Written written, WildcardHosts.Breadth breadth) {}

    static List<Finding> find(ReadResult read) {
        List<Finding> found = new ArrayList<>();
        for (String kind : CILIUM_KINDS) {
            TreeObject.all(read, "cilium.io", kind)
                    .forEach(policy -> report(policy, ciliumPatterns(policy.tree())).ifPresent(found::add));
        }
        TreeObject.all(read, ISTIO, "ServiceEntry")
                .forEach(entry -> report(entry, serviceEntryHosts(entry.spec())).ifPresent(found::add));
        TreeObject.all(read, ISTIO, "Sidecar")
                .forEach(sidecar -> report(sidecar, sidecarHosts(sidecar.spec())).ifPresent(found::add));
        return found;
    }

    private static Stream<Written> ciliumPatterns(JsonNode policy) {
        Stream<Written> single = rulePatterns("spec", policy.path("spec"));
        JsonNode specs = policy.path("specs");
        Stream<Written> listed = indexed(specs).flatMap(i -> rulePatterns("specs[" + i + "]", specs.get(i)));
        return Stream.concat(single, listed);
    }

    private static Stream<Written> rulePatterns(String at, JsonNode rule) {
        JsonNode egress = rule.path("egress");
        return indexed(egress).flatMap(e -> {
            JsonNode fqdns = egress.get(e).path("toFQDNs");
            return indexed(fqdns).flatMap(f -> text(at + ".egress[" + e + "].toFQDNs[" + f + "].matchPattern",
                    fqdns.get(f).path("matchPattern")));
        });
    }

    private static Stream<Written> serviceEntryHosts(JsonNode spec) {
        JsonNode hosts = spec.path("hosts");
        return indexed(hosts).flatMap(i -> text("spec.hosts[" + i + "]", hosts.get(i)));
    }

    /** Sidecar hosts are {@code namespace/host}; the host part is the pattern. */
    private static Stream<Written> sidecarHosts(JsonNode spec) {
        JsonNode egress = spec.path("egress");
        return indexed(egress).flatMap(e -> {
            JsonNode hosts = egress.get(e).path("hosts");
            return indexed(hosts).flatMap(h -> text("spec.egress[" + e + "].hosts[" + h + "]", hosts.get(h)));
        }).map(written -> new Written(written.field(), written.pattern().substring(written.pattern().indexOf('/') + 1)))
                .filter(written -> !written.pattern().equals("*"));
    }

    private static Optional<Finding> report(TreeObject object, Stream<Written> patterns) {
        List<Broad> broad = patterns
                .flatMap(written -> WildcardHosts.breadth(written.pattern())
                        .filter(WildcardHosts.Breadth::broaderThanOneRegistrableDomain)
                        .map(breadth -> new Broad(written, breadth))
                        .stream())
                .toList();
        if (broad.isEmpty()) {
            return Optional.empty();
        }
        String where = broad.stream()
                .map(entry -> "`" + entry.written().pattern() + "` in " + entry.written().field() + " ("
                        + reason(entry.breadth()) + ")")
                .collect(Collectors.joining(", "));
        String which = broad.stream().map(entry -> "`" + entry.written().pattern() + "`").distinct()
                .collect(Collectors.joining(", "));
        return Optional.of(new Finding("wildcard-broader-than-registrable-domain", object.involved().name(),
                Severity.HIGH, List.of(object.involved()),
                object.describe() + " allows " + where + ": names any party can register, an attacker's among them,"
                        + " so the entry is not an allowlist but an open path out.",
                "Replace " + which + " with the exact hosts the workloads need, or narrow each to `*.` and the"
                        + " registrable domain of the vendor that owns the names (for example `*.vendor.example`)."));
    }

    private static String reason(WildcardHosts.Breadth breadth) {
        return switch (breadth.extent()) {
            case PUBLIC_SUFFIX -> breadth.fixedSuffix() + " is a public suffix";
            case NO_FIXED_SUFFIX -> breadth.pattern().strip().equals("*") ? "every name"
                    : "nothing fixed after the wildcard, so every top-level domain";
            case NOT_A_DOMAIN_NAME -> breadth.fixedSuffix() + " is not a domain name";
            case ONE_REGISTRABLE_DOMAIN -> throw new IllegalArgumentException("not broad: " + breadth.pattern());
        };
    }

    private static Stream<Integer> indexed(JsonNode array) {
        return array.isArray() ? Stream.iterate(0, i -> i < array.size(), i -> i + 1) : Stream.empty();
    }

    private static Stream<Written> text(String field, JsonNode value) {
        return value.isTextual() ? Stream.of(new Written(field, value.textValue())) : Stream.empty();
    }
}
