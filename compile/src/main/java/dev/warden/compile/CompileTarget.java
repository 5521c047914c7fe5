package dev.warden.compile;

import dev.warden.compile.cilium.CiliumTarget;
import dev.warden.compile.istio.IstioTarget;
import dev.warden.compile.nftables.NftablesRuleset;
import dev.warden.compile.nftables.NftablesTarget;
import dev.warden.model.registry.WireName;
import dev.warden.registry.LoadedRegistry;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The enforcement layers `warden compile` writes, each from the same registry. */
public enum CompileTarget implements WireName {
    KUBERNETES("kubernetes"),
    CILIUM("cilium"),
    ISTIO("istio"),
    NFTABLES("nftables"),
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
            case CILIUM -> CiliumTarget.compile(loaded.registry());
            case ISTIO -> IstioTarget.compile(loaded.registry());
            case NFTABLES -> {
                NftablesRuleset ruleset = NftablesTarget.compile(loaded.registry());
                yield new Compilation(List.of(), Map.of(Path.of(wireName, "ruleset.nft"), ruleset.script()),
                        ruleset.problems());
            }
            case GATEWAY -> GatewayTarget.compile(loaded, today);
        };
    }
}
