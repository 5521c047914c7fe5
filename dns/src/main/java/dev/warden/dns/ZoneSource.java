package dev.warden.dns;

import dev.warden.dns.zone.Zone;
import dev.warden.dns.zone.ZoneFile;
import dev.warden.dns.zone.ZoneFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zone file in force, re-read when it changes. As with the registry, a file with errors is
 * refused with every problem logged, and the zone already serving stays.
 */
final class ZoneSource implements Supplier<Zone> {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneSource.class);

    private final Path file;
    private volatile Zone current;
    private volatile long stamp;

    private ZoneSource(Path file, Zone first, long stamp) {
        this.file = file;
        this.current = first;
        this.stamp = stamp;
    }

    /**
     * Reads {@code file} (none: a zone that holds nothing).
     *
     * @throws ZoneFileException when the file has errors: the resolver does not start on a bad zone
     */
    static ZoneSource load(Path file) {
        if (file == null) {
            return new ZoneSource(null, Zone.empty(), 0);
        }
        long stamp = stamp(file);
        return new ZoneSource(file, read(file), stamp);
    }

    @Override
    public Zone get() {
        return current;
    }

    /** Re-reads the file when its size or modification time changed; cheap enough to poll. */
    void reloadIfChanged() {
        if (file == null || stamp(file) == stamp) {
            return;
        }
        long seen = stamp(file);
        try {
            current = read(file);
            LOG.info("zone file {} reloaded", file);
        } catch (ZoneFileException | UncheckedIOException e) {
            LOG.error("zone file reload refused, the previous zone keeps serving:\n{}", e.getMessage());
        }
        stamp = seen;
    }

    private static Zone read(Path file) {
        try {
            return ZoneFile.parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the zone file " + file, e);
        }
    }

    private static long stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
