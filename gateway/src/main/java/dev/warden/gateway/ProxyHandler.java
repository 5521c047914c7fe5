package dev.warden.gateway;

import dev.warden.runtime.PolicySnapshot;
import dev.warden.gateway.Responses.ProxyError;
import dev.warden.gateway.http.Authority;
import dev.warden.gateway.identity.ProxyCredentials;
import dev.warden.model.decision.Decision;
import dev.warden.model.decision.Verdict;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.InvalidValueException;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.EgressDependency;
import dev.warden.policy.EgressRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of the data path: one instance per client connection. For each request it
 * goes listener → identify → decide → resolve → guard → connect → relay → audit, one request at
 * a time (the client's reads pause while a request is in flight, so pipelined requests wait
 * their turn in the socket rather than in memory). CONNECT requests hand the connection over to
 * a tunnel; absolute-URI requests are forwarded over an upstream connection that is reused while
 * the client keeps asking the same destination.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "proxy";
    /** Where slow password checks run, so the event loops never wait on them. */
    private static final java.util.concurrent.Executor VERIFIER = java.util.concurrent.Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("warden-credentials-", 0).daemon().factory());
    private static final String VIA = "1.1 warden";

    private final GatewayContext context;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private boolean keepAlive;
    /** Body parts that arrived before the upstream connection was ready. */
    private final Queue<HttpContent> pendingBody = new ArrayDeque<>();
    private boolean requestBodyDone;
    private Channel upstream;
    private String upstreamKey;
    private boolean upstreamReady;
    /** The request is refused: its remaining body is discarded. */
    private boolean discarding;

    ProxyHandler(GatewayContext context) {
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request) {
            onRequest(request);
        }
        if (message instanceof HttpContent content) {
            onBody(content);
        } else if (!(message instanceof HttpRequest)) {
            ReferenceCountUtil.release(message);
        }
    }

    private void onRequest(HttpRequest request) {
        discarding = false;
        requestBodyDone = false;
        InetSocketAddress client = ProxyProtocolSource.clientOf(ctx.channel());
        boolean connect = HttpMethod.CONNECT.equals(request.method());
        exchange = new Exchange(context, connect ? "connect-tunnel" : "http-request", client);
        exchange.method = request.method().name();
        exchange.protocol = connect ? "tls" : "http";
        exchange.traceId = Exchange.traceIdOf(request.headers().get("traceparent"));
        context.draining().started();
        ctx.channel().config().setAutoRead(false);
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            refuse(HttpResponseStatus.BAD_REQUEST, ProxyError.HTTP_REQUEST_ERROR,
                    "malformed request: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
            return;
        }
        String problem = RequestRules.violation(request);
        if (problem != null) {
            refuse(HttpResponseStatus.BAD_REQUEST, ProxyError.HTTP_REQUEST_ERROR, problem);
            return;
        }
        Authority target;
        try {
            target = connect
                    ? Authority.parseConnectTarget(request.uri())
                    : RequestRules.forwardTarget(request);
        } catch (InvalidValueException e) {
            refuse(HttpResponseStatus.BAD_REQUEST, ProxyError.HTTP_REQUEST_ERROR,
                    (connect ? "CONNECT target " : "request target ") + e.getMessage());
            return;
        }
        keepAlive = !connect && HttpUtil.isKeepAlive(request);
        exchange.destinationDomain = target.name() == null ? null : target.name().ascii();
        exchange.destinationIp = target.address();
        exchange.destinationPort = target.port();
        PolicySnapshot snapshot = context.registry().current();
        IpAddress source = IpAddress.of(client.getAddress());
        ProxyCredentials credentials = context.credentials();
        String proxyAuthorization = request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION);
        if (credentials == null || (proxyAuthorization == null && snapshot.workloads().identify(source) != null)) {
            decide(request, snapshot, target, source, snapshot.workloads().identify(source), connect);
        } else if (proxyAuthorization == null) {
            challenge("proxy credentials are required: this source address is not a known workload");
        } else {
            String remembered = credentials.rememberedUser(proxyAuthorization);
            if (remembered != null) {
                decide(request, snapshot, target, source, snapshot.proxyUser(remembered), connect);
                return;
            }
            // PBKDF2 is slow on purpose: verify off the event loop, then carry on on it
            CompletableFuture.supplyAsync(() -> credentials.verify(proxyAuthorization), VERIFIER)
                    .whenComplete((user, failure) -> ctx.executor().execute(() -> {
                        if (exchange == null) {
                            return; // the client left meanwhile; channelInactive has audited the exchange
                        }
                        if (user == null) {
                            challenge("the proxy credentials are not valid");
                        } else {
                            decide(request, snapshot, target, source, snapshot.proxyUser(user), connect);
                        }
                    }));
        }
    }

    /** 407 with a Basic challenge, so clients that wait for one send their credentials. */
    private void challenge(String message) {
        FullHttpResponse response = Responses.error(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED,
                ProxyError.HTTP_REQUEST_DENIED, message);
        response.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"warden\"");
        respondAndClose(response);
    }

    private void decide(HttpRequest request, PolicySnapshot snapshot, Authority target, IpAddress source,
            WorkloadIdentity caller, boolean connect) {
        exchange.caller = caller;
        EgressRequest asked = target.isLiteral()
                ? LearntNames.attribute(snapshot.policy(), context.resolvedNames(),
                        EgressRequest.toAddress(caller, source, target.address(), target.port()))
                : EgressRequest.toName(caller, source, target.name(), target.port());
        Decision decision = snapshot.policy().decide(asked);
        if (target.isLiteral() && asked.name() != null) {
            decision = new Decision(decision.verdict(), decision.rule(), decision.reason() + " (" + target.address()
                    + " was answered to this workload for " + asked.name().ascii() + " by Warden's DNS)",
                    decision.dependency());
            exchange.destinationDomain = asked.name().ascii();
        }
        decision = RequestRules.fitsProtocol(decision, connect, target);
        exchange.decision = decision;
        if (!decision.admits()) {
            context.metrics().decided(decision);
            refuse(HttpResponseStatus.FORBIDDEN, ProxyError.HTTP_REQUEST_DENIED, decision.reason());
            return;
        }
        if (!context.audit().canAccept(decision)) {
            refuse(HttpResponseStatus.SERVICE_UNAVAILABLE, ProxyError.PROXY_INTERNAL_ERROR,
                    "the audit trail is full and record " + decision.rule() + " requires audit; try again shortly");
            return;
        }
        if (target.isLiteral()) {
            guarded(request, snapshot, asked, List.of(target.address()), target, connect);
            return;
        }
        context.resolver().resolve(ctx.channel().eventLoop(), target.name()).addListener(done -> {
            if (exchange == null) {
                return; // the client left meanwhile; channelInactive has audited the exchange
            }
            if (!done.isSuccess()) {
                refuse(HttpResponseStatus.BAD_GATEWAY, ProxyError.DNS_ERROR,
                        "cannot resolve " + target.host() + ": " + done.cause().getMessage());
                return;
            }
            @SuppressWarnings("unchecked")
            List<IpAddress> addresses = (List<IpAddress>) done.getNow();
            guarded(request, snapshot, asked, addresses, target, connect);
        });
    }

    /** Picks the first resolved address the policy admits, and dials exactly that one. */
    private void guarded(HttpRequest request, PolicySnapshot snapshot, EgressRequest asked,
            List<IpAddress> addresses, Authority target, boolean connect) {
        Decision decision = null;
        IpAddress chosen = null;
        for (IpAddress address : addresses) {
            decision = snapshot.policy().decide(asked.resolvedTo(address));
            if (decision.admits()) {
                chosen = address;
                break;
            }
        }
        if (chosen == null) {
            exchange.destinationIp = addresses.isEmpty() ? null : addresses.getFirst();
            if (decision == null) {
                refuse(HttpResponseStatus.BAD_GATEWAY, ProxyError.DNS_ERROR, target.host() + " has no addresses");
                return;
            }
            exchange.decision = decision;
            context.metrics().decided(decision);
            refuse(HttpResponseStatus.FORBIDDEN, ProxyError.DESTINATION_IP_PROHIBITED, decision.reason());
            return;
        }
        exchange.decision = decision;
        exchange.destinationIp = chosen;
        context.metrics().decided(decision);
        if (connect) {
            Budgets.Grant budget = context.budgets().acquire(decision, target.display());
            if (!budget.granted()) {
                overBudget(decision, budget);
                return;
            }
            new Tunnel(context, ctx, exchange, decision, target, chosen).open(expectsTls(decision, target));
            exchange = null;
            return;
        }
        forward(request, decision, target, chosen);
    }

    private static boolean expectsTls(Decision decision, Authority target) {
        EgressDependency dependency = decision.dependency();
        if (decision.verdict() == Verdict.ALLOW && dependency != null) {
            AppProtocol protocol = dependency.spec().protocol();
            return protocol == AppProtocol.HTTPS || protocol == AppProtocol.TLS;
        }
        return target.port() == 443; // report-only: no record vouches for the protocol
    }

    private void forward(HttpRequest request, Decision decision, Authority target, IpAddress address) {
        HttpRequest outbound = RequestRules.toOrigin(request, VIA);
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        String key = address + "|" + target.port() + "|" + target.host();
        if (upstream != null && upstream.isActive() && key.equals(upstreamKey)) {
            exchange.natIp = Dialer.localAddressOf(upstream); // a reused connection costs no budget
            sendToUpstream(outbound);
            return;
        }
        Budgets.Grant budget = context.budgets().acquire(decision, target.display());
        if (!budget.granted()) {
            overBudget(decision, budget);
            return;
        }
        closeUpstream();
        upstreamKey = key;
        upstreamReady = false;
        ChannelFuture connecting = Dialer.dial(context, ctx.channel().eventLoop(), decision, address, target.port(), true,
                () -> new ChannelHandler[] {new HttpClientCodec(), new UpstreamResponseHandler(this)});
        upstream = connecting.channel();
        upstream.closeFuture().addListener(closed -> context.budgets().release(decision));
        connecting.addListener((ChannelFutureListener) done -> {
            if (exchange == null) {
                done.channel().close(); // the client left while we dialled
                return;
            }
            if (!done.isSuccess()) {
                upstream = null;
                upstreamKey = null;
                failUpstream(done.cause(), target);
                return;
            }
            exchange.natIp = Dialer.localAddressOf(done.channel());
            sendToUpstream(outbound);
        });
    }

    private void sendToUpstream(HttpRequest outbound) {
        upstreamReady = true;
        upstream.write(outbound);
        while (!pendingBody.isEmpty()) {
            writeBody(pendingBody.poll());
        }
        upstream.flush();
        if (!requestBodyDone) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void onBody(HttpContent content) {
        if (discarding || exchange == null) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // a malformed chunk mid-body: the message's length is unknowable, so nothing more goes on
            content.release();
            closeUpstream();
            Throwable cause = content.decoderResult().cause();
            refuse(HttpResponseStatus.BAD_REQUEST, ProxyError.HTTP_REQUEST_ERROR, "malformed request body: "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
            return;
        }
        if (content instanceof LastHttpContent) {
            requestBodyDone = true;
            ctx.channel().config().setAutoRead(false);
        }
        if (!upstreamReady) {
            pendingBody.add(content);
            return;
        }
        writeBody(content);
        upstream.flush();
    }

    private void writeBody(HttpContent content) {
        exchange.sourceBytes.addAndGet(content.content().readableBytes());
        upstream.write(content).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (!upstream.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Called by the upstream side for each part of the response. */
    void onResponsePart(Object part, boolean last) {
        if (part instanceof io.netty.handler.codec.http.HttpResponse response) {
            exchange.status = response.status().code();
            RequestRules.stripHopByHop(response.headers());
            response.headers().add(HttpHeaderNames.VIA, VIA);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        if (part instanceof HttpContent content) {
            exchange.destinationBytes.addAndGet(content.content().readableBytes());
        }
        if (!last) {
            // flushed as it comes: a streaming response (server-sent events) must not wait
            ctx.writeAndFlush(part);
            if (!ctx.channel().isWritable()) {
                upstream.config().setAutoRead(false);
            }
            return;
        }
        ChannelFuture written = ctx.writeAndFlush(part);
        Exchange done = exchange;
        exchange = null;
        written.addListener((ChannelFutureListener) future -> {
            done.finish(future.isSuccess());
            context.draining().ended();
            if (!keepAlive || !future.isSuccess() || context.draining().isDraining()) {
                ctx.close();
            } else {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }

    /** An upstream connection closed; it matters if it was serving the current request. */
    void onUpstreamLost(Channel lost) {
        if (lost != upstream) {
            return; // one we closed ourselves when the client moved on to another destination
        }
        upstream = null;
        upstreamKey = null;
        if (exchange == null) {
            return; // an idle pooled connection closed: nothing was waiting on it
        }
        if (exchange.status == null) {
            refuse(HttpResponseStatus.BAD_GATEWAY, ProxyError.CONNECTION_REFUSED,
                    "the destination closed the connection before answering");
        } else {
            exchange.finish(false);
            context.draining().ended();
            exchange = null;
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstream != null) {
            upstream.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Upstream writability returned: resume reading the client's body. */
    void onUpstreamWritable() {
        if (exchange != null && !requestBodyDone) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void failUpstream(Throwable cause, Authority target) {
        if (cause instanceof ConnectTimeoutException) {
            refuse(HttpResponseStatus.GATEWAY_TIMEOUT, ProxyError.CONNECTION_TIMEOUT,
                    "timed out connecting to " + target.display());
        } else {
            refuse(HttpResponseStatus.BAD_GATEWAY, ProxyError.CONNECTION_REFUSED,
                    "cannot connect to " + target.display() + ": " + cause.getMessage());
        }
    }

    private void overBudget(Decision decision, Budgets.Grant budget) {
        context.metrics().budgetRejected(decision.rule());
        exchange.decision = Decision.deny(decision.dependency(), budget.reason());
        respondAndClose(Responses.overBudget(budget.reason(), budget.retryAfterSeconds()));
    }

    /** Answers with an error, audits, and closes: the rest of a refused request is never read. */
    private void refuse(HttpResponseStatus status, ProxyError error, String message) {
        respondAndClose(Responses.error(status, error, message));
    }

    private void respondAndClose(FullHttpResponse response) {
        if (exchange == null) {
            response.release();
            return; // nothing is waiting for an answer any more
        }
        discarding = true;
        pendingBody.forEach(HttpContent::release);
        pendingBody.clear();
        Exchange refused = exchange;
        exchange = null;
        refused.status = response.status().code();
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) done -> {
            refused.finish(false);
            context.draining().ended();
            ctx.close();
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pendingBody.forEach(HttpContent::release);
        pendingBody.clear();
        if (exchange != null) {
            exchange.finish(false);
            context.draining().ended();
            exchange = null;
        }
        closeUpstream();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void closeUpstream() {
        if (upstream != null) {
            upstream.close();
            upstream = null;
            upstreamKey = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && exchange == null) {
            ctx.close(); // an idle keep-alive connection; one with a request in flight waits for it
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
