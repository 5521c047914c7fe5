package dev.warden.gateway;

import dev.warden.runtime.AuditTrail;
import dev.warden.runtime.RegistrySource;
import dev.warden.dns.ResolvedNames;
import dev.warden.gateway.identity.ProxyCredentials;
import java.time.Clock;

/**
 * What every connection's handlers share: configuration, the registry, and the edges.
 * {@code credentials} is null when the gateway takes no proxy credentials; {@code resolvedNames}
 * is null unless the gateway runs the DNS resolver too.
 */
record GatewayContext(
        GatewayConfig config,
        Clock clock,
        RegistrySource registry,
        Resolver resolver,
        AuditTrail audit,
        GatewayMetrics metrics,
        Budgets budgets,
        ProxyCredentials credentials,
        Draining draining,
        ResolvedNames resolvedNames) {}
