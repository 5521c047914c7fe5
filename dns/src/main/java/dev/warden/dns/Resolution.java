package dev.warden.dns;

import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to one question before policy looks at it: the response code, the answer records
 * in chain order (CNAMEs first, then the final name's records), the SOA that bounds a negative
 * answer, and where it came from.
 */
public record Resolution(DnsResponseCode rcode, List<ResourceRecord> answers, ResourceRecord soa,
        boolean authoritative, Source source) {

    /** Where an answer came from; logged and counted. */
    public enum Source {
        ZONE,
        CACHE,
        UPSTREAM
    }

    public Resolution {
        answers = List.copyOf(answers);
    }

    public static Resolution failure(Source source) {
        return new Resolution(DnsResponseCode.SERVFAIL, List.of(), null, false, source);
    }

    /** The names the answer walks through after the question: each CNAME's target, in order. */
    public List<String> aliasTargets() {
        List<String> targets = new ArrayList<>();
        for (ResourceRecord record : answers) {
            if (record.type().equals(DnsRecordType.CNAME)) {
                targets.add(record.cnameTarget());
            }
        }
        return targets;
    }

    public List<ResourceRecord> authority() {
        return soa == null ? List.of() : List.of(soa);
    }
}
