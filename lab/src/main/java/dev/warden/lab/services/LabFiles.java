package dev.warden.lab.services;

import dev.warden.lab.net.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The lab's bundled files (registry, zone, hosts, the other resolver), copied out of the jar to where programs can read them. */
public final class LabFiles {
    public static final List<String> REGISTRY = List.of("posture.yaml", "payment-vendor.yaml", "dns.zone", "hosts");

    private LabFiles() {}

    /** Writes the lab registry (with its zone and hosts files) to {@code directory} and returns it. */
    public static Path writeRegistry(Path directory) {
        for (String name : REGISTRY) {
            copy("lab/registry/" + name, directory.resolve(name));
        }
        return directory;
    }

    public static Path copy(String resource, Path target) {
        try (InputStream in = LabFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LabException("the lab resource " + resource + " is missing from the build");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
