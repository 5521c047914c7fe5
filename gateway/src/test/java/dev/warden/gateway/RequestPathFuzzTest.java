package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.gateway.http.Authority;
import dev.warden.gateway.http.StrictRequestDecoder;
import dev.warden.model.net.InvalidValueException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Fuzzes the gateway's request parsing: raw bytes through the strict decoder, then the target
 * and authority parsing every request goes through. Nothing may escape as an unexpected
 * exception, and no request the decoder accepts may carry what it promises to refuse.
 * The default build replays the seeds in src/test/resources; {@code -Pfuzz} fuzzes.
 */
class RequestPathFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void rawRequestsNeverCrashTheDecoderOrSmuggleAHead(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestDecoder());
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            channel.finish();
            for (Object decoded = channel.readInbound(); decoded != null; decoded = channel.readInbound()) {
                if (decoded instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                    assertThat(headOf(input)).as("an accepted head has no obs-fold").doesNotContain("\r\n ", "\r\n\t");
                    if (RequestRules.violation(request) == null) {
                        assertThat(request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                                && request.headers().contains(HttpHeaderNames.CONTENT_LENGTH))
                                .as("a request passed on never has both Transfer-Encoding and Content-Length").isFalse();
                        assertThat(request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING))
                                .as("the only transfer coding passed on is chunked")
                                .allSatisfy(coding -> assertThat(coding.trim()).isEqualToIgnoringCase("chunked"));
                    }
                    parseTarget(request);
                }
                ReferenceCountUtil.release(decoded);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void authoritiesParseOrRefuseCleanly(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            Authority authority = Authority.parseHostHeader(text, 80);
            assertThat(authority.port()).isBetween(1, 65535);
            assertThat(authority.name() == null).isEqualTo(authority.address() != null);
        } catch (InvalidValueException refused) {
            // a clear refusal is the other acceptable outcome
        }
    }

    private static void parseTarget(HttpRequest request) {
        try {
            if (request.method().name().equals("CONNECT")) {
                Authority.parseConnectTarget(request.uri());
            } else {
                RequestRules.forwardTarget(request);
                RequestRules.toOrigin(request, "1.1 warden");
            }
        } catch (InvalidValueException refused) {
            // refused with a message: fine
        }
    }

    /** The first request head of the input, as the decoder would have seen it. */
    private static String headOf(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end + 2);
    }
}
