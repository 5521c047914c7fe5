package dev.warden.dns.zone;

/** A zone file the way an operator would write one, shared by the parser and lookup tests. */
final class ExampleZone {
    static final String TEXT = """
            ; Local data for example. served by Warden
            $ORIGIN example.
            $TTL 1h
            @   IN SOA ns1 hostmaster (
                    2024010101 ; serial
                    2h         ; refresh
                    15m        ; retry
                    2w         ; expire
                    300 )      ; minimum
                IN NS ns1
                IN NS ns2.example.
                IN MX 10 mail
            ns1       A 192.0.2.53
            ns2 600 IN A 192.0.2.54
            mail IN 600 A 192.0.2.25
            API       A 192.0.2.1
                      A 192.0.2.2
                      AAAA 2001:db8::1
            www       CNAME web
            web       CNAME api
            docs      CNAME docs.vendor.net.
            txt       TXT "v=spf1 -all" "say \\"hi\\"\\\\now" \\065BC
            _sip._tcp SRV 10 5 5060 sip
            sip       A 192.0.2.60
            *.apps    A 192.0.2.80
            web.apps  A 192.0.2.81
            a.b.deep  A 192.0.2.90 ; b.deep and deep exist only as empty non-terminals
            caa       CAA 0 issue "letsencrypt.org"
            1.2.0.192.in-addr.arpa. PTR api
            """;

    private ExampleZone() {}

    static Zone parse() {
        return ZoneFile.parse(TEXT, "example.zone");
    }
}
