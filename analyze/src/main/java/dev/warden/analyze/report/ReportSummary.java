package dev.warden.analyze.report;

import dev.warden.analyze.read.ReadResult;
import java.util.List;

/**
 * What a report says about its input, beside the matrix and the findings.
 *
 * @param source what was analyzed, as the user named it (the paths given to {@code warden analyze})
 * @param toolVersion Warden's version
 * @param namespaces how many namespaces the manifests declare or refer to
 * @param networkPolicies how many network policies were read: NetworkPolicies and Cilium policies
 * @param readErrors {@code file:line: message} for each object that could not be read, so a
 *     reader of the page knows what the matrix leaves out
 */
public record ReportSummary(String source, String toolVersion, int namespaces, int networkPolicies, List<String> readErrors) {
    public ReportSummary {
        readErrors = List.copyOf(readErrors);
    }

    public static ReportSummary of(ReadResult read, String source, String toolVersion) {
        return new ReportSummary(source, toolVersion, read.cluster().namespaces().size(),
                read.cluster().networkPolicies().size() + read.cluster().ciliumPolicies().size(), read.errors());
    }
}
