package dev.warden.capacity.preset;

import java.util.List;

/**
 * One hop of the egress path with its provider's documented numbers and behaviour. The records
 * only hold numbers; {@code dev.warden.capacity.model} interprets them.
 */
public sealed interface Preset permits NatPreset, WardenGateway {

    /** The name a scenario writes, e.g. {@code aws-nat-gateway}. */
    String id();

    /** Seconds a port stays unusable for a new connection to the same destination after {@code close}. */
    double holdAfter(Close close);

    /** Seconds a UDP flow keeps its port after its last packet (UDP has no close). */
    double udpHold();

    /** Seconds an established TCP connection may stay idle before the hop forgets it. */
    double idleTimeout();

    /** Every number this preset uses, with its source, in the order reports list them. */
    List<DocumentedNumber> numbers();

    /** The names scenarios may use, in the order help and errors list them. */
    List<String> IDS = List.of(AwsNatGateway.ID, GcpCloudNat.ID, AzureNatGateway.ID, AzureLoadBalancerOutbound.ID,
            LinuxMasquerade.ID, WardenGateway.ID);
}
