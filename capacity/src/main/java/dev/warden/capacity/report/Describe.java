package dev.warden.capacity.report;

import dev.warden.capacity.model.Analysis;
import dev.warden.capacity.model.Limit;
import dev.warden.capacity.model.Storm;
import dev.warden.capacity.preset.DocumentedNumber;
import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.preset.Preset;
import dev.warden.capacity.scenario.Failure;
import dev.warden.capacity.scenario.RetryPolicy;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The sentences every report format shares, so text, JSON and HTML say the same thing. */
final class Describe {
    private Describe() {}

    static String path(Scenario scenario) {
        List<String> hops = new ArrayList<>();
        if (scenario.gateway() != null) {
            hops.add("warden-gateway (" + scenario.gateway().replicas() + " replicas)");
        }
        if (scenario.nat() != null) {
            hops.add(scenario.nat().id() + " (" + scenario.nat().natIps() + " NAT IP" + (scenario.nat().natIps() == 1 ? "" : "s")
                    + ")");
        }
        return "pods -> " + String.join(" -> ", hops) + " -> destinations";
    }

    static List<Preset> presets(Scenario scenario) {
        List<Preset> presets = new ArrayList<>();
        if (scenario.gateway() != null) {
            presets.add(scenario.gateway());
        }
        if (scenario.nat() != null) {
            presets.add(scenario.nat());
        }
        return presets;
    }

    static String number(DocumentedNumber number) {
        String source = number.source() == null ? "" : " (" + number.source() + ")";
        String note = number.note().isEmpty() ? "" : (number.documented() ? " [" : " [assumed: ") + number.note() + "]";
        return number.name() + ": " + number.value() + source + note;
    }

    /** "x1.82 the request rate (912 requests/s in all)", "already", or "not by more requests". */
    static String runsOutAt(Limit limit, Analysis analysis) {
        double factor = limit.loadFactor();
        if (Double.isInfinite(factor)) {
            return "not by more requests";
        }
        if (factor <= 1) {
            return factor <= 0 ? "already, at any load" : "already: it runs out at x" + factor(factor) + " of today's load";
        }
        return "x" + factor(factor) + " the request rate (" + Numbers.count(factor * analysis.requestsPerSecond())
                + " requests/s in all)";
    }

    static String factor(double factor) {
        return factor >= 100 ? Numbers.count(factor) : String.format(Locale.ROOT, "%.2f", factor);
    }

    static String where(Limit limit) {
        return limit.tuple() != null ? limit.tuple() : limit.destination() != null ? limit.destination() : "all destinations";
    }

    static String retry(RetryPolicy retry) {
        if (retry.maxAttempts() <= 1) {
            return "no retries";
        }
        String budget = retry.hasBudget() ? ", retries within " + Numbers.count(retry.budgetPercent()) + "% of requests" : "";
        return retry.maxAttempts() + " attempts, backoff " + Numbers.seconds(retry.backoff()) + " x" + Numbers.count(retry.multiplier())
                + (Double.isInfinite(retry.maxBackoff()) ? "" : " up to " + Numbers.seconds(retry.maxBackoff())) + ", "
                + (retry.jitter() == RetryPolicy.Jitter.NONE ? "no" : retry.jitter().name().toLowerCase(Locale.ROOT)) + " jitter"
                + budget;
    }

    static String failure(Workload workload) {
        Failure failure = workload.failure();
        return workload.destination() + " fails " + Numbers.percent(failure.rate()) + " of attempts from "
                + Numbers.seconds(failure.startsAt()) + (Double.isInfinite(failure.duration()) ? " on"
                        : " for " + Numbers.seconds(failure.duration())) + "; each failed attempt takes "
                + Numbers.seconds(failure.attemptDuration()) + " (" + failure.closedBy().name().toLowerCase(Locale.ROOT)
                + "); " + workload.name() + " retries: " + retry(workload.retry());
    }

    static List<String> stormLines(Storm.Result storm, Scenario scenario) {
        List<String> lines = new ArrayList<>();
        for (Workload workload : scenario.workloads()) {
            if (workload.failure() != null && workload.destination().equals(storm.destination())) {
                lines.add(failure(workload));
            }
        }
        lines.add("ports held on " + storm.tuple() + ": " + Numbers.count(storm.baseline()) + " before; peak "
                + Numbers.count(storm.peakHeld()) + " of " + Numbers.count(storm.capacity()) + " (" + storm.capacityLabel() + ")");
        lines.add("attempts: peak " + Numbers.count(storm.peakAttempts()) + "/s, x" + factor(storm.amplification())
                + " the " + Numbers.count(storm.freshRate()) + "/s of requests");
        lines.add("time to exhaustion: " + (storm.exhausted() ? Numbers.seconds(storm.exhaustedAfter())
                + " after the failure starts" : "not exhausted"));
        if (!Double.isNaN(storm.refusedAfter())) {
            lines.add("the gateway budget starts refusing " + Numbers.seconds(storm.refusedAfter()) + " after the failure starts");
        }
        String never = Double.isInfinite(storm.failureEnd()) ? "never (the failure does not end)" : "not within the horizon";
        lines.add("time to recover: " + (Double.isNaN(storm.recoveredAfter()) ? never
                : Numbers.seconds(storm.recoveredAfter()) + " after the failure ends (every attempt gets a port, no retry"
                        + " pending)"));
        lines.add("ports back to the steady state: " + (Double.isNaN(storm.drainedAfter()) ? never
                : Numbers.seconds(storm.drainedAfter()) + " after the failure ends"));
        if (storm.gaveUp() > 0.5) {
            lines.add("requests that failed after their last attempt: " + Numbers.count(storm.gaveUp()));
        }
        return lines;
    }
}
