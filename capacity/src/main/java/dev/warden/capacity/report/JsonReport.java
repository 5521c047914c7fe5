package dev.warden.capacity.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.warden.capacity.Capacity;
import dev.warden.capacity.advice.Recommendation;
import dev.warden.capacity.model.Analysis;
import dev.warden.capacity.model.Limit;
import dev.warden.capacity.model.Limits;
import dev.warden.capacity.model.Storm;
import dev.warden.capacity.preset.AwsNatGateway;
import dev.warden.capacity.preset.AzureLoadBalancerOutbound;
import dev.warden.capacity.preset.AzureNatGateway;
import dev.warden.capacity.preset.Close;
import dev.warden.capacity.preset.DocumentedNumber;
import dev.warden.capacity.preset.GcpCloudNat;
import dev.warden.capacity.preset.LinuxMasquerade;
import dev.warden.capacity.preset.Preset;
import dev.warden.capacity.preset.Source;
import dev.warden.capacity.preset.WardenGateway;
import dev.warden.capacity.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as one JSON document. Seconds and counts are numbers; a value that is infinite or
 * undefined (a limit no load exhausts, a storm that never exhausts) is null.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    public static String render(Capacity.Report report) {
        try {
            return JSON.writeValueAsString(document(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> document(Capacity.Report report) {
        Analysis analysis = report.analysis();
        Scenario scenario = analysis.scenario();
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("name", scenario.name());
        about.put("file", scenario.file());
        about.put("path", Describe.path(scenario));
        about.put("minHeadroom", scenario.settings().minHeadroom());
        about.put("requestsPerSecond", analysis.requestsPerSecond());
        doc.put("scenario", about);
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("withinCapacity", analysis.withinCapacity());
        verdict.put("problems", analysis.problems());
        doc.put("verdict", verdict);
        doc.put("observations", report.observations());
        List<Object> tuples = new ArrayList<>();
        for (Analysis.TupleRow row : analysis.tuples()) {
            Map<String, Object> tuple = new LinkedHashMap<>();
            tuple.put("destination", row.destination());
            tuple.put("tuple", row.tuple());
            tuple.put("newConnectionsPerSecond", number(row.newPerSecond()));
            tuple.put("portSeconds", number(row.portSeconds()));
            tuple.put("portsInUse", number(row.portsInUse()));
            tuple.put("limit", row.binding() == null ? null : limit(row.binding(), analysis));
            tuples.add(tuple);
        }
        doc.put("tuples", tuples);
        doc.put("limits", analysis.limits().stream().map(limit -> limit(limit, analysis)).toList());
        doc.put("firstToRunOut", analysis.first().map(limit -> limit(limit, analysis)).orElse(null));
        doc.put("storms", analysis.storms().stream().map(JsonReport::storm).toList());
        List<Object> recommendations = new ArrayList<>();
        int rank = 1;
        for (Recommendation recommendation : report.recommendations()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("rank", rank++);
            item.put("kind", recommendation.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            item.put("title", recommendation.title());
            item.put("change", recommendation.change());
            item.put("buys", recommendation.buys());
            item.put("utilisationBefore", number(recommendation.before()));
            item.put("utilisationAfter", number(recommendation.after()));
            item.put("stormBefore", recommendation.stormBefore());
            item.put("stormAfter", recommendation.stormAfter());
            item.put("stormExhaustedAfter", recommendation.stormExhaustedAfter());
            item.put("conditional", recommendation.conditional());
            recommendations.add(item);
        }
        doc.put("recommendations", recommendations);
        doc.put("notes", analysis.notes());
        doc.put("presets", Describe.presets(scenario).stream().map(preset -> preset(preset, scenario)).toList());
        return doc;
    }

    static Map<String, Object> limit(Limit limit, Analysis analysis) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource", limit.resource().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        json.put("label", limit.resource().label());
        json.put("unit", limit.resource().unit());
        json.put("destination", limit.destination());
        json.put("tuple", limit.tuple());
        json.put("scope", limit.scope());
        json.put("demand", number(limit.demand()));
        json.put("capacity", number(limit.capacity()));
        json.put("utilisation", number(limit.utilisation()));
        json.put("headroom", number(limit.headroom()));
        json.put("loadFactor", number(limit.loadFactor()));
        json.put("runsOutAtRequestsPerSecond", number(limit.loadFactor() * analysis.requestsPerSecond()));
        json.put("basis", limit.basis());
        json.put("source", source(limit.source()));
        return json;
    }

    static Map<String, Object> storm(Storm.Result storm) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("destination", storm.destination());
        json.put("tuple", storm.tuple());
        json.put("capacity", number(storm.capacity()));
        json.put("capacityLabel", storm.capacityLabel());
        json.put("baselinePortsHeld", number(storm.baseline()));
        json.put("failureStart", number(storm.failureStart()));
        json.put("failureEnd", number(storm.failureEnd()));
        json.put("step", storm.step());
        json.put("exhausted", storm.exhausted());
        json.put("exhaustedAfterSeconds", number(storm.exhaustedAfter()));
        json.put("recoveredAfterSeconds", number(storm.recoveredAfter()));
        json.put("drainedAfterSeconds", number(storm.drainedAfter()));
        json.put("gatewayRefusesAfterSeconds", number(storm.refusedAfter()));
        json.put("peakPortsHeld", number(storm.peakHeld()));
        json.put("peakAttemptsPerSecond", number(storm.peakAttempts()));
        json.put("requestsPerSecond", number(storm.freshRate()));
        json.put("amplification", number(storm.amplification()));
        json.put("requestsGivenUp", number(storm.gaveUp()));
        List<Object> curve = new ArrayList<>();
        for (Storm.Point point : Curves.thin(storm.curve(), Curves.MAX_POINTS)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", point.time());
            p.put("portsHeld", round(point.held()));
            p.put("open", round(point.open()));
            p.put("attemptsPerSecond", round(point.attempts()));
            p.put("failedPerSecond", round(point.failed()));
            p.put("noPortPerSecond", round(point.denied()));
            p.put("refusedPerSecond", round(point.refused()));
            curve.add(p);
        }
        json.put("curve", curve);
        return json;
    }

    static Map<String, Object> preset(Preset preset, Scenario scenario) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", preset.id());
        json.put("derived", derived(preset, scenario));
        List<Object> numbers = new ArrayList<>();
        for (DocumentedNumber number : preset.numbers()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", number.name());
            item.put("value", number.value());
            item.put("documented", number.documented());
            item.put("note", number.note().isEmpty() ? null : number.note());
            item.put("source", source(number.source()));
            numbers.add(item);
        }
        json.put("numbers", numbers);
        return json;
    }

    /** The preset's numbers as this scenario uses them (ports per VM, VMs per NAT IP, IPs needed, ...). */
    static Map<String, Object> derived(Preset preset, Scenario scenario) {
        Map<String, Object> json = new LinkedHashMap<>();
        int vms = Limits.sourceVms(scenario);
        json.put("sourceVms", vms);
        json.put("holdAfterFinSeconds", number(preset.holdAfter(Close.FIN)));
        json.put("holdAfterRstSeconds", number(preset.holdAfter(Close.RST)));
        json.put("holdAfterTimeoutSeconds", number(preset.holdAfter(Close.TIMEOUT)));
        json.put("idleTimeoutSeconds", number(preset.idleTimeout()));
        switch (preset) {
            case AwsNatGateway aws -> {
                json.put("natIps", aws.natIps());
                json.put("connectionsPerDestinationPerIp", AwsNatGateway.CONNECTIONS_PER_DESTINATION_PER_IP);
                json.put("connectionsPerDestination", aws.connectionsPerDestination());
                json.put("maxNatIps", AwsNatGateway.MAX_IPS);
            }
            case GcpCloudNat gcp -> {
                json.put("natIps", gcp.natIps());
                json.put("portsPerNatIp", GcpCloudNat.PORTS_PER_IP);
                json.put("minPortsPerVm", gcp.minPortsPerVm());
                json.put("dynamicPortAllocation", gcp.dynamicPortAllocation());
                json.put("maxPortsPerVm", gcp.dynamicPortAllocation() ? gcp.maxPortsPerVm() : null);
                json.put("vmsPerNatIp", gcp.vmsPerNatIp());
                json.put("natIpsNeeded", gcp.natIpsNeeded(vms));
                json.put("connectionsPerVmPerDestination", gcp.portsPerVmPerDestination());
            }
            case AzureNatGateway azure -> {
                json.put("natIps", azure.publicIps());
                json.put("snatPorts", azure.snatPorts());
                json.put("connectionsPerDestinationPerIp", AzureNatGateway.CONNECTIONS_PER_DESTINATION_PER_IP);
                json.put("connectionsPerDestination", azure.connectionsPerDestination());
                json.put("maxConnections", AzureNatGateway.MAX_CONNECTIONS);
            }
            case AzureLoadBalancerOutbound lb -> {
                int pool = lb.backendPoolSize() > 0 ? lb.backendPoolSize() : Math.max(1, vms);
                json.put("natIps", lb.frontendIps());
                json.put("backendPoolSize", pool);
                json.put("defaultPortsPerFrontendIp", AzureLoadBalancerOutbound.defaultPortsPerFrontendIp(pool));
                json.put("portsPerInstance", lb.portsPerInstance(pool));
                json.put("frontendPorts", lb.frontendPorts());
                json.put("portsPerInstanceToUseEveryPort", lb.evenAllocation(pool));
            }
            case LinuxMasquerade linux -> {
                json.put("natIps", linux.addressesPerNode());
                json.put("portsPerAddress", linux.portsPerAddress());
                json.put("conntrackMax", linux.conntrackMax());
                json.put("localPortRange", LinuxMasquerade.LOCAL_PORT_RANGE_LAST - LinuxMasquerade.LOCAL_PORT_RANGE_FIRST + 1);
            }
            case WardenGateway gateway -> {
                json.put("replicas", gateway.replicas());
                json.put("maxConnectionsPerReplica", gateway.maxConnections());
                json.put("connectionsPerSecondPerReplica", gateway.connectionsPerSecond());
                json.put("localPortsPerReplica", gateway.ephemeralPorts());
            }
        }
        return json;
    }

    static Map<String, Object> source(Source source) {
        if (source == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("page", source.page());
        json.put("section", source.section());
        json.put("url", source.url());
        return json;
    }

    static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : round(value);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
