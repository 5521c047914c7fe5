package dev.warden.lab.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {
    private final LabNames names = new LabNames("00af");
    private final Topology topology = Topology.cluster(names);

    @Test
    void everyPeerHangsOffTheNodeAndRoutesThroughIt() {
        assertThat(topology.links()).hasSize(4).allSatisfy(link -> {
            assertThat(link.node().namespace()).isEqualTo(names.node());
            assertThat(topology.routes()).contains(new Topology.Route(link.peer().namespace(), link.node().address()));
        });
    }

    @Test
    void podsAreInThePodRangeAndTheOutsideInTheBenchmarkingRange() {
        assertThat(topology.links().get(0).peer().cidr()).isEqualTo("10.244.1.10/24");
        assertThat(topology.links().get(1).peer().address()).isEqualTo(Topology.GATEWAY_ADDRESS).startsWith("10.244.");
        assertThat(List.of(Topology.VENDOR_ADDRESS, Topology.INTERNET_ADDRESS)).allSatisfy(address ->
                assertThat(address).startsWith("198.18."));
    }

    @Test
    void commandsCreateNamespacesFirstAndNeverNameAnInterfaceOnTheHost() {
        List<List<String>> commands = topology.buildCommands();
        assertThat(commands.subList(0, 2 * names.all().size())).allSatisfy(command ->
                assertThat(command.get(1)).isIn("netns", "-n"));
        assertThat(commands).filteredOn(command -> command.contains("veth")).hasSize(4).allSatisfy(command -> {
            assertThat(command).startsWith("ip", "-n", names.node());
            assertThat(command).contains("netns");
        });
        assertThat(commands.get(commands.size() - 1)).containsExactly(
                "ip", "netns", "exec", names.node(), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    }
}
