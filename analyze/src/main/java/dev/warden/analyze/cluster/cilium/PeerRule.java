package dev.warden.analyze.cluster.cilium;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * One ingress or egress rule of a Cilium policy, allow or deny: the peers it names and the ports
 * it restricts them to. For egress the peers are the {@code to*} fields, for ingress the
 * {@code from*} ones; an empty list is a field left out, as Cilium treats it.
 *
 * @param endpoints {@code toEndpoints} / {@code fromEndpoints}, with selector keys as written
 * @param cidrs {@code toCIDR} and {@code toCIDRSet} / {@code fromCIDR} and {@code fromCIDRSet}:
 *     Cilium documents a {@code toCIDR} prefix as the same as a {@code toCIDRSet} entry without
 *     {@code except}
 * @param entities {@code toEntities} / {@code fromEntities}
 * @param fqdns {@code toFQDNs}; egress only
 * @param services {@code toServices}; egress only
 * @param unresolvedPeers the peer fields present that the model cannot resolve ({@code toNodes},
 *     {@code toGroups}, {@code fromNodes}, ...): they name nodes or cloud groups it does not know,
 *     yet still make the rule one with peers
 * @param ports {@code toPorts}; empty for a rule on every port
 * @param icmps whether the rule has {@code icmps}, which allow or deny ICMP only
 */
public record PeerRule(
        List<LabelSelector> endpoints,
        List<CidrPeer> cidrs,
        List<Entity> entities,
        List<FqdnSelector> fqdns,
        List<ServiceSelector> services,
        List<String> unresolvedPeers,
        List<PortRule> ports,
        boolean icmps) {
    public PeerRule {
        endpoints = List.copyOf(endpoints);
        cidrs = List.copyOf(cidrs);
        entities = List.copyOf(entities);
        fqdns = List.copyOf(fqdns);
        services = List.copyOf(services);
        unresolvedPeers = List.copyOf(unresolvedPeers);
        ports = List.copyOf(ports);
    }

    /** Whether the rule names any peer; a rule without one applies to every peer on its ports. */
    public boolean hasPeers() {
        return !endpoints.isEmpty() || !cidrs.isEmpty() || !entities.isEmpty() || !fqdns.isEmpty()
                || !services.isEmpty() || !unresolvedPeers.isEmpty();
    }

    /** An address range peer. */
    public sealed interface CidrPeer {
        /**
         * A prefix and the prefixes inside it that are left out.
         *
         * @param cidr {@code address/prefix}; a bare address as {@code toCIDR} allows is read as a
         *     single-address prefix
         */
        record Block(String cidr, List<String> except) implements CidrPeer {
            public Block {
                except = List.copyOf(except);
            }
        }

        /**
         * {@code cidrGroupRef} or {@code cidrGroupSelector}: prefixes kept in CiliumCIDRGroup
         * objects, which the model does not read.
         *
         * @param reference how the policy names the group, for people
         */
        record Group(String reference) implements CidrPeer {}
    }

    /** One {@code toFQDNs} entry: an exact name or a {@code *} pattern. */
    public record FqdnSelector(String matchName, String matchPattern) {}

    /** One {@code toServices} entry. */
    public sealed interface ServiceSelector {
        /**
         * {@code k8sService}: a Service by name.
         *
         * @param namespace null or empty for any namespace, as Cilium matches it
         */
        record ByName(String name, String namespace) implements ServiceSelector {}

        /**
         * {@code k8sServiceSelector}: Services by their own labels.
         *
         * @param namespace null or empty for any namespace
         */
        record ByLabels(LabelSelector selector, String namespace) implements ServiceSelector {}
    }

    /**
     * One {@code toPorts} entry.
     *
     * @param layer7 whether it carries L7 {@code rules} (HTTP, Kafka, DNS, ...); they filter
     *     requests, but for whether a connection can be opened the port is allowed all the same
     */
    public record PortRule(List<PortProtocol> ports, boolean layer7) {
        public PortRule {
            ports = List.copyOf(ports);
        }
    }

    /**
     * A port, or range, and protocol.
     *
     * @param port a number ({@code "0"} for every port) or a container port name, as written
     * @param endPort the range's last port; 0 when there is no range (it is ignored with a name)
     */
    public record PortProtocol(String port, int endPort, Protocol protocol) {
        /** Whether the port is a name: Cilium reads it as one when it is an IANA service name, which has a letter in it. */
        public boolean named() {
            return port.chars().anyMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z');
        }
    }

    /** {@code protocol}; left out, it is {@link #ANY}. */
    public enum Protocol {
        TCP,
        UDP,
        SCTP,
        ANY
    }
}
