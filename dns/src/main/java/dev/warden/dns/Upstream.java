package dev.warden.dns;

import dev.warden.dns.Resolution.Source;
import dev.warden.runtime.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverChannelStrategy;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * Forwards a question to the upstream resolver with Netty's DNS client: a random query ID and a
 * new source port for every query (so an off-path attacker must guess both), and a retry over
 * TCP when the UDP answer comes back truncated. The answer is reduced to the chain that starts at
 * the question — records about other names are dropped rather than trusted — with names inside
 * rdata written out in full, so the records can be cached and sent on in any message.
 */
final class Upstream implements AutoCloseable {
    /** RFC 1034 §3.6.2 allows chains; 8 links is what common resolvers follow before giving up. */
    static final int MAX_CHAIN = 8;

    private final DnsNameResolver resolver;
    private final LongConsumer latencyNanos;

    /** @param server the upstream resolver, or null for those in /etc/resolv.conf */
    Upstream(EventLoop loop, InetSocketAddress server, Duration timeout, LongConsumer latencyNanos) {
        this.latencyNanos = latencyNanos;
        this.resolver = new DnsNameResolverBuilder(loop)
                .channelType(Transports.datagramChannel())
                .socketChannelType(Transports.socketChannel())
                .datagramChannelStrategy(DnsNameResolverChannelStrategy.ChannelPerResolution)
                .nameServerProvider(server == null
                        ? DnsServerAddressStreamProviders.platformDefault()
                        : new SingletonDnsServerAddressStreamProvider(server))
                .queryTimeoutMillis(timeout.toMillis())
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .recursionDesired(true)
                .maxPayloadSize(ResponseWriter.EDNS_PAYLOAD)
                .decodeIdn(false)
                .build();
    }

    /** Asks the upstream; completes with SERVFAIL on timeout or any failure, never exceptionally. */
    CompletableFuture<Resolution> query(String name, DnsRecordType type) {
        CompletableFuture<Resolution> result = new CompletableFuture<>();
        long started = System.nanoTime();
        Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> sent;
        try {
            sent = resolver.query(new DefaultDnsQuestion(name + ".", type));
        } catch (RuntimeException e) {
            result.complete(Resolution.failure(Source.UPSTREAM));
            return result;
        }
        sent.addListener(done -> {
            latencyNanos.accept(System.nanoTime() - started);
            if (!done.isSuccess()) {
                result.complete(Resolution.failure(Source.UPSTREAM));
                return;
            }
            @SuppressWarnings("unchecked")
            AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
                    (AddressedEnvelope<DnsResponse, InetSocketAddress>) done.getNow();
            try {
                result.complete(chain(name, type, envelope.content()));
            } catch (RuntimeException e) {
                result.complete(Resolution.failure(Source.UPSTREAM));
            } finally {
                envelope.release();
            }
        });
        return result;
    }

    /** The records of {@code response} on the path from {@code name}: CNAMEs, then {@code type}. */
    static Resolution chain(String name, DnsRecordType type, DnsResponse response) {
        DnsResponseCode rcode = response.code();
        if (!rcode.equals(DnsResponseCode.NOERROR) && !rcode.equals(DnsResponseCode.NXDOMAIN)) {
            return Resolution.failure(Source.UPSTREAM);
        }
        List<ResourceRecord> all = new ArrayList<>();
        for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
            all.add(selfContained(response.recordAt(DnsSection.ANSWER, i)));
        }
        List<ResourceRecord> chain = new ArrayList<>();
        String current = name + ".";
        Set<String> visited = new HashSet<>();
        for (int link = 0; link <= MAX_CHAIN && visited.add(current); link++) {
            String owner = current;
            List<ResourceRecord> data = all.stream().filter(r -> r.name().equals(owner) && r.type().equals(type)).toList();
            if (!data.isEmpty() || type.equals(DnsRecordType.CNAME)) {
                chain.addAll(data);
                break;
            }
            ResourceRecord alias = all.stream()
                    .filter(r -> r.name().equals(owner) && r.type().equals(DnsRecordType.CNAME))
                    .findFirst().orElse(null);
            if (alias == null || link == MAX_CHAIN) {
                break;
            }
            chain.add(alias);
            current = alias.cnameTarget();
        }
        ResourceRecord soa = null;
        for (int i = 0; i < response.count(DnsSection.AUTHORITY); i++) {
            DnsRecord record = response.recordAt(DnsSection.AUTHORITY, i);
            if (record.type().equals(DnsRecordType.SOA)) {
                soa = selfContained(record);
                break;
            }
        }
        return new Resolution(rcode, chain, soa, false, Source.UPSTREAM);
    }

    /** The record with owner lower-case and names inside its rdata decompressed (RFC 3597 §4). */
    static ResourceRecord selfContained(DnsRecord record) {
        String owner = record.name().toLowerCase(Locale.ROOT);
        if (record instanceof DnsPtrRecord ptr) {
            return new ResourceRecord(owner, record.type(), record.timeToLive(), WireNames.encode(ptr.hostname()));
        }
        ByteBuf content = ((DnsRawRecord) record).content().duplicate();
        DnsRecordType type = record.type();
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        if (type.equals(DnsRecordType.CNAME) || type.equals(DnsRecordType.NS) || type.equals(DnsRecordType.DNAME)) {
            rdata.writeBytes(WireNames.encode(WireNames.decode(content)));
        } else if (type.equals(DnsRecordType.MX)) {
            rdata.write(content.readByte());
            rdata.write(content.readByte());
            rdata.writeBytes(WireNames.encode(WireNames.decode(content)));
        } else if (type.equals(DnsRecordType.SRV)) {
            byte[] fixed = new byte[6];
            content.readBytes(fixed);
            rdata.writeBytes(fixed);
            rdata.writeBytes(WireNames.encode(WireNames.decode(content)));
        } else if (type.equals(DnsRecordType.SOA)) {
            rdata.writeBytes(WireNames.encode(WireNames.decode(content)));
            rdata.writeBytes(WireNames.encode(WireNames.decode(content)));
            byte[] numbers = new byte[20];
            content.readBytes(numbers);
            rdata.writeBytes(numbers);
        } else {
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            rdata.writeBytes(bytes);
        }
        return new ResourceRecord(owner, type, record.timeToLive(), rdata.toByteArray());
    }

    @Override
    public void close() {
        resolver.close();
    }
}
