package dev.warden.gateway;

import dev.warden.dns.ResolvedNames;
import dev.warden.model.net.Hostname;
import dev.warden.policy.EgressRequest;
import dev.warden.policy.PolicyIndex;

/**
 * Clients that resolve a name themselves and then CONNECT to the address (some SDKs, anything
 * behind a happy-eyeballs dialer) present only an IP literal. When the caller resolved that
 * address through Warden's DNS, the name it asked for is what it means to reach.
 */
final class LearntNames {
    private LearntNames() {}

    /**
     * {@code byAddress} as the name the caller resolved the address from, when the address alone
     * is denied and that name is allowed; otherwise {@code byAddress} unchanged.
     *
     * @param names what the caller resolved through Warden's DNS, or null when none runs here
     */
    static EgressRequest attribute(PolicyIndex policy, ResolvedNames names, EgressRequest byAddress) {
        if (names == null || byAddress.name() != null || policy.decide(byAddress).admits()) {
            return byAddress;
        }
        Hostname learnt = names.nameFor(byAddress.caller(), byAddress.source(), byAddress.address());
        if (learnt == null) {
            return byAddress;
        }
        EgressRequest byName = EgressRequest.toName(byAddress.caller(), byAddress.source(), learnt, byAddress.port())
                .resolvedTo(byAddress.address());
        return policy.decide(byName).admits() ? byName : byAddress;
    }
}
