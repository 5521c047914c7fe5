package dev.warden.compile.nftables;

import java.util.List;
import java.util.Objects;

/**
 * The nftables target's output for one registry.
 *
 * @param script a complete script for {@code nft -f}: it creates or replaces table {@code inet warden}
 * @param problems one sentence per record or setting the ruleset cannot express, naming it and what to do
 */
public record NftablesRuleset(String script, List<String> problems) {
    public NftablesRuleset {
        Objects.requireNonNull(script, "script");
        problems = List.copyOf(problems);
    }
}
