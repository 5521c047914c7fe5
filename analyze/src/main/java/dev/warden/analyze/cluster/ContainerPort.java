package dev.warden.analyze.cluster;

/**
 * A port a pod's container declares: named ports in NetworkPolicies resolve against these.
 *
 * @param name the port's name, or null when unnamed
 * @param protocol TCP, UDP or SCTP (Kubernetes defaults to TCP)
 */
public record ContainerPort(String name, int port, String protocol) {}
