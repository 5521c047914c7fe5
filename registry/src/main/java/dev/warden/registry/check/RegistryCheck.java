package dev.warden.registry.check;

import dev.warden.model.finding.Finding;
import dev.warden.registry.LoadedRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code warden check}: every problem of a loaded registry at once, reading problems first,
 * then the rules of the seed's §14, §17, §19, §21, §24 and §27, sorted by position.
 */
public final class RegistryCheck {
    private static final List<Rule> RULES = List.of(
            new DestinationRules(),
            new PathRules(),
            new LifecycleRules(),
            new PostureRules());

    private RegistryCheck() {}

    /** {@code today} decides expiry and review findings, so checks are reproducible in tests. */
    public static List<Finding> check(LoadedRegistry loaded, LocalDate today) {
        RuleContext context = new RuleContext(loaded, today);
        RULES.forEach(rule -> rule.apply(context));
        List<Finding> all = new ArrayList<>(loaded.findings());
        all.addAll(context.findings());
        all.sort(Finding.BY_POSITION);
        return List.copyOf(all);
    }
}
