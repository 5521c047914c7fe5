package dev.warden.gateway;

import dev.warden.model.decision.Decision;
import dev.warden.model.registry.EgressDependency;
import java.time.Duration;

/** A record's own timeouts (§19) where it sets them, the gateway's defaults otherwise. */
final class Timeouts {
    private Timeouts() {}

    static Duration connect(Decision decision, GatewayConfig config) {
        EgressDependency.Timeouts own = own(decision);
        return own != null && own.connect() != null ? own.connect() : config.connectTimeout();
    }

    static Duration idle(Decision decision, GatewayConfig config) {
        EgressDependency.Timeouts own = own(decision);
        return own != null && own.idle() != null ? own.idle() : config.idleTimeout();
    }

    private static EgressDependency.Timeouts own(Decision decision) {
        return decision.dependency() == null ? null : decision.dependency().spec().timeouts();
    }
}
