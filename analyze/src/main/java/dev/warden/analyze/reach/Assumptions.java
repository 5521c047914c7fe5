package dev.warden.analyze.reach;

/**
 * Choices where Kubernetes leaves NetworkPolicy behaviour to the network plugin.
 *
 * @param ipBlockMatchesPodIps whether an ipBlock peer matches pods whose IPs fall in it. The API
 *     says ipBlock is meant for cluster-external IPs and leaves pod IPs implementation-defined;
 *     most plugins (and the upstream e2e tests, which put pod IPs in ipBlocks) do match them.
 * @param hostNetworkOutsidePolicy whether hostNetwork pods are outside NetworkPolicy: never
 *     selected (so never isolated, either way) and never matched by podSelector or
 *     namespaceSelector peers, their traffic being the node's, which only ipBlock can match.
 *     The Kubernetes docs call this the most common implementation; the alternative is a plugin
 *     that tells hostNetwork pods apart and treats them like any pod.
 */
public record Assumptions(boolean ipBlockMatchesPodIps, boolean hostNetworkOutsidePolicy) {
    /** What most network plugins do, and what Warden assumes unless told otherwise. */
    public static final Assumptions COMMON_CNI = new Assumptions(true, true);
}
