package dev.warden.lab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the host: needs root and ip, like the lab. */
class NetnsTest {
    @Test
    void cleanupStaleRemovesWhatAKilledRunLeftAndKillsWhatRanThere(@TempDir Path directory) throws Exception {
        LabNames names = LabNames.random();
        Commands.ok("ip", "netns", "add", names.pod());
        // A program left running inside, as a killed run leaves its gateway or nginx.
        Process orphan = Commands.start(Netns.inside(names.pod(), "sleep", "300"), Files.createFile(directory.resolve("log")));
        for (int i = 0; i < 50 && Commands.run("ip", "netns", "pids", names.pod()).output().isBlank(); i++) {
            Thread.sleep(50);
        }

        List<String> removed = Netns.cleanupStale();

        assertThat(removed).contains(names.pod());
        assertThat(Netns.labNamespaces()).doesNotContain(names.pod());
        assertThat(orphan.waitFor(5, TimeUnit.SECONDS)).as("the program in the namespace was killed").isTrue();
    }

    @Test
    void aFailedBuildRemovesWhatItHadCreated() {
        LabNames names = LabNames.random();
        // The second link's peer address is bad, so building fails after namespaces exist.
        Topology bad = new Topology(List.of(names.node(), names.pod()), names.node(),
                List.of(new Topology.Link(new Topology.End(names.node(), "pod0", "10.244.1.1/24"),
                        new Topology.End(names.pod(), "eth0", "not-an-address/24"))), List.of());
        assertThatThrownBy(() -> Netns.build(bad)).isInstanceOf(LabException.class).hasMessageContaining("not-an-address");
        assertThat(Netns.labNamespaces()).doesNotContain(names.node(), names.pod());
    }

    @Test
    void aCommandPastItsBoundIsKilled() {
        long start = System.nanoTime();
        CommandResult result = Commands.run(Duration.ofMillis(300), List.of("sleep", "30"));
        assertThat(result.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
