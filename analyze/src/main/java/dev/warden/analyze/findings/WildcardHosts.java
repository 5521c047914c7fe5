package dev.warden.analyze.findings;

import com.google.common.net.InternetDomainName;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a wildcard host pattern reaches, measured in who can register the names it matches.
 * A pattern within one registrable domain ({@code *.example.com}) matches names one owner
 * controls; a pattern across a public suffix ({@code *.co.uk}, {@code *.s3.amazonaws.com}) matches
 * names anyone can register, so an allowlist entry with it is not an allowlist.
 *
 * <p>Patterns are read the way Cilium's {@code matchPattern} reads them, which covers Istio's
 * host wildcards too: {@code *} alone matches every name, {@code **.} at the start matches any
 * number of labels, and {@code *} anywhere else matches within one label ({@code api-*.example.com},
 * {@code api.*.example.com}). What a pattern can reach is decided by its fixed suffix, the
 * labels after its last wildcard label. Case and a trailing dot do not matter.
 *
 * <p>Public suffixes come from the Public Suffix List compiled into Guava, both its ICANN and
 * private sections. Guava leaves out the list's implicit {@code *} rule, under which a
 * top-level domain the list does not name is itself a public suffix; it is applied here, so
 * {@code *.internal} is broad while {@code *.svc.cluster.local} stays within {@code cluster.local}.
 */
public final class WildcardHosts {
    private WildcardHosts() {}

    /** What the names a wildcard pattern matches have in common. */
    public enum Extent {
        /** All under one registrable domain, one owner's names. */
        ONE_REGISTRABLE_DOMAIN,
        /** Under a public suffix, where anyone can register names. */
        PUBLIC_SUFFIX,
        /** Nothing: the wildcard is in the last label ({@code *}, {@code example.*}). */
        NO_FIXED_SUFFIX,
        /** The fixed suffix is not a domain name, so no registrant can be said to own what it matches. */
        NOT_A_DOMAIN_NAME
    }

    /**
     * What one wildcard pattern reaches.
     *
     * @param pattern the pattern as written
     * @param fixedSuffix the labels after its last wildcard label, lower-case and without a
     *     trailing dot; empty when the last label has the wildcard
     * @param registrableDomain the registrable domain all its names are under, when
     *     {@code extent} is {@link Extent#ONE_REGISTRABLE_DOMAIN}
     */
    public record Breadth(String pattern, String fixedSuffix, Extent extent, Optional<String> registrableDomain) {
        public Breadth {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(fixedSuffix, "fixedSuffix");
            Objects.requireNonNull(extent, "extent");
            if (registrableDomain.isPresent() != (extent == Extent.ONE_REGISTRABLE_DOMAIN)) {
                throw new IllegalArgumentException("a registrable domain goes with ONE_REGISTRABLE_DOMAIN only");
            }
        }

        public boolean broaderThanOneRegistrableDomain() {
            return extent != Extent.ONE_REGISTRABLE_DOMAIN;
        }
    }

    /** Whether {@code pattern} has a wildcard; a name without one matches itself only. */
    public static boolean isWildcard(String pattern) {
        return pattern.contains("*");
    }

    /** Whether {@code pattern} matches names outside any one registrable domain; false for a name without wildcard. */
    public static boolean broaderThanOneRegistrableDomain(String pattern) {
        return breadth(pattern).map(Breadth::broaderThanOneRegistrableDomain).orElse(false);
    }

    /** What {@code pattern} reaches; empty when it has no wildcard. */
    public static Optional<Breadth> breadth(String pattern) {
        if (!isWildcard(pattern)) {
            return Optional.empty();
        }
        String normalized = pattern.strip().toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        List<String> labels = Arrays.asList(normalized.split("\\.", -1));
        int lastWildcard = 0;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).contains("*")) {
                lastWildcard = i;
            }
        }
        String suffix = String.join(".", labels.subList(lastWildcard + 1, labels.size()));
        if (suffix.isEmpty()) {
            return Optional.of(new Breadth(pattern, suffix, Extent.NO_FIXED_SUFFIX, Optional.empty()));
        }
        if (!InternetDomainName.isValid(suffix)) {
            return Optional.of(new Breadth(pattern, suffix, Extent.NOT_A_DOMAIN_NAME, Optional.empty()));
        }
        InternetDomainName name = InternetDomainName.from(suffix);
        List<String> parts = name.parts();
        int publicSuffixLabels = publicSuffixLabels(name);
        if (parts.size() <= publicSuffixLabels) {
            return Optional.of(new Breadth(pattern, suffix, Extent.PUBLIC_SUFFIX, Optional.empty()));
        }
        String registrable = String.join(".", parts.subList(parts.size() - publicSuffixLabels - 1, parts.size()));
        return Optional.of(new Breadth(pattern, suffix, Extent.ONE_REGISTRABLE_DOMAIN, Optional.of(registrable)));
    }

    /** How many labels the name's public suffix has: the list's longest match, else the top-level domain alone. */
    private static int publicSuffixLabels(InternetDomainName name) {
        return name.hasPublicSuffix() ? name.publicSuffix().parts().size() : 1;
    }
}
