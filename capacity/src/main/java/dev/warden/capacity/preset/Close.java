package dev.warden.capacity.preset;

/** How a connection ended, which decides how long a NAT keeps its port afterwards. */
public enum Close {
    /** An orderly close (FIN from either side). */
    FIN,
    /** A reset. */
    RST,
    /** Never answered: the SYN went unanswered and the client gave up (a connect timeout). */
    TIMEOUT
}
