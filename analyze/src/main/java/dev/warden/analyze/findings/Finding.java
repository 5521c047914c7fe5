package dev.warden.analyze.findings;

import java.util.List;
import java.util.Objects;

/**
 * One thing {@code warden analyze} found wrong with what is deployed.
 *
 * @param id a stable kebab-case id, for example {@code no-default-deny-egress}
 * @param subject what the finding is about: {@code namespace/name} of a workload, Service or
 *     NetworkPolicy, or a namespace
 * @param objects the objects involved, the subject's own object first
 * @param why why it matters, in one or two sentences
 * @param fix what to write to resolve it
 */
public record Finding(String id, String subject, Severity severity, List<Involved> objects, String why, String fix) {
    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        objects = List.copyOf(objects);
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(fix, "fix");
    }
}
