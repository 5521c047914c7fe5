package dev.warden.lab.net;

import java.util.ArrayList;
import java.util.List;

/**
 * A small cluster-like network, as data: namespaces, veth links between them with an address on
 * each end, default routes, and the one namespace that forwards (the node). {@link Netns} builds it.
 *
 * <pre>
 *   pod  10.244.1.10 --- 10.244.1.1  node  10.244.2.1 --- 10.244.2.2  gateway (proxy :3128, DNS :53)
 *                                     |  198.18.2.1 --- 198.18.2.2  vendor   (nginx TLS :443)
 *                                     |  198.18.3.1 --- 198.18.3.2  internet (HTTP :80, DNS :53)
 * </pre>
 *
 * The gateway is a pod too, so its address lies in the pod range; the vendor and the internet lie
 * beyond the node in 198.18.0.0/15, the benchmarking range, never a real public address.
 */
public record Topology(List<String> namespaces, String node, List<Link> links, List<Route> routes) {
    public static final String POD_ADDRESS = "10.244.1.10";
    public static final String GATEWAY_ADDRESS = "10.244.2.2";
    public static final String VENDOR_ADDRESS = "198.18.2.2";
    public static final String INTERNET_ADDRESS = "198.18.3.2";
    public static final String NODE_VENDOR_SIDE = "198.18.2.1";

    public Topology {
        namespaces = List.copyOf(namespaces);
        links = List.copyOf(links);
        routes = List.copyOf(routes);
    }

    /** One end of a veth: the namespace, the device's name there, and its address with prefix length. */
    public record End(String namespace, String device, String cidr) {
        public String address() {
            return cidr.substring(0, cidr.indexOf('/'));
        }
    }

    public record Link(End node, End peer) {}

    /** A default route in {@code namespace} through {@code via}. */
    public record Route(String namespace, String via) {}

    /** The network every lab uses, for one run's names. */
    public static Topology cluster(LabNames names) {
        List<Link> links = List.of(
                link(names.node(), "pod0", "10.244.1.1/24", names.pod(), POD_ADDRESS + "/24"),
                link(names.node(), "gw0", "10.244.2.1/24", names.gateway(), GATEWAY_ADDRESS + "/24"),
                link(names.node(), "vd0", NODE_VENDOR_SIDE + "/24", names.vendor(), VENDOR_ADDRESS + "/24"),
                link(names.node(), "in0", "198.18.3.1/24", names.internet(), INTERNET_ADDRESS + "/24"));
        List<Route> routes = new ArrayList<>();
        for (Link link : links) {
            routes.add(new Route(link.peer().namespace(), link.node().address()));
        }
        return new Topology(names.all(), names.node(), links, routes);
    }

    private static Link link(String node, String nodeDevice, String nodeCidr, String peer, String peerCidr) {
        return new Link(new End(node, nodeDevice, nodeCidr), new End(peer, "eth0", peerCidr));
    }

    /**
     * The {@code ip} commands that build this topology, in order. Each veth is created inside the
     * node's namespace with its peer moved straight into the other one, so no interface name is
     * ever taken on the host.
     */
    public List<List<String>> buildCommands() {
        List<List<String>> commands = new ArrayList<>();
        for (String namespace : namespaces) {
            commands.add(List.of("ip", "netns", "add", namespace));
            commands.add(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
        }
        for (Link link : links) {
            commands.add(List.of("ip", "-n", link.node().namespace(), "link", "add", link.node().device(), "type", "veth",
                    "peer", "name", link.peer().device(), "netns", link.peer().namespace()));
            for (End end : List.of(link.node(), link.peer())) {
                commands.add(List.of("ip", "-n", end.namespace(), "addr", "add", end.cidr(), "dev", end.device()));
                commands.add(List.of("ip", "-n", end.namespace(), "link", "set", end.device(), "up"));
            }
        }
        for (Route route : routes) {
            commands.add(List.of("ip", "-n", route.namespace(), "route", "add", "default", "via", route.via()));
        }
        commands.add(List.of("ip", "netns", "exec", node, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
        return commands;
    }
}
