package dev.warden.runtime;

import dev.warden.runtime.identity.WorkloadDirectory;
import dev.warden.model.finding.Finding;
import dev.warden.policy.PolicyIndex;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import dev.warden.registry.check.RegistryCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry the gateway serves, and its reloads. A registry that fails {@code warden check}
 * is refused with its errors logged, and the one already serving stays: a bad push must not
 * open or close egress by accident.
 */
public final class RegistrySource {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySource.class);

    private final List<Path> paths;
    private final Clock clock;
    private final WorkloadDirectory podWatch;
    private final AtomicReference<PolicySnapshot> current = new AtomicReference<>();
    private volatile long lastSeenFingerprint = -1;

    /** @param podWatch the pod watch that identifies callers beyond the static map, or null */
    public RegistrySource(List<Path> paths, Clock clock, WorkloadDirectory podWatch) {
        this.paths = List.copyOf(paths);
        this.clock = clock;
        this.podWatch = podWatch;
    }

    /** The snapshot in force, or null before the first good load. */
    public PolicySnapshot current() {
        return current.get();
    }

    /** The outcome of a load attempt: the errors that refused it, empty when it took effect. */
    public record Reload(boolean applied, List<Finding> errors) {}

    /** Loads the files now; on errors keeps the current snapshot and reports why. */
    public synchronized Reload reload() {
        lastSeenFingerprint = fingerprint();
        LoadedRegistry loaded;
        try {
            loaded = new RegistryLoader().load(paths);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            LOG.error("registry reload refused, the previous registry keeps serving: {}", e.getMessage());
            return new Reload(false, List.of());
        }
        LocalDate today = LocalDate.now(clock);
        List<Finding> errors = RegistryCheck.check(loaded, today).stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            LOG.error("registry reload refused with {} error(s), the previous registry keeps serving:\n{}",
                    errors.size(), String.join("\n", errors.stream().map(Finding::toString).toList()));
            return new Reload(false, errors);
        }
        current.set(PolicySnapshot.of(loaded, PolicyIndex.compile(loaded.registry(), today), podWatch, clock.instant()));
        LOG.info("registry loaded: {} dependencies, {} exceptions", loaded.registry().dependencies().size(),
                loaded.registry().exceptions().size());
        return new Reload(true, List.of());
    }

    /** Reloads when a registry file changed since the last load; cheap enough to poll. */
    public Reload reloadIfChanged() {
        long now = fingerprint();
        return now == lastSeenFingerprint ? new Reload(false, List.of()) : reload();
    }

    /** A fingerprint of every registry file's name, size and modification time. */
    private long fingerprint() {
        long fingerprint = 17;
        for (Path path : paths) {
            try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
                for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                    if (Files.isRegularFile(file)) {
                        fingerprint = 31 * fingerprint + file.hashCode();
                        fingerprint = 31 * fingerprint + Files.getLastModifiedTime(file).toMillis();
                        fingerprint = 31 * fingerprint + Files.size(file);
                    }
                }
            } catch (IOException e) {
                return -2; // unreadable now: let reload() report it
            }
        }
        return fingerprint;
    }
}
