package dev.warden.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder with the strictness a forward proxy needs against request smuggling:
 * besides Netty's own checks (header name and value characters, differing duplicate
 * Content-Length, line and header size limits), it refuses in the raw request head what Netty
 * would otherwise silently accept — obs-fold continuation lines, bare CR or LF line endings and
 * control bytes — and it keeps Content-Length beside Transfer-Encoding (Netty drops it) so the
 * proxy can refuse that combination. Refusals surface as a request whose decoder result failed.
 *
 * <p>The head check runs in lockstep with the decoder: bytes at the reader index are the start
 * of a request head exactly when the previous request's last content has been emitted.
 */
public final class StrictRequestDecoder extends HttpRequestDecoder {
    /** Request-line limit, in bytes: long enough for real URLs, short enough to bound memory. */
    public static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
    /** Limit of all header lines together, in bytes. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    private boolean atHeadStart = true;
    private int headScannedTo;
    private String headViolation;

    public StrictRequestDecoder() {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setAllowDuplicateContentLengths(false)
                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(true)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (atHeadStart && headViolation == null) {
            headViolation = scanHead(buffer);
        }
        if (headViolation != null) {
            // Refuse the whole connection: emit one failed request, then swallow what follows.
            if (atHeadStart) {
                HttpMessage invalid = createInvalidMessage();
                invalid.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(headViolation)));
                out.add(invalid);
                atHeadStart = false;
            }
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object decoded = out.get(i);
            if (decoded instanceof HttpMessage) {
                atHeadStart = false;
            }
            if (decoded instanceof LastHttpContent) {
                atHeadStart = true;
                headScannedTo = 0;
            }
        }
    }

    /**
     * Scans the head at the reader index (as far as it has arrived) for bytes the proxy refuses;
     * returns the reason, or null. Resumes where the previous call stopped.
     */
    private String scanHead(ByteBuf buffer) {
        int start = buffer.readerIndex();
        int end = buffer.writerIndex();
        int limit = Math.min(end, start + MAX_REQUEST_LINE_BYTES + MAX_HEADER_BYTES + 4);
        for (int i = start + headScannedTo; i < limit; i++) {
            int b = buffer.getByte(i) & 0xff;
            if (b == '\r') {
                if (i + 1 >= end) {
                    headScannedTo = i - start;
                    return null; // wait for the byte after CR
                }
                if (buffer.getByte(i + 1) != '\n') {
                    return "bare CR in the request head";
                }
                continue;
            }
            if (b == '\n') {
                if (i == start || buffer.getByte(i - 1) != '\r') {
                    return "bare LF line ending in the request head; HTTP/1.1 lines end with CRLF";
                }
                if (i + 1 >= end) {
                    headScannedTo = i - start;
                    return null;
                }
                int next = buffer.getByte(i + 1) & 0xff;
                if (next == '\r') {
                    return null; // CRLF CRLF: the head ends here; the body is not ours to scan
                }
                if (next == ' ' || next == '\t') {
                    return "a line of the request head starts with whitespace (obs-fold, or junk before the"
                            + " request line); it is not accepted";
                }
                continue;
            }
            if ((b < 0x20 && b != '\t') || b == 0x7f) {
                return "control byte 0x" + Integer.toHexString(b) + " in the request head";
            }
        }
        headScannedTo = limit - start;
        return null;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // Keep both headers so the proxy sees the conflict and answers 400 (RFC 9112 §6.3).
    }
}
