package dev.warden.registry.check;

/** One family of checks over the loaded registry; findings go to the context. */
interface Rule {
    void apply(RuleContext context);
}
