package dev.warden.analyze.cluster;

/** Where an object was read: the file and the 1-based line its document or list item starts on. */
public record SourceRef(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
