package dev.warden.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes what every received message goes through: {@link QueryParser#parse} on arbitrary bytes,
 * then the response {@link ResponseWriter} builds for the outcome. Nothing may throw; every
 * response is at least a header, marked as a response, carrying the query's ID. The default
 * build replays the seeds in src/test/resources; {@code -Pfuzz} fuzzes.
 */
class QueryParserFuzzTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    @FuzzTest(maxDuration = "30s")
    void any_bytes_are_parsed_and_answered_without_throwing(byte[] input) {
        ByteBuf message = Unpooled.wrappedBuffer(input);
        QueryParser.Outcome outcome = QueryParser.parse(message);

        assertThat(message.readerIndex()).as("parse leaves the reader index").isZero();
        assertThat(message.readableBytes()).isEqualTo(input.length);
        switch (outcome) {
            case QueryParser.Ignored ignored -> {
                boolean shortMessage = input.length < 12;
                assertThat(ignored.tag()).isEqualTo(shortMessage ? "short" : "response");
                if (!shortMessage) {
                    assertThat(input[2] & 0x80).as("only responses are ignored").isNotZero();
                }
            }
            case QueryParser.Rejected rejected -> {
                assertThat(rejected.id()).isEqualTo(id(input));
                assertThat(rejected.reason()).isNotBlank();
                assertThat(rejected.rcode()).isNotEqualTo(DnsResponseCode.NOERROR);
                byte[] response = bytes(ResponseWriter.rejection(ALLOC, rejected));
                assertIsResponseTo(response, input);
                if (rejected.query() == null) {
                    assertThat(response).hasSize(12);
                } else {
                    assertEchoesQuestion(response, rejected.query());
                }
            }
            case QueryParser.Accepted accepted -> {
                Query query = accepted.query();
                assertThat(query.id()).isEqualTo(id(input));
                assertThat(input.length).isBetween(12 + 5, QueryParser.MAX_QUERY_BYTES);
                assertThat(query.question()).containsExactly(Arrays.copyOfRange(input, 12, 12 + query.question().length));
                assertThat(query.name()).isEqualTo(query.name().toLowerCase(java.util.Locale.ROOT));
                assertThat(query.ednsUdpSize() == -1 || query.ednsUdpSize() >= 512).isTrue();
                byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false, List.of(),
                        List.of(), ResponseWriter.udpLimit(query)));
                assertIsResponseTo(response, input);
                assertEchoesQuestion(response, query);
                assertThat(response.length).isLessThanOrEqualTo(ResponseWriter.udpLimit(query));
            }
        }
    }

    private static void assertIsResponseTo(byte[] response, byte[] input) {
        assertThat(response.length).isGreaterThanOrEqualTo(12);
        assertThat(response[2] & 0x80).as("QR").isNotZero();
        assertThat(((response[0] & 0xFF) << 8) | (response[1] & 0xFF)).as("ID").isEqualTo(id(input));
    }

    private static void assertEchoesQuestion(byte[] response, Query query) {
        assertThat(((response[4] & 0xFF) << 8) | (response[5] & 0xFF)).as("QDCOUNT").isEqualTo(1);
        assertThat(Arrays.copyOfRange(response, 12, 12 + query.question().length)).containsExactly(query.question());
        assertThat(((response[10] & 0xFF) << 8) | (response[11] & 0xFF)).as("ARCOUNT")
                .isEqualTo(query.hasEdns() ? 1 : 0);
    }

    private static int id(byte[] input) {
        return ((input[0] & 0xFF) << 8) | (input[1] & 0xFF);
    }

    private static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
