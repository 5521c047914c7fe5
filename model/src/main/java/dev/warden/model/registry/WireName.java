package dev.warden.model.registry;

/**
 * A closed set whose members are spelt in kebab-case (or as Kubernetes spells them) in the
 * registry files. The wire name is what users write and what messages show; the Java constant
 * is only for code.
 */
public interface WireName {
    String wireName();
}
