package dev.warden.gateway;

import java.time.Clock;

/** What every connection's handlers share: configuration, the registry, and the edges. */
record GatewayContext(
        GatewayConfig config,
        Clock clock,
        RegistrySource registry,
        Resolver resolver,
        AuditTrail audit,
        GatewayMetrics metrics,
        Budgets budgets,
        Draining draining) {}
