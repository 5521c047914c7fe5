package dev.warden.compile;

import static dev.warden.compile.KubeObjects.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.net.Cidr;
import dev.warden.model.registry.EgressPosture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * "Any public address" as every target writes it: the whole address space less the ranges the
 * gateway's SSRF guard refuses by default, the cloud metadata addresses, and the cluster's own
 * pod and service ranges — so an anyPublic allow never reaches inside.
 */
public final class PublicAddresses {
    /**
     * IPv4 ranges that are not the public internet: those {@code AddressClass.refusedByDefault}
     * refuses (the nftables tests check they agree), plus metadata addresses outside them.
     * Documentation ranges count as public, as in the model, because examples use them for vendors.
     */
    public static final List<Cidr> NON_PUBLIC_V4 = parse("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "100.100.100.200/32", "127.0.0.0/8", "168.63.129.16/32", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4");
    /** IPv6 outside the public internet: loopback, unique local, link-local, multicast. */
    public static final List<Cidr> NON_PUBLIC_V6 = parse("::1/128", "fc00::/7", "fe80::/10", "ff00::/8");

    private PublicAddresses() {}

    private static List<Cidr> parse(String... cidrs) {
        return Stream.of(cidrs).map(Cidr::parse).toList();
    }

    /** {@code {cidr: 0.0.0.0/0, except: [...]}} and the same for {@code ::/0}, excepts sorted. */
    public static List<ObjectNode> blocks(EgressPosture.Spec posture) {
        Set<String> exceptV4 = new TreeSet<>();
        Set<String> exceptV6 = new TreeSet<>();
        List<Cidr> inside = new ArrayList<>(NON_PUBLIC_V4);
        inside.addAll(NON_PUBLIC_V6);
        inside.addAll(posture.podCidrs());
        inside.addAll(posture.serviceCidrs());
        inside.forEach(cidr -> (cidr.network().isV4() ? exceptV4 : exceptV6).add(cidr.toString()));
        ObjectNode v4 = JSON.objectNode().put("cidr", "0.0.0.0/0");
        exceptV4.forEach(v4.putArray("except")::add);
        ObjectNode v6 = JSON.objectNode().put("cidr", "::/0");
        exceptV6.forEach(v6.putArray("except")::add);
        return List.of(v4, v6);
    }
}
