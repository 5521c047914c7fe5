# results.csv -> the extra proxy's medians as ratios to direct, squid and tinyproxy
# columns: 1 rep,2 metric,3 target,4 ok,5 rps,6 p50_ms,7 p99_ms,8 mibps,... 15 peak_rss_kb
function median(key,   n, i, j, t, a) {
  n = cnt[key]; if (n == 0) return "NA"
  for (i = 1; i <= n; i++) a[i] = val[key, i]
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function ratio(v, d) { return (v == "NA" || d == "NA" || d == 0) ? "n/a" : sprintf("%.2fx", v / d) }
BEGIN { FS = "," }
NR > 1 {
  for (c = 5; c <= 8; c++) if ($c != "NA") { k = $2 SUBSEP $3 SUBSEP c; val[k, ++cnt[k]] = $c + 0 }
  if ($15 != "NA" && $15 + 0 > peak[$3]) peak[$3] = $15 + 0
}
END {
  split("http_ka:5:a   HTTP keep-alive req/s (wrk)|http_ka:7:a   p99 ms|http_ka_hey:5:a'  HTTP keep-alive req/s (hey)|http_ka_hey:7:a'  p99 ms|tls_new:5:b1  CONNECT+TLS new conn/s (hey)|tls_new:7:b1  p99 ms|tls_new_c:5:b1' new conn/s (tlsload -n)|tls_new_c:7:b1' p99 ms|tls_reuse:5:b2  reused tunnels req/s|tls_reuse:7:b2  p99 ms|bulk_http:8:c1  1 MiB via HTTP fwd, MiB/s|bulk_tls:8:c2  1 MiB via CONNECT, MiB/s", rows, "|")
  printf "%s medians as ratios (for p99: above 1 is worse)\n", x
  printf "%-34s %10s %9s %9s %10s\n", "metric", x, "/direct", "/squid", "/tinyproxy"
  for (i = 1; i in rows; i++) {
    split(rows[i], f, ":"); m = f[1]; c = f[2]; label = substr(rows[i], length(m) + length(c) + 3)
    v = median(m SUBSEP x SUBSEP c); if (v == "NA") continue
    printf "%-34s %10.2f %9s %9s %10s\n", label, v, ratio(v, median(m SUBSEP "direct" SUBSEP c)),
      ratio(v, median(m SUBSEP "squid" SUBSEP c)), ratio(v, median(m SUBSEP "tinyproxy" SUBSEP c))
  }
  if (x in peak) printf "%-34s %10.1f %9s %9s %10s\n", "d   peak RSS MiB", peak[x] / 1024, "",
    ratio(peak[x], ("squid" in peak) ? peak["squid"] : "NA"), ratio(peak[x], ("tinyproxy" in peak) ? peak["tinyproxy"] : "NA")
}
