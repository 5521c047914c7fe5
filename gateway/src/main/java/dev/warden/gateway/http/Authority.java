package dev.warden.gateway.http;

import dev.warden.model.net.Hostname;
import dev.warden.model.net.InvalidValueException;
import dev.warden.model.net.IpAddress;

/**
 * The host and port a client asked for, parsed the way the client's own resolver would read
 * them, so the policy checks the address the client means: an IPv4 literal in any form that
 * inet_aton, curl or a browser accepts ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1})
 * is the address it denotes, a bracketed IPv6 literal is an address, and anything else must be
 * a valid host name (normalised like the registry's).
 *
 * @param name the host name, or null for an address literal
 * @param address the literal address, or null for a name
 */
public record Authority(Hostname name, IpAddress address, int port) {

    /** Parses {@code host:port} as in a CONNECT request line; the port is required. */
    public static Authority parseConnectTarget(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0 || text.endsWith("]")) {
            throw new InvalidValueException("CONNECT needs host:port, e.g. api.vendor.example:443");
        }
        return parse(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Parses the host and optional port of an absolute URI or Host header. */
    public static Authority parseHostHeader(String text, int defaultPort) {
        int colon = text.lastIndexOf(':');
        if (colon < 0 || text.endsWith("]")) {
            return parse(text, String.valueOf(defaultPort));
        }
        return parse(text.substring(0, colon), text.substring(colon + 1));
    }

    static Authority parse(String host, String portText) {
        int port = port(portText);
        if (host.startsWith("[") && host.endsWith("]")) {
            return new Authority(null, IpAddress.parse(host.substring(1, host.length() - 1)), port);
        }
        IpAddress literal = Ipv4Literal.parse(host);
        if (literal != null) {
            return new Authority(null, literal, port);
        }
        return new Authority(Hostname.parse(host), null, port);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("\"" + text + "\" is not a port number (1-65535)");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new InvalidValueException(port + " is not a port number (1-65535)");
        }
        return port;
    }

    /** {@code host:port} for messages and audit, IPv6 in brackets. */
    public String display() {
        return host() + ":" + port;
    }

    /** The host alone: the name, or the canonical address. */
    public String host() {
        if (name != null) {
            return name.ascii();
        }
        return address.isV4() ? address.toString() : "[" + address + "]";
    }

    public boolean isLiteral() {
        return address != null;
    }
}
