package dev.warden.policy;

import dev.warden.model.net.Cidr;
import dev.warden.model.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A binary prefix tree of CIDRs, one per address family: a lookup walks at most 32 or 128 bits
 * and visits every value stored on a prefix of the address, however many CIDRs there are.
 */
public final class AddressTrie<V> {
    private final Node<V> v4 = new Node<>();
    private final Node<V> v6 = new Node<>();

    private static final class Node<V> {
        Node<V> zero;
        Node<V> one;
        List<V> values;
    }

    public void put(Cidr cidr, V value) {
        byte[] bits = cidr.network().bytes();
        Node<V> node = cidr.network().isV4() ? v4 : v6;
        for (int i = 0; i < cidr.prefixLength(); i++) {
            if (bit(bits, i)) {
                node = node.one == null ? (node.one = new Node<>()) : node.one;
            } else {
                node = node.zero == null ? (node.zero = new Node<>()) : node.zero;
            }
        }
        if (node.values == null) {
            node.values = new ArrayList<>(1);
        }
        node.values.add(value);
    }

    /** Calls {@code visitor} with every value whose CIDR contains {@code address}, shortest prefix first. */
    public void forEachContaining(IpAddress address, Consumer<V> visitor) {
        byte[] bits = address.bytes();
        Node<V> node = address.isV4() ? v4 : v6;
        for (int i = 0; node != null; i++) {
            if (node.values != null) {
                node.values.forEach(visitor);
            }
            if (i == bits.length * 8) {
                break;
            }
            node = bit(bits, i) ? node.one : node.zero;
        }
    }

    /** The first value stored on the longest prefix containing {@code address}, or null. */
    public V longestMatch(IpAddress address) {
        byte[] bits = address.bytes();
        Node<V> node = address.isV4() ? v4 : v6;
        V best = null;
        for (int i = 0; node != null; i++) {
            if (node.values != null) {
                best = node.values.getFirst();
            }
            if (i == bits.length * 8) {
                break;
            }
            node = bit(bits, i) ? node.one : node.zero;
        }
        return best;
    }

    private static boolean bit(byte[] bytes, int index) {
        return (bytes[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }
}
