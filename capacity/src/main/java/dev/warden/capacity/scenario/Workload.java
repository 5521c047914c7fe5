package dev.warden.capacity.scenario;

/**
 * Pods of one workload calling one destination: {@code requestsPerSecond} per pod, connections
 * as {@link Connections} says, retries as {@link RetryPolicy} says, and optionally a
 * {@link Failure} of the destination to simulate. {@code podsPerNode} decides how many VMs (nodes)
 * the pods occupy, for NATs that allocate ports per VM.
 */
public record Workload(String name, int replicas, int podsPerNode, String destination, double requestsPerSecond,
        Connections connections, RetryPolicy retry, Failure failure) {

    public Workload {
        if (replicas < 1 || podsPerNode < 1) {
            throw new IllegalArgumentException("replicas and podsPerNode must be at least 1");
        }
    }

    /** Nodes (VMs) the pods run on: ceil(replicas / podsPerNode). */
    public int nodes() {
        return (replicas + podsPerNode - 1) / podsPerNode;
    }

    public Workload withRate(double perPod) {
        return new Workload(name, replicas, podsPerNode, destination, perPod, connections, retry, failure);
    }

    public Workload withReplicas(int count) {
        return new Workload(name, count, podsPerNode, destination, requestsPerSecond, connections, retry, failure);
    }

    public Workload withConnections(Connections replaced) {
        return new Workload(name, replicas, podsPerNode, destination, requestsPerSecond, replaced, retry, failure);
    }

    public Workload withRetry(RetryPolicy replaced) {
        return new Workload(name, replicas, podsPerNode, destination, requestsPerSecond, connections, replaced, failure);
    }

    public Workload withDestination(String replaced) {
        return new Workload(name, replicas, podsPerNode, replaced, requestsPerSecond, connections, retry, failure);
    }
}
