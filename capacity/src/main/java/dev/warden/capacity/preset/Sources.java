package dev.warden.capacity.preset;

/** The provider pages every preset number is taken from; docs/capacity.md lists them too. */
public final class Sources {
    private Sources() {}

    public static final Source AWS_BASICS = new Source("NAT gateway basics - Amazon Virtual Private Cloud",
            "the characteristics and rules list", "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html");
    public static final Source AWS_TROUBLESHOOTING = new Source("Troubleshoot NAT gateways - Amazon Virtual Private Cloud",
            "Internet connection drops after 350 seconds",
            "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html");
    public static final Source AWS_MULTIPLE_IPS = new Source(
            "Attach multiple IPs to a NAT Gateway to scale your egress traffic pattern (AWS Networking & Content Delivery Blog)",
            "", "https://aws.amazon.com/blogs/networking-and-content-delivery/attach-multiple-ips-to-a-nat-gateway-to-scale-your-egress-traffic-pattern/");

    public static final Source GCP_PORTS = new Source("Cloud NAT: IP addresses and ports",
            "Ports; Port reservation; Static and dynamic port allocation", "https://cloud.google.com/nat/docs/ports-and-addresses");
    public static final Source GCP_TIMEOUTS = new Source("Cloud NAT: Tune NAT configuration", "NAT timeouts",
            "https://cloud.google.com/nat/docs/tune-nat-configuration");
    public static final Source GCP_API = new Source("Compute Engine API reference: RouterNat",
            "minPortsPerVm, maxPortsPerVm, enableDynamicPortAllocation, tcpTimeWaitTimeoutSec",
            "https://cloud.google.com/compute/docs/reference/rest/v1/routers");
    public static final Source GCP_RELEASE_NOTES = new Source("Cloud NAT release notes",
            "2026-03-31 announcement: default TCP TIME_WAIT timeout", "https://cloud.google.com/nat/docs/release-notes");

    public static final Source AZURE_NAT = new Source("Azure NAT Gateway resource",
            "SNAT ports; Static public IP addresses; Timers; Performance",
            "https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource");
    public static final Source AZURE_LB = new Source(
            "Source Network Address Translation (SNAT) for outbound connections (Azure Load Balancer)",
            "Default port allocation table; What are SNAT ports?; Constraints",
            "https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections");
    public static final Source AZURE_LB_RELEASE = new Source("Outbound connections in Azure (Azure Load Balancer)",
            "TCP SNAT port release (earlier revision of the same page)",
            "https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections");

    public static final Source LINUX_IP_SYSCTL = new Source("Linux kernel documentation: IP Sysctl", "ip_local_port_range",
            "https://www.kernel.org/doc/html/latest/networking/ip-sysctl.html");
    public static final Source LINUX_CONNTRACK = new Source("Linux kernel documentation: Netfilter Conntrack Sysfs variables",
            "nf_conntrack_max, nf_conntrack_buckets, nf_conntrack_tcp_timeout_*",
            "https://www.kernel.org/doc/html/latest/networking/nf_conntrack-sysctl.html");
    public static final Source IPTABLES_SNAT = new Source("iptables-extensions(8)", "SNAT --to-source (also used by MASQUERADE)",
            "https://ipset.netfilter.org/iptables-extensions.man.html");
    public static final Source KUBE_PROXY = new Source("kube-proxy (Kubernetes command line tools reference)",
            "--conntrack-max-per-core, --conntrack-min, --conntrack-tcp-timeout-established",
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/");
    public static final Source LINUX_TCP_H = new Source("Linux kernel source, include/net/tcp.h", "TCP_TIMEWAIT_LEN",
            "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/include/net/tcp.h");

    public static final Source WARDEN_REGISTRY = new Source("Warden: docs/registry.md and docs/gateway.md",
            "spec.limits (§20 budget); the gateway's Budget step", "docs/registry.md");
}
