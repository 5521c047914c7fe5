package dev.warden.registry.explain;

/**
 * The rows of the seed's §17 comparison of egress paths. For the first six more is better; for
 * the last three less is better.
 */
public enum Dimension {
    STABLE_SOURCE_IP("stable source IP", true),
    WORKLOAD_ATTRIBUTION("workload attribution", true),
    HOSTNAME_POLICY("hostname policy", true),
    HTTP_PATH_POLICY("HTTP path policy", true),
    NON_HTTP_SUPPORT("non-HTTP support", true),
    AUDIT_DETAIL("audit detail", true),
    APP_CHANGE("app change needed", false),
    BYPASS_RISK("bypass risk", false),
    COMPLEXITY("complexity", false);

    private final String label;
    private final boolean moreIsBetter;

    Dimension(String label, boolean moreIsBetter) {
        this.label = label;
        this.moreIsBetter = moreIsBetter;
    }

    public String label() {
        return label;
    }

    public boolean moreIsBetter() {
        return moreIsBetter;
    }
}
