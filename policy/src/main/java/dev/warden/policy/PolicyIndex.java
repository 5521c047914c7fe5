package dev.warden.policy;

import dev.warden.model.decision.Decision;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.AddressClass;
import dev.warden.model.net.Hostname;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.Destination;
import dev.warden.model.registry.EgressException;
import dev.warden.model.registry.Mode;
import dev.warden.model.registry.Registry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry compiled for decisions: the one {@link #decide} every verb uses. Built once per
 * registry load; a decision is a few hash lookups and a walk of at most 128 trie nodes, never a
 * scan of all records. Grants are filed by the caller's namespace, then by exact name, by the
 * parent of a name (wildcards stand for exactly one label), by CIDR, and any-public.
 */
public final class PolicyIndex {
    private final Map<String, Rules> byNamespace = new HashMap<>();
    private final Rules unidentified = new Rules();

    /** The grants one group of callers may use. */
    private static final class Rules {
        final Map<String, List<Grant>> byName = new HashMap<>();
        final Map<String, List<Grant>> byWildcardParent = new HashMap<>();
        final AddressTrie<Grant> byAddress = new AddressTrie<>();
        final List<Grant> anyPublic = new ArrayList<>();
        final List<EgressDependency> reportOnly = new ArrayList<>();
        boolean empty = true;
    }

    private PolicyIndex() {}

    /**
     * Whether {@code dependency}'s source (namespace, service account, pod selector) admits
     * {@code caller}: the selection {@link #decide} applies, for verbs that ask which records
     * speak for a workload.
     */
    public static boolean selects(EgressDependency dependency, WorkloadIdentity caller) {
        return Grant.selects(dependency, caller);
    }

    /** Compiles {@code registry}; exceptions count while {@code today} is not past their expiry. */
    public static PolicyIndex compile(Registry registry, LocalDate today) {
        PolicyIndex index = new PolicyIndex();
        for (EgressDependency dependency : registry.dependencies()) {
            index.add(dependency, null, dependency.spec().destination(), dependency.spec().destination().ports());
        }
        for (EgressException exception : registry.exceptions()) {
            if (!exception.activeOn(today)) {
                continue;
            }
            registry.dependency(exception.spec().dependency()).ifPresent(dependency -> {
                Destination base = dependency.spec().destination();
                var spec = exception.spec();
                boolean addsDestinations = !spec.hosts().isEmpty() || !spec.cidrs().isEmpty();
                Destination destination = addsDestinations
                        ? new Destination(spec.hosts(), List.of(), spec.cidrs(), null, base.allowPrivate(), List.of())
                        : base;
                index.add(dependency, exception.name(), destination, spec.ports().isEmpty() ? base.ports() : spec.ports());
            });
        }
        return index;
    }

    private void add(EgressDependency dependency, String exception, Destination destination,
            List<EgressDependency.PortRange> ports) {
        Grant grant = new Grant(dependency, exception, ports, destination.allowPrivate(), destination.anyPublic() != null);
        var source = dependency.spec().source();
        List<Rules> targets = new ArrayList<>(2);
        targets.add(byNamespace.computeIfAbsent(source.namespace(), namespace -> new Rules()));
        if (source.allowUnidentified()) {
            targets.add(unidentified);
        }
        for (Rules rules : targets) {
            rules.empty = false;
            destination.hosts().forEach(host -> rules.byName.computeIfAbsent(host.ascii(), k -> new ArrayList<>()).add(grant));
            destination.wildcards().forEach(wildcard -> rules.byWildcardParent
                    .computeIfAbsent(wildcard.pattern().suffix().ascii(), k -> new ArrayList<>()).add(grant));
            destination.cidrs().forEach(cidr -> rules.byAddress.put(cidr, grant));
            destination.allowPrivate().forEach(range -> rules.byAddress.put(range.cidr(), grant));
            if (grant.anyPublic()) {
                rules.anyPublic.add(grant);
            }
            if (exception == null && dependency.spec().mode() == Mode.REPORT_ONLY) {
                rules.reportOnly.add(dependency);
            }
        }
    }

    /**
     * Decides {@code request}. Allowed when a record (or an active exception) selects the caller
     * and covers the destination and port, and — once the address is known — the address is
     * public or inside a range the record allows. Otherwise denied with a reason that names the
     * workload, the destination and what is missing; a caller selected by a report-only record
     * is let through with the verdict {@code ALLOW_REPORT_ONLY} instead, except for special
     * addresses, which are refused in every mode.
     */
    public Decision decide(EgressRequest request) {
        WorkloadIdentity caller = request.caller();
        Rules rules = caller == null ? unidentified : byNamespace.get(caller.namespace());
        String who = caller == null
                ? "unidentified caller " + (request.source() == null ? "" : request.source() + " ")
                : caller.displayName() + " ";
        if (rules == null || rules.empty) {
            return caller == null
                    ? Decision.deny(null, who.trim() + " is not a known workload, and no record admits unidentified callers")
                    : Decision.deny(null, "no record allows " + who + "to reach " + request.target()
                            + " (the namespace has no egress records)");
        }
        Grant portMismatch = null;
        Grant addressRefused = null;
        for (List<Grant> group : candidates(rules, request)) {
            for (Grant grant : group) {
                if (!grant.selects(caller)) {
                    continue;
                }
                if (!request.anyPort() && !grant.allowsPort(request.port(), request.transport())) {
                    portMismatch = portMismatch == null ? grant : portMismatch;
                    continue;
                }
                if (request.address() != null && !admitsAddress(grant, request)) {
                    addressRefused = addressRefused == null ? grant : addressRefused;
                    continue;
                }
                return Decision.allow(grant.dependency(), "allowed by " + grant.describe());
            }
        }
        if (addressRefused != null) {
            AddressClass kind = AddressClass.classify(request.address());
            return Decision.deny(addressRefused.dependency(), who + "may reach " + request.target() + " by "
                    + addressRefused.describe() + ", but it resolved to " + request.address() + ", a "
                    + kind.description() + " address that the record does not allow (allowPrivate)");
        }
        String denial = portMismatch != null
                ? portMismatch.describe() + " allows " + who.trim() + " to reach " + destinationName(request)
                        + " only on ports " + portMismatch.ports() + ", not " + request.port() + "/" + request.transport()
                : "no record allows " + who + "to reach " + request.target();
        for (EgressDependency trial : rules.reportOnly) {
            if (Grant.selects(trial, caller) && !refusedSpecialAddress(request)) {
                return Decision.reportOnly(trial, "would deny: " + denial + " (record " + trial.name() + " is report-only)");
            }
        }
        return Decision.deny(portMismatch == null ? null : portMismatch.dependency(), denial);
    }

    private static boolean admitsAddress(Grant grant, EgressRequest request) {
        if (request.name() != null) {
            return grant.allowsResolvedAddress(request.address());
        }
        // An IP literal is covered by the record's cidrs or allowPrivate (the trie matched one of
        // them), or by anyPublic for a public address.
        return grant.allowsResolvedAddress(request.address()) || grant.allowsSpecialAddress(request.address());
    }

    private static boolean refusedSpecialAddress(EgressRequest request) {
        return request.address() != null && AddressClass.classify(request.address()).refusedByDefault();
    }

    /**
     * The grants that may cover {@code request}, as the index's own lists in the order they are
     * tried — exact name, then wildcard parent (or the address's CIDRs), then any-public — so
     * a decision copies no grants.
     */
    private static List<List<Grant>> candidates(Rules rules, EgressRequest request) {
        Hostname name = request.name();
        if (name == null) {
            List<Grant> byAddress = new ArrayList<>();
            rules.byAddress.forEachContaining(request.address(), byAddress::add);
            return List.of(byAddress, rules.anyPublic);
        }
        String ascii = name.ascii();
        int dot = ascii.indexOf('.');
        List<Grant> byParent = dot > 0 ? rules.byWildcardParent.getOrDefault(ascii.substring(dot + 1), List.of()) : List.of();
        return List.of(rules.byName.getOrDefault(ascii, List.of()), byParent, rules.anyPublic);
    }

    private static String destinationName(EgressRequest request) {
        return request.name() != null ? request.name().ascii() : request.address().toString();
    }
}
