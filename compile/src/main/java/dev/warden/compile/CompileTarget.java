package dev.warden.compile;

import dev.warden.compile.istio.IstioTarget;
import dev.warden.model.registry.WireName;
import dev.warden.registry.LoadedRegistry;
import java.time.LocalDate;

/** The enforcement layers `warden compile` writes, each from the same registry. */
public enum CompileTarget implements WireName {
    KUBERNETES("kubernetes"),
    ISTIO("istio"),
    GATEWAY("gateway");

    private final String wireName;

    CompileTarget(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** This target's output for {@code loaded}; exceptions count while {@code today} is before their expiry. */
    public Compilation compile(LoadedRegistry loaded, LocalDate today) {
        return switch (this) {
            case KUBERNETES -> KubernetesTarget.compile(loaded.registry());
            case ISTIO -> IstioTarget.compile(loaded.registry());
            case GATEWAY -> GatewayTarget.compile(loaded, today);
        };
    }
}
