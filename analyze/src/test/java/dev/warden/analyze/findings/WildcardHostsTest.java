package dev.warden.analyze.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.analyze.findings.WildcardHosts.Breadth;
import dev.warden.analyze.findings.WildcardHosts.Extent;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardHostsTest {
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            // ICANN section
            "*.co.uk                  | co.uk                | PUBLIC_SUFFIX          | none",
            "*.com                    | com                  | PUBLIC_SUFFIX          | none",
            "api-*.co.uk              | co.uk                | PUBLIC_SUFFIX          | none",
            // private section: names customers of the service register
            "*.s3.amazonaws.com       | s3.amazonaws.com     | PUBLIC_SUFFIX          | none",
            "*.github.io              | github.io            | PUBLIC_SUFFIX          | none",
            "**.github.io             | github.io            | PUBLIC_SUFFIX          | none",
            // a top-level domain the list does not name is a public suffix by its implicit * rule
            "*.internal               | internal             | PUBLIC_SUFFIX          | none",
            "*.local                  | local                | PUBLIC_SUFFIX          | none",
            "*.svc.cluster.local      | svc.cluster.local    | ONE_REGISTRABLE_DOMAIN | cluster.local",
            "*.cluster.local          | cluster.local        | ONE_REGISTRABLE_DOMAIN | cluster.local",
            // one owner's names
            "*.example.com            | example.com          | ONE_REGISTRABLE_DOMAIN | example.com",
            "**.example.com           | example.com          | ONE_REGISTRABLE_DOMAIN | example.com",
            "*.api.example.co.uk      | api.example.co.uk    | ONE_REGISTRABLE_DOMAIN | example.co.uk",
            "api-*.example.com        | example.com          | ONE_REGISTRABLE_DOMAIN | example.com",
            "api.*.example.com        | example.com          | ONE_REGISTRABLE_DOMAIN | example.com",
            "my-bucket-*.s3.amazonaws.com | s3.amazonaws.com | PUBLIC_SUFFIX          | none",
            "*.my-bucket.s3.amazonaws.com | my-bucket.s3.amazonaws.com | ONE_REGISTRABLE_DOMAIN | my-bucket.s3.amazonaws.com",
            // a * inside a label reaches names that only end like the vendor's
            "*example.com             | com                  | PUBLIC_SUFFIX          | none",
            // case and the root's trailing dot
            "*.Example.COM.           | example.com          | ONE_REGISTRABLE_DOMAIN | example.com",
            "*.CO.UK.                 | co.uk                | PUBLIC_SUFFIX          | none",
            // nothing fixed after the wildcard
            "*                        | ''                   | NO_FIXED_SUFFIX        | none",
            "example.*                | ''                   | NO_FIXED_SUFFIX        | none",
            "api.*                    | ''                   | NO_FIXED_SUFFIX        | none",
            // not a domain name after the wildcard
            "*.example..com           | example..com         | NOT_A_DOMAIN_NAME      | none",
            "*.-bad.com               | -bad.com             | NOT_A_DOMAIN_NAME      | none",
    })
    void breadthOfAPattern(String pattern, String fixedSuffix, Extent extent, String registrableDomain) {
        assertThat(WildcardHosts.breadth(pattern))
                .contains(new Breadth(pattern, fixedSuffix, extent, Optional.ofNullable(registrableDomain)));
        assertThat(WildcardHosts.broaderThanOneRegistrableDomain(pattern))
                .isEqualTo(extent != Extent.ONE_REGISTRABLE_DOMAIN);
    }

    @ParameterizedTest
    @CsvSource({"api.example.com", "co.uk", "s3.amazonaws.com"})
    void aNameWithoutWildcardMatchesOnlyItself(String name) {
        assertThat(WildcardHosts.isWildcard(name)).isFalse();
        assertThat(WildcardHosts.breadth(name)).isEmpty();
        assertThat(WildcardHosts.broaderThanOneRegistrableDomain(name)).isFalse();
    }

    @Test
    void aRegistrableDomainGoesWithOneRegistrableDomainOnly() {
        assertThatThrownBy(() -> new Breadth("*.co.uk", "co.uk", Extent.PUBLIC_SUFFIX, Optional.of("co.uk")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Breadth("*.a.com", "a.com", Extent.ONE_REGISTRABLE_DOMAIN, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
