#!/usr/bin/env bash
# run.sh - measure the Warden egress gateway side by side with direct, squid and tinyproxy,
# using the shared loopback harness /work/shared/bench/peer-proxies.sh.
#
# What it does, in order:
#   1. writes a Warden registry for the benchmark into a temp dir: an EgressPosture that maps
#      the load generators' source 127.0.0.1/32 to bench/load-generator, and two
#      EgressDependency records for every name of templates/allowlist.txt: plain HTTP on
#      port 80 (forward proxy) and TLS tunnels (CONNECT) on 443 and 8443; both allow the
#      loopback range because the harness's origin listens on 127.0.0.2;
#   2. runs `warden check` on it (builds warden on first use; must exit 0);
#   3. starts `warden gateway` on 127.0.0.1:13130 (admin 127.0.0.1:19091, audit ON to a file),
#      from a private copy of the launcher and cli/target/warden.jar, and waits for /readyz;
#   4. runs the harness with the gateway as the extra proxy, named "warden", pausing the
#      harness for 3 s right after it adds its names to /etc/hosts (the gateway polls that
#      file every 2 s);
#   5. scrapes /metrics, stops the gateway with SIGTERM, counts the audit lines;
#   6. writes ratios.txt (warden's medians against direct, squid and tinyproxy) and copies the
#      small result files (summary, ratios, csv, checks, environment, warden.txt, the
#      registry) to bench/results/<UTC timestamp>/ (not the raw tool output).
#
# Usage (as root; the harness needs apt-get, /etc/hosts, and user switching):
#   bench/peer-proxies/run.sh [--out DIR] [--no-save] [harness options...]
#     --out DIR    full harness results (raw tool output included) go here
#                  (default /tmp/warden-peer-proxies.<timestamp>)
#     --no-save    do not copy the summary files into bench/results/
#     --registry-only DIR   write the benchmark registry to DIR, check it, and stop there
#     anything else is passed to peer-proxies.sh: --reps N, --duration S, --bulk-duration S,
#     --metrics LIST, --targets LIST, --no-install, --keep
#   Environment: HARNESS [/work/shared/bench/peer-proxies.sh], WARDEN_LISTEN [127.0.0.1:13130],
#     WARDEN_ADMIN [127.0.0.1:19091], HARNESS_TIMEOUT [seconds; default derived from
#     --reps/--duration/--bulk-duration], WARDEN_SHARED_JAR [0; 1 runs the gateway from
#     cli/target/warden.jar in place], plus the harness's own variables.
#
# Examples (2 cores): --reps 2 --duration 10 --bulk-duration 8 takes about 12 minutes,
# --reps 3 about 18, the harness defaults (--reps 3 --duration 15 --bulk-duration 10) about 25:
#   nohup bench/peer-proxies/run.sh --reps 3 --duration 10 --bulk-duration 8 > /tmp/peer.log 2>&1 &
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
MAIN=$(cd "$HERE/../.." && pwd)
WARDEN=$MAIN/warden
HARNESS=${HARNESS:-/work/shared/bench/peer-proxies.sh}
ALLOWLIST=$(dirname "$HARNESS")/templates/allowlist.txt
LISTEN=${WARDEN_LISTEN:-127.0.0.1:13130}
ADMIN=${WARDEN_ADMIN:-127.0.0.1:19091}
STAMP=$(date -u +%Y%m%d-%H%M%S)

log() { printf '[%s] run.sh: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

OUT=""; SAVE=1; REGISTRY_ONLY=""; PASS=(); REPS=3; DUR=15; BULK_DUR=10
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --out) OUT=$2; shift 2 ;;
    --no-save) SAVE=0; shift ;;
    --registry-only) REGISTRY_ONLY=$2; shift 2 ;;
    --reps) REPS=$2; PASS+=("$1" "$2"); shift 2 ;;
    --duration) DUR=$2; PASS+=("$1" "$2"); shift 2 ;;
    --bulk-duration) BULK_DUR=$2; PASS+=("$1" "$2"); shift 2 ;;
    --metrics|--targets) PASS+=("$1" "$2"); shift 2 ;;
    --no-install|--keep) PASS+=("$1"); shift ;;
    *) die "unknown option $1 (the proxy address and name are set by run.sh; see --help)" ;;
  esac
done
for v in "$REPS" "$DUR" "$BULK_DUR"; do [[ "$v" =~ ^[0-9]+$ ]] || die "--reps/--duration/--bulk-duration take whole numbers"; done
OUT=${OUT:-/tmp/warden-peer-proxies.$STAMP}
case "$OUT" in /*) ;; *) OUT=$PWD/$OUT ;; esac

[ "$(id -u)" -eq 0 ] || die "run as root (the harness needs apt-get and /etc/hosts)"
[ -x "$HARNESS" ] || die "no harness at $HARNESS"
[ -r "$ALLOWLIST" ] || die "no allowlist at $ALLOWLIST"
command -v curl >/dev/null || die "curl is needed"
in_use() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }
for a in "$LISTEN" "$ADMIN"; do
  case "${a%:*}" in 127.*) ;; *) die "$a is not a loopback address" ;; esac
  if in_use "$a"; then die "$a is already in use"; fi
done
# The harness refuses to start when squid's or tinyproxy's default port is taken (e.g. by
# another gateway someone runs on 13128); move them to a free loopback port then.
free_port_near() { # default-addr -> a free 127.0.0.1 address
  local p=${1##*:} i
  for ((i = 0; i < 20; i++)); do in_use "127.0.0.1:$((p + i))" || { echo "127.0.0.1:$((p + i))"; return 0; }; done
  die "no free port near $1"
}
if [ -z "${SQUID_ADDR:-}" ] && in_use 127.0.0.1:13128; then
  export SQUID_ADDR; SQUID_ADDR=$(free_port_near 127.0.0.1:13138); [ -n "$SQUID_ADDR" ] || exit 1
  log "127.0.0.1:13128 is taken; squid will listen on $SQUID_ADDR"
fi
if [ -z "${TINYPROXY_ADDR:-}" ] && in_use 127.0.0.1:18888; then
  export TINYPROXY_ADDR; TINYPROXY_ADDR=$(free_port_near 127.0.0.1:18898); [ -n "$TINYPROXY_ADDR" ] || exit 1
  log "127.0.0.1:18888 is taken; tinyproxy will listen on $TINYPROXY_ADDR"
fi

WORK=$(mktemp -d /tmp/warden-bench.XXXXXX)
REG=$WORK/registry
mkdir -p "$REG"
GW_PID=""; GW_PID_WAS=""
stop_gateway() {
  [ -n "$GW_PID" ] || return 0
  if kill -0 "$GW_PID" 2>/dev/null; then
    log "stopping the gateway (SIGTERM to pid $GW_PID)"
    kill -TERM "$GW_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 600; i++)); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$GW_PID" 2>/dev/null; then log "gateway still alive after 60 s, SIGKILL"; kill -KILL "$GW_PID" 2>/dev/null || true; fi
  fi
  GW_RC=0; wait "$GW_PID" 2>/dev/null || GW_RC=$?
  log "gateway exited with status $GW_RC$(if [ "$GW_RC" = 143 ]; then echo " (128+SIGTERM: the JVM's status after its shutdown hook ran)"; fi)"
  GW_PID_WAS=$GW_PID
  GW_PID=""
}
TIMEOUT_PID=""; WATCH_PID=""
cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  # interrupted while the harness runs: stop it first (timeout passes SIGTERM on to it, and the
  # harness then stops its own servers and restores /etc/hosts)
  if [ -n "$WATCH_PID" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
  if [ -n "$TIMEOUT_PID" ] && kill -0 "$TIMEOUT_PID" 2>/dev/null; then
    log "stopping the harness (SIGTERM to timeout pid $TIMEOUT_PID)"
    kill -TERM "$TIMEOUT_PID" 2>/dev/null || true
    for ((i = 0; i < 900; i++)); do kill -0 "$TIMEOUT_PID" 2>/dev/null || break; sleep 0.1; done
    wait "$TIMEOUT_PID" 2>/dev/null || true
  fi
  stop_gateway
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------ the registry ------
HOSTS=$(grep -Ev '^[[:space:]]*(#|$)' "$ALLOWLIST" | sed 's/[[:space:]]//g' | awk '!seen[$0]++')
[ -n "$HOSTS" ] || die "$ALLOWLIST lists no names"
HOST_LIST=$(printf '%s\n' "$HOSTS" | sed 's/^/      - /')

cat > "$REG/posture.yaml" <<'EOF'
# The benchmark's cluster posture: default deny, DNS through kube-dns, Warden's gateway as the
# way out. The load generators (wrk, hey, tlsload, curl) connect from 127.0.0.1.
apiVersion: warden.dev/v1alpha1
kind: EgressPosture
metadata:
  name: cluster
spec:
  defaultEgress: deny
  clusterDns:
    namespace: kube-system
    podSelector:
      matchLabels: {k8s-app: kube-dns}
  gateway:
    namespace: warden-system
    podSelector:
      matchLabels: {app: warden-gateway}
    port: 3128
    egressIps: [198.51.100.10]
  workloads:
    - source: 127.0.0.1/32
      namespace: bench
      pod: load-generator-0
      workload: load-generator
      serviceAccount: load-generator
      node: node-1
      labels: {app: load-generator}
EOF

write_dependency() { # file name protocol purpose ports-yaml
  cat > "$REG/$1" <<EOF
apiVersion: warden.dev/v1alpha1
kind: EgressDependency
metadata:
  name: $2
spec:
  owner: benchmark
  service: load-generator
  purpose: $4
  class: public-saas
  source:
    namespace: bench
    serviceAccount: load-generator
  destination:
    hosts:
$HOST_LIST
    allowPrivate:
      - {cidr: 127.0.0.0/8, reason: "the benchmark origin listens on loopback"}
    ports:
$5
  protocol: $3
  path: http-proxy
  dataClassification: internal
  dataDescription: synthetic benchmark payloads
  auth: none
  tls: {verify: required}
  availability: low
  audit: [request-count, status, destination, source-workload, bytes]
  review: {cadence: annual, lastReviewed: $(date -u +%Y-%m-%d)}
EOF
}
write_dependency bench-http.yaml bench-http HTTP "plain HTTP through the forward proxy (benchmark)" \
  "      - {port: 80}"
write_dependency bench-tls.yaml bench-tls HTTPS "TLS tunnels through CONNECT (benchmark)" \
  "      - {port: 443}
      - {port: 8443}"

log "registry for $(printf '%s\n' "$HOSTS" | wc -l) allowlisted names in $REG; checking it (builds warden on first use)"
if ! "$WARDEN" check "$REG" > "$WORK/check.txt" 2>&1; then
  cat "$WORK/check.txt" >&2
  die "warden check $REG failed"
fi
sed 's/^/  check: /' "$WORK/check.txt" >&2
if [ -n "$REGISTRY_ONLY" ]; then
  mkdir -p "$REGISTRY_ONLY" && cp "$REG"/*.yaml "$REGISTRY_ONLY"/
  log "registry written to $REGISTRY_ONLY"
  exit 0
fi

# ------------------------------------------------------------- the gateway ------
# The gateway runs from a private copy of the launcher and its jar: a build by someone else
# during the run (the launcher rebuilds cli/target/warden.jar whenever sources are newer)
# would otherwise replace the jar under the running JVM, which then fails to load classes
# (NoClassDefFoundError). The copy has no sources next to it, so the launcher does not rebuild;
# it still picks the JDK and JVM flags as usual. WARDEN_SHARED_JAR=1 runs the launcher in place.
GW_LAUNCHER=$WARDEN
GW_JAR_INFO="$MAIN/cli/target/warden.jar, shared (WARDEN_SHARED_JAR=1)"
if [ "${WARDEN_SHARED_JAR:-0}" != 1 ]; then
  mkdir -p "$WORK/warden/cli/target"
  cp "$WARDEN" "$WORK/warden/warden"
  cp "$MAIN/cli/target/warden.jar" "$WORK/warden/cli/target/warden.jar"
  GW_LAUNCHER=$WORK/warden/warden
  GW_JAR_INFO="private copy of cli/target/warden.jar, $(date -u -r "$MAIN/cli/target/warden.jar" '+built %Y-%m-%d %H:%M:%S UTC'), sha256 $(sha256sum < "$WORK/warden/cli/target/warden.jar" | cut -c1-12)"
  # the copy may have caught a build half-way: it must check the registry like the original
  "$GW_LAUNCHER" check "$REG" > /dev/null 2>&1 || die "the copy of warden.jar does not work (a build was writing it?); run again"
  log "gateway jar: $GW_JAR_INFO"
fi
AUDIT=$WORK/audit/audit.jsonl
mkdir -p "$WORK/audit"
log "starting warden gateway on $LISTEN (admin $ADMIN, audit to $AUDIT)"
# The launcher execs java, so $! is the JVM itself.
"$GW_LAUNCHER" gateway --registry "$REG" --listen "$LISTEN" --admin "$ADMIN" --audit "$AUDIT" \
  > "$WORK/gateway.log" 2>&1 &
GW_PID=$!
ready=0
for ((i = 0; i < 600; i++)); do
  kill -0 "$GW_PID" 2>/dev/null || { cat "$WORK/gateway.log" >&2; die "the gateway exited during startup"; }
  if curl -fsS -m 2 -o /dev/null "http://$ADMIN/readyz" 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
[ "$ready" = 1 ] || { tail -20 "$WORK/gateway.log" >&2; die "the gateway was not ready after 60 s"; }
log "gateway ready (pid $GW_PID, after $(awk -v i="$i" 'BEGIN{printf "%.1f", i/10}') s)"

# -------------------------------------------------------------- the harness ------
# Bound: every run plus its pause, idle wait and warm-up, with room to spare.
metrics_n=7; targets_n=4
est=$(( REPS * targets_n * (5 * (DUR + 8) + 2 * (BULK_DUR + 8)) + targets_n * 20 + 300 ))
LIMIT=${HARNESS_TIMEOUT:-$(( est * 2 ))}
log "running the harness (bounded at ${LIMIT}s): $HARNESS ${PASS[*]} --out $OUT --extra-pid $GW_PID $LISTEN warden"
# The harness adds api.vendor.test to /etc/hosts only after it starts, and the gateway polls
# /etc/hosts every 2 s. So that the gateway's first functional check does not race that poll,
# a watcher pauses the harness (SIGSTOP, then SIGCONT 3 s later) as soon as the harness's block
# appears in /etc/hosts; the origin, squid and tinyproxy it already started keep running.
HARNESS_RC=0
timeout --kill-after=60 "$LIMIT" "$HARNESS" "${PASS[@]}" --out "$OUT" --extra-pid "$GW_PID" "$LISTEN" warden &
TIMEOUT_PID=$!
(
  for ((i = 0; i < 6000; i++)); do        # at most 10 minutes (the first run installs packages)
    kill -0 "$TIMEOUT_PID" 2>/dev/null || exit 0
    if grep -q '^# BEGIN peer-proxies.sh bench' /etc/hosts 2>/dev/null; then
      hp=$(pgrep -P "$TIMEOUT_PID" | head -1)
      if [ -n "$hp" ] && kill -STOP "$hp" 2>/dev/null; then
        sleep 3; kill -CONT "$hp" 2>/dev/null
        log "paused the harness (pid $hp) for 3 s after it edited /etc/hosts, so the gateway re-reads it first"
      fi
      exit 0
    fi
    sleep 0.1
  done
) &
WATCH_PID=$!
wait "$TIMEOUT_PID" || HARNESS_RC=$?
TIMEOUT_PID=""
kill "$WATCH_PID" 2>/dev/null || true; wait "$WATCH_PID" 2>/dev/null || true
WATCH_PID=""
[ "$HARNESS_RC" = 0 ] || log "the harness exited with status $HARNESS_RC"

# ---------------------------------------------------------------- wrap-up -------
set +e +o pipefail   # best effort from here on: report what there is
curl -fsS -m 5 "http://$ADMIN/metrics" > "$WORK/metrics.txt" 2>/dev/null || log "could not scrape /metrics"
stop_gateway
lines=0; files=0
for f in "$AUDIT" "$AUDIT".*; do
  [ -f "$f" ] || continue
  files=$((files + 1)); lines=$((lines + $(wc -l < "$f")))
done
bytes=0
for f in "$AUDIT" "$AUDIT".*; do [ -f "$f" ] && bytes=$((bytes + $(stat -c %s "$f"))); done
decisions=$(awk '/^warden_decisions_total\{/ {s += $NF} END {printf "%d", s}' "$WORK/metrics.txt" 2>/dev/null || echo NA)
dropped=$(awk '/^warden_audit_dropped[ {]/ {print $NF}' "$WORK/metrics.txt" 2>/dev/null | head -1)
{
  echo "warden gateway: $LISTEN (admin $ADMIN), pid was $GW_PID_WAS, exit status ${GW_RC:-NA} after SIGTERM"
  echo "gateway jar: $GW_JAR_INFO"
  echo "audit: $lines lines in $files file(s), $bytes bytes (rotation: 100 MiB per file, 5 kept)"
  echo "metrics before stop: warden_decisions_total (sum) = $decisions, warden_audit_dropped = ${dropped:-NA}"
  echo "decisions by verdict:"
  awk '/^warden_decisions_total\{/ { match($0, /verdict="[^"]*"/); v = substr($0, RSTART + 9, RLENGTH - 10); s[v] += $NF }
       END { for (v in s) printf "  %s %d\n", v, s[v] }' "$WORK/metrics.txt" 2>/dev/null | sort
  echo "gateway log (stderr/stdout): $(wc -l < "$WORK/gateway.log") lines; WARN/ERROR lines: $(grep -Ec 'WARN|ERROR|Exception' "$WORK/gateway.log" || true)"
  echo "first WARN/ERROR lines:"; grep -E 'WARN|ERROR|Exception' "$WORK/gateway.log" | head -20 | cut -c1-400 | sed 's/^/  /'
  echo "last lines of the gateway log:"; tail -5 "$WORK/gateway.log" | cut -c1-400 | sed 's/^/  /'
} > "$WORK/warden.txt"
cat "$WORK/warden.txt" >&2
if [ -f "$OUT/results.csv" ]; then
  # the harness gives ratios to direct; add warden's ratios to squid and tinyproxy
  awk -v x=warden -f "$HERE/ratios.awk" "$OUT/results.csv" > "$OUT/ratios.txt" && cat "$OUT/ratios.txt" >&2
fi
if [ -d "$OUT" ]; then
  cp "$WORK/warden.txt" "$WORK/metrics.txt" "$WORK/gateway.log" "$OUT"/ 2>/dev/null || true
  mkdir -p "$OUT/registry" && cp "$REG"/*.yaml "$OUT/registry/"
  # a sample of audit lines: the first few and the last few
  { head -3 "$AUDIT".5 "$AUDIT".4 "$AUDIT".3 "$AUDIT".2 "$AUDIT".1 "$AUDIT" 2>/dev/null | grep '^{' | head -3; tail -3 "$AUDIT" 2>/dev/null; } > "$OUT/audit-sample.jsonl" || true
fi
if [ "$SAVE" = 1 ] && [ -f "$OUT/summary.txt" ]; then
  SAVED=$MAIN/bench/results/$STAMP
  mkdir -p "$SAVED"
  for f in summary.txt ratios.txt results.csv functional-checks.txt environment.txt warden.txt audit-sample.jsonl; do
    [ -f "$OUT/$f" ] && cp "$OUT/$f" "$SAVED/"
  done
  cp -r "$OUT/registry" "$SAVED/"
  log "summary files copied to $SAVED"
fi
log "full results (raw tool output included): $OUT"
exit "$HARNESS_RC"
