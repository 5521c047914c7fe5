package dev.warden.lab.services;

import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.Commands;
import dev.warden.lab.net.LabException;
import dev.warden.lab.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The payment vendor: nginx serving TLS for {@link #HOST} on its namespace's address, with a
 * self-signed certificate openssl makes for the run. Clients trust that certificate by file.
 */
public final class Vendor {
    public static final String HOST = "api.payment-vendor.example";
    public static final String BODY = "payment vendor: authorised";

    private Vendor() {}

    /** The certificate pods pass to curl as --cacert. */
    public static Path certificate(Path directory) {
        return directory.resolve("vendor.crt");
    }

    public static Path accessLog(Path directory) {
        return directory.resolve("access.log");
    }

    /** Makes the certificate, writes the configuration and starts nginx in {@code namespace}; returns once it answers there. */
    public static void start(Netns netns, String namespace, String address, Path directory) {
        try {
            Files.createDirectories(directory.resolve("tmp"));
            Commands.ok("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=" + HOST, "-addext", "subjectAltName=DNS:" + HOST,
                    "-keyout", directory.resolve("vendor.key").toString(), "-out", certificate(directory).toString());
            Path config = directory.resolve("nginx.conf");
            Files.writeString(config, config(address, directory));
            netns.track(Commands.start(Netns.inside(namespace, "nginx", "-p", directory + "/", "-c", config.toString()),
                    directory.resolve("nginx.out")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            CommandResult probe = netns.exec(namespace, Duration.ofSeconds(3), "curl", "-s", "-o", "/dev/null",
                    "-w", "%{http_code}", "--cacert", certificate(directory).toString(),
                    "--resolve", HOST + ":443:" + address, "https://" + HOST + "/");
            if (probe.ok() && probe.output().strip().equals("200")) {
                return;
            }
            sleep();
        }
        throw new LabException("nginx did not start in the vendor namespace; see " + directory.resolve("error.log"));
    }

    /** nginx in the foreground, everything it writes under {@code directory}. */
    static String config(String address, Path directory) {
        String dir = directory.toString();
        return String.join("\n", List.of(
                "daemon off;",
                "worker_processes 1;",
                "pid " + dir + "/nginx.pid;",
                "error_log " + dir + "/error.log;",
                "events { worker_connections 64; }",
                "http {",
                "    access_log " + dir + "/access.log;",
                "    client_body_temp_path " + dir + "/tmp/body;",
                "    proxy_temp_path " + dir + "/tmp/proxy;",
                "    fastcgi_temp_path " + dir + "/tmp/fastcgi;",
                "    uwsgi_temp_path " + dir + "/tmp/uwsgi;",
                "    scgi_temp_path " + dir + "/tmp/scgi;",
                "    server {",
                "        listen " + address + ":443 ssl;",
                "        server_name " + HOST + ";",
                "        ssl_certificate " + dir + "/vendor.crt;",
                "        ssl_certificate_key " + dir + "/vendor.key;",
                "        location / { default_type text/plain; return 200 \"" + BODY + "\\n\"; }",
                "    }",
                "}",
                ""));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for nginx");
        }
    }
}
