package dev.warden.analyze.read;

import dev.warden.analyze.cluster.Cluster;
import java.util.List;

/**
 * What {@link ManifestReader} made of a set of manifests.
 *
 * @param cluster the objects that could be read; objects with errors are left out
 * @param errors {@code file:line: message}, the line being where the object's document or list
 *     item starts; in the order the files were read
 * @param objects every object read without error, including the kinds the cluster model skips, in
 *     the order read
 */
public record ReadResult(Cluster cluster, List<String> errors, List<ReadObject> objects) {
    public ReadResult {
        errors = List.copyOf(errors);
        objects = List.copyOf(objects);
    }
}
