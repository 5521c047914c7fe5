package dev.warden.lab;

import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.LabNames;
import dev.warden.lab.net.Netns;
import dev.warden.lab.net.Topology;
import dev.warden.lab.report.Step;
import dev.warden.lab.services.Vendor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Lab 2 of the seed (§26), default deny, in the seed's order: apply default deny and watch DNS
 * fail, allow DNS to the resolver only, see an external call fail, allow one destination, and see
 * everything else still fail. Each stage is a ruleset {@code NftablesTarget} compiled from a
 * registry variant, loaded into the node by {@code loadStage} (1, 2, 3) before its steps.
 */
final class DefaultDenyLab {
    static final String NAME = "default-deny";
    private static final Duration PROBE = Duration.ofSeconds(15);
    private static final int OTHER_PORT = 80;
    private static final String DROPPED = "no answer; dropped by the node's default deny";
    private static final String QUERY_DROPPED = "no reply; dropped at the node (DNS-drop counter grows)";

    private final PodProbes pod;
    private final Path certificate;
    private final IntConsumer loadStage;

    DefaultDenyLab(Netns netns, LabNames names, Path certificate, IntConsumer loadStage) {
        this.pod = new PodProbes(netns, names, PROBE);
        this.certificate = certificate;
        this.loadStage = loadStage;
    }

    List<Step> run() {
        List<Step> steps = new ArrayList<>();
        loadStage.accept(1);
        steps.add(pod.droppedQuery("default deny applied: the pod resolves " + Vendor.HOST + " at the cluster resolver "
                + Topology.GATEWAY_ADDRESS, QUERY_DROPPED, Topology.GATEWAY_ADDRESS, Vendor.HOST));
        loadStage.accept(2);
        steps.add(dnsWorks());
        steps.add(pod.droppedQuery("DNS allowed to the resolver only: the pod asks the internet's resolver "
                + Topology.INTERNET_ADDRESS, QUERY_DROPPED, Topology.INTERNET_ADDRESS, Vendor.HOST));
        steps.add(pod.droppedCall("external call: direct TLS to the vendor (" + Topology.VENDOR_ADDRESS + ":443)",
                DROPPED, vendorCall(443)));
        loadStage.accept(3);
        steps.add(allowedCall());
        steps.add(pod.droppedCall("others still fail: direct HTTP to the internet host (" + Topology.INTERNET_ADDRESS + ":80)",
                DROPPED, List.of("http://" + Topology.INTERNET_ADDRESS + "/")));
        steps.add(pod.droppedCall("others still fail: the vendor on another port (" + Topology.VENDOR_ADDRESS + ":" + OTHER_PORT + ")",
                DROPPED, List.of("http://" + Topology.VENDOR_ADDRESS + ":" + OTHER_PORT + "/")));
        return steps;
    }

    private List<String> vendorCall(int port) {
        return List.of("--resolve", Vendor.HOST + ":" + port + ":" + Topology.VENDOR_ADDRESS, "--cacert", certificate.toString(),
                "https://" + Vendor.HOST + ":" + port + "/");
    }



    /** Stage 2: DNS to the cluster resolver (the Warden gateway's) is allowed, and it answers. */
    private Step dnsWorks() {
        CommandResult dig = pod.run("dig", "@" + Topology.GATEWAY_ADDRESS, "+time=2", "+tries=1", "+short", Vendor.HOST);
        String observed = dig.ok() ? "answer " + dig.output().strip() : "dig exit " + dig.exitCode() + " " + dig.output();
        return Step.of("DNS allowed to the resolver only: the pod resolves " + Vendor.HOST + " at " + Topology.GATEWAY_ADDRESS,
                "answer " + Topology.VENDOR_ADDRESS, observed, dig.ok() && dig.output().strip().equals(Topology.VENDOR_ADDRESS));
    }


    /** Stage 3: the one allowed destination answers, over TLS with the vendor's certificate. */
    private Step allowedCall() {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--connect-timeout", "3", "--max-time", "10",
                "-w", "\n%{http_code}"));
        command.addAll(vendorCall(443));
        CommandResult curl = pod.run(command.toArray(String[]::new));
        List<String> lines = curl.output().strip().lines().toList();
        String status = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        boolean body = curl.output().contains(Vendor.BODY);
        return Step.of("one destination allowed (" + Topology.VENDOR_ADDRESS + "/32:443): direct TLS to the vendor",
                "200 from the vendor, its certificate verified",
                curl.ok() ? status + (body ? " \"" + Vendor.BODY + "\"" : " (not the vendor's body)")
                        : "curl exit " + curl.exitCode() + ": " + curl.output(),
                curl.ok() && status.equals("200") && body);
    }


}
