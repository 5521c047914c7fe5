package dev.warden.gateway;

import static dev.warden.gateway.GatewayHarness.PAYMENT_WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.fixtures.Curl;
import dev.warden.gateway.fixtures.CurlResult;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution through --upstream-dns, against a small DNS server on loopback that counts the
 * queries it gets: an allowed name is resolved there and reached, a name no record allows is
 * never even asked about, and a name that resolves to a refused range is stopped by the guard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayUpstreamDnsTest {
    private static final String RESOLVED = "dns.vendor.test";
    private static final String REBOUND = "rebound.vendor.test";

    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Map<String, byte[]> answers = Map.of(RESOLVED + ".", new byte[] {127, 0, 0, 1},
            REBOUND + ".", new byte[] {10, 0, 0, 1});
    private EventLoopGroup dnsLoop;
    private Channel dnsServer;
    GatewayHarness harness;
    GatewayServer withDns;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dnsLoop = new NioEventLoopGroup(1);
        dnsServer = new Bootstrap().group(dnsLoop).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel channel) {
                        channel.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Answering());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        harness = new GatewayHarness(dir);
        harness.writeRegistry(harness.registryText(", " + RESOLVED + ", " + REBOUND));
        withDns = GatewayServer.start(harness.config(false, null, null, (InetSocketAddress) dnsServer.localAddress()),
                Clock.systemUTC());
    }

    @AfterAll
    void stop() throws InterruptedException {
        withDns.close();
        harness.close();
        dnsServer.close().sync();
        dnsLoop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    private CurlResult get(String host) {
        return Curl.request("http://" + host + ":" + harness.origin.httpPort() + "/").sourceAddress(PAYMENT_WORKER)
                .proxy(withDns.listenAddress().getPort()).maxTime(Duration.ofSeconds(20)).run();
    }

    @Test
    void anAllowedNameIsResolvedByTheUpstreamServerAndReached() {
        CurlResult result = get(RESOLVED);

        assertThat(result.httpStatus()).as(result.toString()).isEqualTo(200);
        assertThat(queries.get(RESOLVED + ".")).isNotNull();
    }

    @Test
    void aNameNoRecordAllowsIsNeverLookedUp() {
        CurlResult result = get("secret-exfiltration.attacker.test");

        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(queries).doesNotContainKey("secret-exfiltration.attacker.test.");
    }

    @Test
    void anAllowedNameThatResolvesToAPrivateAddressIsStoppedByTheGuard() {
        CurlResult result = get(REBOUND);

        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(result.bodyText()).contains("resolved to 10.0.0.1, a private (RFC 1918) address");
        assertThat(queries.get(REBOUND + ".")).isNotNull();
    }

    /** Answers A queries from {@link #answers}, NXDOMAIN otherwise, and counts every query. */
    private final class Answering extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsRecord question = query.recordAt(DnsSection.QUESTION);
            queries.computeIfAbsent(question.name(), name -> new AtomicInteger()).incrementAndGet();
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.addRecord(DnsSection.QUESTION, question);
            byte[] address = answers.get(question.name());
            if (address != null && question.type() == DnsRecordType.A) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A, 60,
                        Unpooled.wrappedBuffer(address)));
            } else if (address == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            }
            ctx.writeAndFlush(response);
        }
    }
}
