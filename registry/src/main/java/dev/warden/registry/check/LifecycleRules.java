package dev.warden.registry.check;

import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressException;
import dev.warden.registry.FieldNames;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Records age: reviews fall due (§19 cadence, §27) and exceptions expire (§21). A loosening
 * that outlives its approval is the quiet way an allowlist grows.
 */
final class LifecycleRules implements Rule {
    static final int EXPIRY_WARNING_DAYS = 14;
    static final int LONGEST_EXCEPTION_DAYS = 365;

    @Override
    public void apply(RuleContext context) {
        LocalDate today = context.today();
        for (EgressDependency dependency : context.dependencies()) {
            var review = dependency.spec().review();
            if (review.lastReviewed().isAfter(today)) {
                context.error("review-in-future", dependency, "/spec/review/lastReviewed",
                        "lastReviewed " + review.lastReviewed() + " is after today (" + today + ")");
                continue;
            }
            LocalDate due = review.cadence().nextDue(review.lastReviewed());
            if (today.isAfter(due)) {
                context.warning("review-overdue", dependency, "/spec/review/lastReviewed", "review overdue since " + due
                        + " (" + review.cadence() + " cadence, last reviewed " + review.lastReviewed() + ")");
            }
        }
        for (EgressException exception : context.registry().exceptions()) {
            checkExpiry(context, exception, today);
            checkTarget(context, exception);
        }
    }

    private static void checkExpiry(RuleContext context, EgressException exception, LocalDate today) {
        LocalDate expires = exception.spec().expires();
        long daysLeft = ChronoUnit.DAYS.between(today, expires);
        if (!exception.activeOn(today)) {
            context.error("exception-expired", exception, "/spec/expires", "exception expired on " + expires
                    + "; remove it, or renew it with a fresh approval and expiry");
        } else if (daysLeft <= EXPIRY_WARNING_DAYS) {
            context.warning("exception-expiring", exception, "/spec/expires", "exception expires on " + expires
                    + (daysLeft == 0 ? " (today)" : " (in " + daysLeft + (daysLeft == 1 ? " day)" : " days)"))
                    + "; make the change permanent in the dependency record or let it lapse");
        } else if (daysLeft > LONGEST_EXCEPTION_DAYS) {
            context.warning("exception-too-long", exception, "/spec/expires", "an exception running more than a year"
                    + " (until " + expires + ") is a standing rule; put it in the dependency record and review it there");
        }
    }

    private static void checkTarget(RuleContext context, EgressException exception) {
        String target = exception.spec().dependency();
        var dependency = context.registry().dependency(target);
        if (dependency.isEmpty()) {
            List<String> names = context.dependencies().stream().map(EgressDependency::name).toList();
            String hint = FieldNames.closest(target, names).map(name -> "; did you mean \"" + name + "\"?").orElse("");
            context.error("exception-target", exception, "/spec/dependency",
                    "no EgressDependency is named \"" + target + "\"" + hint);
            return;
        }
        List<Hostname> hosts = exception.spec().hosts();
        List<Cidr> cidrs = exception.spec().cidrs();
        if (hosts.isEmpty() && cidrs.isEmpty() && exception.spec().ports().isEmpty()) {
            context.warningAtKey("exception-empty", exception, "/spec/loosens", "the exception lists no hosts, cidrs"
                    + " or ports, so it loosens nothing that Warden can enforce; list what it adds");
        }
        var destination = dependency.get().spec().destination();
        for (int i = 0; i < hosts.size(); i++) {
            if (destination.hosts().contains(hosts.get(i))) {
                context.warning("exception-redundant", exception, "/spec/hosts/" + i, "host " + hosts.get(i)
                        + " is already allowed by dependency " + target + "; the exception adds nothing");
            }
        }
    }
}
