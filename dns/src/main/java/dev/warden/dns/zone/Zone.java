package dev.warden.dns.zone;

import dev.warden.dns.ResourceRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of a local zone file and the answers they give.
 *
 * <p>Every SOA record makes its owner an authoritative apex. Under an apex (the closest one
 * wins) lookups follow RFC 1034 §4.3.2: data, a CNAME chain, NODATA or NXDOMAIN with the apex
 * SOA, and RFC 4592 wildcards for names that do not exist. A name with descendants but no
 * records of its own (an empty non-terminal) exists. Delegations are not modelled: NS records
 * below an apex are plain data.
 *
 * <p>Outside every apex the zone is not authoritative, so it answers only what it holds for
 * exactly that name and type, or a CNAME; everything else is {@link ZoneAnswer.Kind#NOT_IN_ZONE}
 * for the caller to resolve elsewhere.
 *
 * <p>CNAME chains are followed inside the file for at most 8 links; a chain that loops or runs
 * longer is answered with the CNAMEs so far, as BIND and unbound do.
 */
public final class Zone {
    private static final int MAX_CNAME_LINKS = 8;
    private static final Zone EMPTY = new Zone(List.of());

    private final List<ResourceRecord> records;
    private final Map<String, Map<DnsRecordType, List<ResourceRecord>>> byOwner = new HashMap<>();
    private final Map<String, ResourceRecord> soaByApex = new LinkedHashMap<>();
    /** Owners and all their ancestors: the names that exist, empty non-terminals included. */
    private final Set<String> existing = new HashSet<>();

    Zone(List<ResourceRecord> records) {
        this.records = List.copyOf(records);
        for (ResourceRecord record : records) {
            byOwner.computeIfAbsent(record.name(), owner -> new LinkedHashMap<>())
                    .computeIfAbsent(record.type(), type -> new ArrayList<>())
                    .add(record);
            if (record.type().equals(DnsRecordType.SOA)) {
                soaByApex.putIfAbsent(record.name(), record);
            }
            for (String name = record.name(); existing.add(name) && !name.equals(ZoneNames.ROOT); ) {
                name = ZoneNames.parent(name);
            }
        }
    }

    /** A zone with no records: every lookup is {@link ZoneAnswer.Kind#NOT_IN_ZONE}. */
    public static Zone empty() {
        return EMPTY;
    }

    /** The owners of the SOA records, in file order: the names this zone is authoritative for. */
    public List<String> apexes() {
        return List.copyOf(soaByApex.keySet());
    }

    /** Every record, in file order. */
    public List<ResourceRecord> records() {
        return records;
    }

    /** The answer for {@code qname}, absolute and lower-case ({@code api.example.}), and {@code qtype}. */
    public ZoneAnswer lookup(String qname, DnsRecordType qtype) {
        String apex = closestApex(qname);
        Map<DnsRecordType, List<ResourceRecord>> node = node(qname, apex);
        if (node == null) {
            return apex == null ? ZoneAnswer.notInZone() : ZoneAnswer.nxdomain(List.of(), soaByApex.get(apex));
        }
        List<ResourceRecord> data = node.get(qtype);
        if (data != null) {
            return ZoneAnswer.answer(data);
        }
        List<ResourceRecord> cname = node.get(DnsRecordType.CNAME);
        if (cname != null) {
            return followChain(cname.get(0), qtype);
        }
        return apex == null ? ZoneAnswer.notInZone() : ZoneAnswer.nodata(List.of(), soaByApex.get(apex));
    }

    private ZoneAnswer followChain(ResourceRecord first, DnsRecordType qtype) {
        List<ResourceRecord> answers = new ArrayList<>(List.of(first));
        Set<String> visited = new HashSet<>(Set.of(first.name()));
        String target = first.cnameTarget();
        while (visited.add(target)) {
            String apex = closestApex(target);
            Map<DnsRecordType, List<ResourceRecord>> node = node(target, apex);
            if (node == null) {
                return apex == null ? ZoneAnswer.continueAt(answers, target)
                        : ZoneAnswer.nxdomain(answers, soaByApex.get(apex));
            }
            List<ResourceRecord> data = node.get(qtype);
            if (data != null) {
                answers.addAll(data);
                return ZoneAnswer.answer(answers);
            }
            List<ResourceRecord> cname = node.get(DnsRecordType.CNAME);
            if (cname == null) {
                return apex == null ? ZoneAnswer.continueAt(answers, target)
                        : ZoneAnswer.nodata(answers, soaByApex.get(apex));
            }
            if (answers.size() == MAX_CNAME_LINKS) {
                break;
            }
            answers.add(cname.get(0));
            target = cname.get(0).cnameTarget();
        }
        return ZoneAnswer.answer(answers);
    }

    /** The closest enclosing apex of {@code name}, or null when no SOA covers it. */
    private String closestApex(String name) {
        for (String ancestor = name; ; ancestor = ZoneNames.parent(ancestor)) {
            if (soaByApex.containsKey(ancestor)) {
                return ancestor;
            }
            if (ancestor.equals(ZoneNames.ROOT)) {
                return null;
            }
        }
    }

    /**
     * The records at {@code name} by type: its own, none for an empty non-terminal, or under an
     * apex those synthesised from the source of synthesis {@code *.<closest encloser>} (RFC 4592
     * §3.3.1); null when the name does not exist.
     */
    private Map<DnsRecordType, List<ResourceRecord>> node(String name, String apex) {
        Map<DnsRecordType, List<ResourceRecord>> own = byOwner.get(name);
        if (own != null) {
            return own;
        }
        if (existing.contains(name)) {
            return Map.of();
        }
        if (apex == null) {
            return null;
        }
        // Terminates at the latest at the apex, which exists because it holds the SOA.
        String closestEncloser = ZoneNames.parent(name);
        while (!existing.contains(closestEncloser)) {
            closestEncloser = ZoneNames.parent(closestEncloser);
        }
        Map<DnsRecordType, List<ResourceRecord>> wildcard =
                byOwner.get(closestEncloser.equals(ZoneNames.ROOT) ? "*." : "*." + closestEncloser);
        if (wildcard == null) {
            return null;
        }
        Map<DnsRecordType, List<ResourceRecord>> synthesised = new HashMap<>();
        wildcard.forEach((type, sources) -> synthesised.put(type, sources.stream()
                .map(source -> new ResourceRecord(name, type, source.ttl(), source.rdata()))
                .toList()));
        return synthesised;
    }
}
