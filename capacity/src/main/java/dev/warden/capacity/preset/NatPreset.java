package dev.warden.capacity.preset;

/** A hop that rewrites the source address: the destination sees one of {@link #natIps()} addresses. */
public sealed interface NatPreset extends Preset
        permits AwsNatGateway, GcpCloudNat, AzureNatGateway, AzureLoadBalancerOutbound, LinuxMasquerade {

    /** How many public (NAT) addresses the hop translates to. */
    int natIps();

    /** A copy with {@code count} NAT addresses: what "add NAT IPs" advice tries. */
    NatPreset withNatIps(int count);

    /** The most addresses one instance of this hop takes, or 0 when no page states a limit. */
    int maxNatIps();
}
