package dev.warden.capacity.preset;

import static dev.warden.capacity.preset.Sources.AWS_BASICS;
import static dev.warden.capacity.preset.Sources.AWS_MULTIPLE_IPS;
import static dev.warden.capacity.preset.Sources.AWS_TROUBLESHOOTING;

import java.util.List;

/**
 * AWS NAT gateway: every public IPv4 address holds up to 55,000 simultaneous connections to each
 * unique destination (destination IP, port and protocol); up to 8 addresses per gateway; idle
 * connections are dropped after 350 s. AWS states no timer for how long a port stays reserved
 * after a close; its own "about 900 new connections per second to one destination reach the
 * limit" (55,000 a minute) implies about 60 s per connection, which the model assumes unless the
 * scenario sets {@code holdAfterClose}.
 */
public record AwsNatGateway(int natIps, double holdAfterClose, boolean holdConfigured) implements NatPreset {
    public static final String ID = "aws-nat-gateway";
    public static final int CONNECTIONS_PER_DESTINATION_PER_IP = 55_000;
    public static final int MAX_IPS = 8;
    public static final int DEFAULT_ELASTIC_IP_QUOTA = 2;
    public static final int FIRST_PORT = 1024;
    public static final int LAST_PORT = 65_535;
    public static final double IDLE_TIMEOUT = 350;
    /** The documented rate at which one destination reaches the limit: about 900 new connections per second. */
    public static final double DOCUMENTED_LIMIT_RATE = 900;
    public static final double ASSUMED_HOLD_AFTER_CLOSE = 60;

    public AwsNatGateway {
        if (natIps < 1) {
            throw new IllegalArgumentException("natIps must be at least 1");
        }
    }

    public static AwsNatGateway defaults(int natIps) {
        return new AwsNatGateway(natIps, ASSUMED_HOLD_AFTER_CLOSE, false);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public NatPreset withNatIps(int count) {
        return new AwsNatGateway(count, holdAfterClose, holdConfigured);
    }

    @Override
    public int maxNatIps() {
        return MAX_IPS;
    }

    @Override
    public double holdAfter(Close close) {
        return holdAfterClose;
    }

    @Override
    public double udpHold() {
        return IDLE_TIMEOUT;
    }

    @Override
    public double idleTimeout() {
        return IDLE_TIMEOUT;
    }

    /** Simultaneous connections to one destination tuple through all of the gateway's addresses. */
    public int connectionsPerDestination() {
        return CONNECTIONS_PER_DESTINATION_PER_IP * natIps;
    }

    @Override
    public List<DocumentedNumber> numbers() {
        return List.of(
                DocumentedNumber.of("simultaneous connections per unique destination (IP, port, protocol) per IPv4 address",
                        "55,000", AWS_BASICS),
                DocumentedNumber.of("IPv4 addresses per NAT gateway (1 primary + 7 secondary)", "8", AWS_BASICS),
                DocumentedNumber.of("Elastic IP addresses per public NAT gateway by default (quota, adjustable)", "2", AWS_BASICS),
                DocumentedNumber.of("connections per unique destination with 8 addresses", "440,000", AWS_MULTIPLE_IPS),
                DocumentedNumber.of("source ports the gateway uses", "1024-65535", AWS_BASICS),
                DocumentedNumber.of("new connections per second to one destination that reach the limit",
                        "about 900 (about 55,000 a minute)", AWS_BASICS),
                DocumentedNumber.of("idle timeout (not configurable); a packet on a dropped flow gets an RST", "350 s",
                        AWS_TROUBLESHOOTING),
                holdConfigured
                        ? DocumentedNumber.configured("port hold after close", Numbers.seconds(holdAfterClose))
                        : DocumentedNumber.assumed("port hold after close", Numbers.seconds(holdAfterClose), AWS_BASICS,
                                "not documented; 55,000 connections a minute at 900 new per second means each holds its"
                                        + " port about 60 s, so the model assumes 60 s after close"),
                DocumentedNumber.assumed("UDP flow hold after its last packet", "350 s", AWS_TROUBLESHOOTING,
                        "the page states the 350 s idle timeout for connections without naming a protocol; the model"
                                + " applies it to UDP flows too"),
                DocumentedNumber.of("NAT IPs in this scenario", String.valueOf(natIps), null));
    }
}
