package dev.warden.analyze.reach;

/** Which side of a connection a policy rule is about, named as NetworkPolicy's {@code policyTypes} name it. */
enum Direction {
    EGRESS("Egress"),
    INGRESS("Ingress");

    final String type;

    Direction(String type) {
        this.type = type;
    }
}
