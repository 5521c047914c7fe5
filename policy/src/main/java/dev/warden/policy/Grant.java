package dev.warden.policy;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.AddressClass;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressDependency.PrivateRange;
import dev.warden.model.registry.LabelSelector;
import dev.warden.model.registry.Transport;
import java.util.List;

/**
 * One compiled permission: a record (or one of its active exceptions) reduced to what a
 * decision needs to test. Destinations are not here: they are the keys the index files the
 * grant under.
 *
 * @param exception the name of the exception this grant comes from, or null for the record itself
 */
record Grant(
        EgressDependency dependency,
        String exception,
        List<PortRange> ports,
        List<PrivateRange> allowPrivate,
        boolean anyPublic) {

    boolean selects(WorkloadIdentity caller) {
        return selects(dependency, caller);
    }

    /** Whether {@code dependency}'s source admits {@code caller}; a pod selector needs known labels. */
    static boolean selects(EgressDependency dependency, WorkloadIdentity caller) {
        EgressDependency.Source source = dependency.spec().source();
        if (caller == null) {
            return source.allowUnidentified();
        }
        if (!source.namespace().equals(caller.namespace())) {
            return false;
        }
        if (source.serviceAccount() != null && !source.serviceAccount().equals(caller.serviceAccount())) {
            return false;
        }
        LabelSelector pods = source.podSelector();
        return pods == null || pods.matches(caller.labels());
    }

    boolean allowsPort(int port, Transport transport) {
        for (PortRange range : ports) {
            if (range.protocol() == transport && range.contains(port)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a special-purpose address (loopback, private, metadata, …) is explicitly allowed. */
    boolean allowsSpecialAddress(IpAddress address) {
        for (PrivateRange range : allowPrivate) {
            if (range.cidr().contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the address may be dialled for this grant: public, or an allowed special range. */
    boolean allowsResolvedAddress(IpAddress address) {
        return !AddressClass.classify(address).refusedByDefault() || allowsSpecialAddress(address);
    }

    String describe() {
        return exception == null ? "record " + dependency.name()
                : "exception " + exception + " of record " + dependency.name();
    }
}
