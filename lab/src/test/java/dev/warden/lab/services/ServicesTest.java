package dev.warden.lab.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.lab.net.LabException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicesTest {
    @Test
    void theGatewayRunsTheRealVerbWithProxyResolverAndLogs() {
        List<String> command = Gateway.command("/jdk/bin/java", Path.of("/w/warden.jar"), Path.of("/w/registry"),
                "10.244.2.2", Path.of("/o/audit.jsonl"), Path.of("/o/dns.jsonl"));
        assertThat(command).startsWith("/jdk/bin/java", "-jar", "/w/warden.jar", "gateway");
        assertThat(String.join(" ", command)).contains("--listen 10.244.2.2:3128", "--dns 10.244.2.2:53",
                "--hosts /w/registry/hosts", "--dns-zone /w/registry/dns.zone", "--audit /o/audit.jsonl",
                "--dns-log /o/dns.jsonl", "--registry /w/registry", "--admin 127.0.0.1:9090");
    }

    @Test
    void aJarWithoutMainClassIsRefusedWithTheReason(@TempDir Path directory) throws Exception {
        Path broken = directory.resolve("broken.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(broken), new java.util.jar.Manifest())) {
            out.putNextEntry(new java.util.zip.ZipEntry("x.txt"));
        }
        assertThatThrownBy(() -> Gateway.copyRunnable(broken, directory.resolve("copy.jar"), Duration.ZERO))
                .isInstanceOf(LabException.class).hasMessageContaining("no Main-Class");
    }

    @Test
    void theJarComesFromTheSystemPropertyWhenSet() {
        String before = System.getProperty("warden.jar");
        try {
            System.setProperty("warden.jar", "/somewhere/warden.jar");
            assertThat(Gateway.jar()).isEqualTo(Path.of("/somewhere/warden.jar"));
        } finally {
            if (before == null) {
                System.clearProperty("warden.jar");
            } else {
                System.setProperty("warden.jar", before);
            }
        }
    }

    @Test
    void nginxListensOnlyOnTheVendorAddressAndKeepsItsFilesInItsDirectory() {
        String config = Vendor.config("198.18.2.2", Path.of("/w/vendor"));
        assertThat(config).contains("daemon off;", "listen 198.18.2.2:443 ssl;", "server_name api.payment-vendor.example;",
                "pid /w/vendor/nginx.pid;", "client_body_temp_path /w/vendor/tmp/body;");
    }

    @Test
    void readsTheCounterOfADropRuleByItsComment() {
        String chain = """
                ip saddr @pod_cidrs meta l4proto { tcp, udp } th dport { 53, 853 } counter packets 2 bytes 120 drop comment "warden: DNS only to the resolver (§24.2)"
                counter packets 7 bytes 420 drop comment "warden: default deny (§15)"
                """;
        assertThat(NodeFirewall.packets(chain, "warden: default deny")).isEqualTo(7);
        assertThat(NodeFirewall.packets(chain, "warden: DNS only to the resolver")).isEqualTo(2);
        assertThat(NodeFirewall.packets(chain, "warden: nothing")).isEqualTo(-1);
    }
}
