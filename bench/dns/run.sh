#!/usr/bin/env bash
# run.sh - `warden dns` against unbound as a caching forwarder, measured with dnsperf in one run,
# on cached answers that the caller's record allows.
#
# What it does, in order:
#   1. installs dnsperf, unbound and dig (dnsutils) with apt-get if any is missing (services are
#      kept from starting while it installs);
#   2. checks the inputs beside this script agree: bench.test.zone, queries.txt and the hosts of
#      registry/bench-dns.yaml name the same 50 names; runs `warden check registry` (must exit 0);
#   3. starts, from a temp dir, all on loopback:
#        upstream   unbound authoritative for bench.test. (auth-zone)   127.0.0.1:$UPSTREAM_PORT
#        unbound    unbound forwarding "." to the upstream, caching     127.0.0.1:$UNBOUND_PORT
#        warden     warden dns --upstream the upstream (query log on)  127.0.0.1:$WARDEN_PORT
#                   (admin 127.0.0.1:$WARDEN_ADMIN_PORT), from a private copy of the jar;
#   4. functional checks, which also fill both caches (one pass of the query file with dig, from
#      127.0.0.2): every name gets the upstream's address set from both resolvers; warden refuses
#      a caller the posture does not know (127.0.0.1) and a zone name the record does not list
#      (ns.bench.test), which unbound answers;
#   5. warm-up: $WARMUP s of dnsperf against each resolver, not recorded (JIT for warden, same
#      treatment for unbound);
#   6. $ROUNDS rounds of dnsperf, alternating unbound, warden, unbound, warden, ... each after a
#      $PAUSE s idle pause, from source 127.0.0.2, same query file (the 50 allowed names, type A), same -l/-c/-q/-Q/-T; every
#      answer must be NOERROR (any other code, or more than $MAX_LOST_PCT % lost, fails the run);
#   7. stops everything, prints the table (medians over rounds, ratio warden/unbound), and
#      writes it with the machine facts and the exact command lines to
#      bench/results/dns-<UTC date-time>.md.
#
# Percentiles: this dnsperf (2.10) has no latency histogram option, so every run uses -v and
# the per-query latencies it prints (1 us resolution) are binned per microsecond with awk;
# p50/p90/p99/p99.9 are nearest-rank over the completed queries (lost ones are not included).
# -v costs dnsperf a little CPU (~5% fewer q/s against unbound here); both resolvers pay it.
#
# Usage: bench/dns/run.sh [--no-save] [--keep] [--help]
#   --no-save   do not write bench/results/dns-*.md (the table is still printed)
#   --keep      keep the temp dir (configs, logs, raw dnsperf output) and print its path
# Environment (defaults in brackets):
#   DURATION [20]          seconds per measured dnsperf run (dnsperf -l)
#   ROUNDS [2]             measured runs per resolver, alternating
#   WARMUP [5]             seconds of unrecorded load per resolver before round 1 (0: none)
#   PAUSE [3]              idle seconds before every measured run (lets the JVM drain its query
#                          log queue; the machine's busy % meanwhile is recorded)
#   UNBOUND_THREADS [1]    num-threads of the unbound forwarder
#   UPSTREAM_THREADS [1]   num-threads of the upstream unbound
#   CLIENTS [4]            dnsperf -c (sockets)
#   OUTSTANDING [100]      dnsperf -q (queries in flight)
#   QPS []                 dnsperf -Q (empty: as fast as the resolver answers)
#   DNSPERF_THREADS []     dnsperf -T (empty: dnsperf's default, one sending and one receiving)
#   QUERY_TIMEOUT [5]      dnsperf -t seconds
#   MAX_LOST_PCT [0.1]     a run losing more than this share of its queries is invalid
#   UNBOUND_LOG_QUERIES [no]  yes: unbound logs every query too (warden always writes its
#                          JSON query log; this gives unbound a comparable logging cost)
#   JAVA [/usr/lib/jvm/temurin-25-jdk-amd64/bin/java], JAVA_OPTS [] extra JVM flags for warden
#   WARDEN_JAR [cli/target/warden.jar], RESULTS_DIR [bench/results]
#   UPSTREAM_PORT [15300] UNBOUND_PORT [15301] WARDEN_PORT [15302] WARDEN_ADMIN_PORT [15303]
#   SOURCE [127.0.0.2]     dnsperf's source address; the posture maps it to payment-worker
#
# Time: about 2 x ROUNDS x (DURATION + PAUSE + 1) + 2 x WARMUP + 20 s; the defaults take ~2 min.
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
MAIN=$(cd "$HERE/../.." && pwd)
INVOCATION="$0${*:+ $*}"
USER_ENV=""
for v in DURATION ROUNDS WARMUP PAUSE UNBOUND_THREADS UPSTREAM_THREADS CLIENTS OUTSTANDING QPS DNSPERF_THREADS \
         QUERY_TIMEOUT MAX_LOST_PCT UNBOUND_LOG_QUERIES JAVA JAVA_OPTS WARDEN_JAR RESULTS_DIR UPSTREAM_PORT \
         UNBOUND_PORT WARDEN_PORT WARDEN_ADMIN_PORT SOURCE; do
  if [ -n "${!v+x}" ]; then USER_ENV+="$v=$(printf '%q' "${!v}") "; fi
done

DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5}
PAUSE=${PAUSE:-3}
UNBOUND_THREADS=${UNBOUND_THREADS:-1}
UPSTREAM_THREADS=${UPSTREAM_THREADS:-1}
CLIENTS=${CLIENTS:-4}
OUTSTANDING=${OUTSTANDING:-100}
QPS=${QPS:-}
DNSPERF_THREADS=${DNSPERF_THREADS:-}
QUERY_TIMEOUT=${QUERY_TIMEOUT:-5}
MAX_LOST_PCT=${MAX_LOST_PCT:-0.1}
UNBOUND_LOG_QUERIES=${UNBOUND_LOG_QUERIES:-no}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAVA_OPTS=${JAVA_OPTS:-}
WARDEN_JAR=${WARDEN_JAR:-$MAIN/cli/target/warden.jar}
RESULTS_DIR=${RESULTS_DIR:-$MAIN/bench/results}
UPSTREAM_PORT=${UPSTREAM_PORT:-15300}
UNBOUND_PORT=${UNBOUND_PORT:-15301}
WARDEN_PORT=${WARDEN_PORT:-15302}
WARDEN_ADMIN_PORT=${WARDEN_ADMIN_PORT:-15303}
SOURCE=${SOURCE:-127.0.0.2}
ADDR=127.0.0.1

ZONE=$HERE/bench.test.zone
QUERIES=$HERE/queries.txt
REGISTRY=$HERE/registry
STAMP=$(date -u +%Y%m%d-%H%M%S)
START_UTC=$(date -u '+%Y-%m-%d %H:%M:%S')

log() { printf '[%s] dns-bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SAVE=1; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --no-save) SAVE=0; shift ;;
    --keep) KEEP=1; shift ;;
    *) die "unknown option $1 (settings are environment variables; see --help)" ;;
  esac
done

for v in DURATION ROUNDS WARMUP PAUSE UNBOUND_THREADS UPSTREAM_THREADS CLIENTS OUTSTANDING QUERY_TIMEOUT \
         UPSTREAM_PORT UNBOUND_PORT WARDEN_PORT WARDEN_ADMIN_PORT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
done
[ "$DURATION" -ge 1 ] && [ "$ROUNDS" -ge 1 ] && [ "$UNBOUND_THREADS" -ge 1 ] && [ "$UPSTREAM_THREADS" -ge 1 ] \
  || die "DURATION, ROUNDS, UNBOUND_THREADS and UPSTREAM_THREADS must be at least 1"
[ -z "$QPS" ] || [[ "$QPS" =~ ^[0-9]+$ ]] || die "QPS must be a whole number or empty"
[ -z "$DNSPERF_THREADS" ] || [[ "$DNSPERF_THREADS" =~ ^[0-9]+$ ]] || die "DNSPERF_THREADS must be a whole number or empty"
[[ "$MAX_LOST_PCT" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "MAX_LOST_PCT must be a number"
case "$UNBOUND_LOG_QUERIES" in yes|no) ;; *) die "UNBOUND_LOG_QUERIES must be yes or no" ;; esac
case "$SOURCE" in 127.*) ;; *) die "SOURCE must be a loopback address" ;; esac

# ------------------------------------------------------------------ tools ------
install_missing() {
  local need=()
  command -v dnsperf >/dev/null 2>&1 || need+=(dnsperf)
  { command -v unbound >/dev/null 2>&1 && command -v unbound-checkconf >/dev/null 2>&1; } || need+=(unbound)
  command -v dig >/dev/null 2>&1 || need+=(dnsutils)
  [ ${#need[@]} -gt 0 ] || return 0
  [ "$(id -u)" -eq 0 ] || die "missing ${need[*]}; run as root to install them, or apt-get install -y ${need[*]}"
  log "installing ${need[*]} with apt-get"
  # Debian starts a package's service on install; the system unbound must not start (it would
  # take port 53), so forbid service starts while installing unless a policy already exists.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# written by warden bench/dns/run.sh while it installs packages\nexit 101\n' > "$policy"
    chmod 755 "$policy"; made_policy=1
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2; } \
    || rc=$?
  if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi
  [ "$rc" = 0 ] || die "apt-get install ${need[*]} failed"
}
install_missing
for t in dnsperf unbound unbound-checkconf dig awk sort ss; do command -v "$t" >/dev/null 2>&1 || die "$t is needed"; done
[ -x "$JAVA" ] || die "no java at $JAVA (set JAVA)"
[ -r "$WARDEN_JAR" ] || die "no warden jar at $WARDEN_JAR (build it: mvn -o -q -B -DskipTests package -pl cli -am)"
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
[ -n "$java_major" ] && [ "$java_major" -ge 21 ] || die "$JAVA is not Java 21 or newer"
JVM_FLAGS=(-XX:+UseG1GC)
if [ "$java_major" -ge 24 ]; then JVM_FLAGS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow); fi
# shellcheck disable=SC2206
[ -z "$JAVA_OPTS" ] || JVM_FLAGS+=($JAVA_OPTS)

# ------------------------------------------------------------------ inputs ------
names_of_zone() { # owner names with an A record, as FQDNs without the final dot
  awk '/^\$ORIGIN/ {o=$2; sub(/\.$/,"",o)} /^[^;$[:space:]]/ && $2=="IN" && $3=="A" && $1!="ns" {print $1"."o}' "$ZONE" | sort -u
}
names_of_queries() { awk 'NF && $1 !~ /^#/ {print $1}' "$QUERIES" | sed 's/\.$//' | sort -u; }
names_of_registry() { sed -n 's/^ *- *\([a-z0-9.-]*bench\.test\) *$/\1/p' "$REGISTRY/bench-dns.yaml" | sort -u; }
[ -r "$ZONE" ] && [ -r "$QUERIES" ] && [ -d "$REGISTRY" ] || die "missing inputs beside $0"
[ "$(names_of_zone)" = "$(names_of_queries)" ] || die "queries.txt and bench.test.zone name different hosts"
[ "$(names_of_zone)" = "$(names_of_registry)" ] || die "registry/bench-dns.yaml and bench.test.zone name different hosts"
awk 'NF && $1 !~ /^#/ && $2 != "A" {bad=1} END {exit bad}' "$QUERIES" || die "queries.txt must ask type A only"
NAMES=$(names_of_queries)
NAME_COUNT=$(printf '%s\n' "$NAMES" | wc -l)

in_use() { [ -n "$(ss -Hlntu "( sport = :$1 )" 2>/dev/null)" ]; }
for p in "$UPSTREAM_PORT" "$UNBOUND_PORT" "$WARDEN_PORT" "$WARDEN_ADMIN_PORT"; do
  if in_use "$p"; then die "port $p is already in use (udp or tcp); pick others with *_PORT"; fi
done

WORK=$(mktemp -d /tmp/warden-dns-bench.XXXXXX)
PIDS=()           # every long-running process this script started
DNSPERF_PID=""
cleanup() {
  local rc=$? pid i
  trap - EXIT INT TERM
  if [ -n "$DNSPERF_PID" ]; then kill -TERM "$DNSPERF_PID" 2>/dev/null || true; wait "$DNSPERF_PID" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid still alive after 10 s, SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

log "checking the registry: warden check $REGISTRY"
cp "$WARDEN_JAR" "$WORK/warden.jar"   # a build elsewhere must not replace the jar under the running resolver
"$JAVA" "${JVM_FLAGS[@]}" -jar "$WORK/warden.jar" check "$REGISTRY" > "$WORK/check.txt" 2>&1 \
  || { cat "$WORK/check.txt" >&2; die "warden check failed"; }
sed 's/^/  /' "$WORK/check.txt" >&2

# ------------------------------------------------------------------ servers ------
render() { # template out listen
  sed -e "s|@LISTEN@|$3|g" -e "s|@WORK@|$WORK|g" -e "s|@ZONE@|$ZONE|g" \
      -e "s|@UPSTREAM@|$ADDR@$UPSTREAM_PORT|g" -e "s|@LOG_QUERIES@|$UNBOUND_LOG_QUERIES|g" \
      -e "s|@THREADS@|$4|g" "$HERE/$1" > "$WORK/$2"
  unbound-checkconf "$WORK/$2" >/dev/null || die "unbound-checkconf rejects $WORK/$2"
}
render unbound-upstream.conf.in upstream.conf "$ADDR@$UPSTREAM_PORT" "$UPSTREAM_THREADS"
render unbound-forwarder.conf.in forwarder.conf "$ADDR@$UNBOUND_PORT" "$UNBOUND_THREADS"

dig_status() { # server port source name -> rcode
  dig +time=1 +tries=1 -b "$3" -p "$2" "@$1" "$4" A 2>/dev/null | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'
}
dig_set() { # server port source name -> the sorted A addresses, on one line
  dig +short +time=2 +tries=1 -b "$3" -p "$2" "@$1" "$4" A 2>/dev/null | sort | paste -sd' ' -
}
wait_answer() { # what port pid logs...
  local what=$1 port=$2 pid=$3 i
  shift 3
  for ((i = 0; i < 150; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then tail -n 30 "$@" >&2 2>/dev/null || true; die "$what exited while starting"; fi
    [ "$(dig_status "$ADDR" "$port" "$SOURCE" svc01.bench.test)" = NOERROR ] && return 0
    sleep 0.2
  done
  tail -n 30 "$@" >&2 2>/dev/null || true
  die "$what does not answer svc01.bench.test with NOERROR on $ADDR:$port within 30 s"
}

UPSTREAM_CMD=(unbound -d -c "$WORK/upstream.conf")
UNBOUND_CMD=(unbound -d -c "$WORK/forwarder.conf")
WARDEN_CMD=("$JAVA" "${JVM_FLAGS[@]}" -jar "$WORK/warden.jar" dns --registry "$REGISTRY"
  --listen "$ADDR:$WARDEN_PORT" --admin "$ADDR:$WARDEN_ADMIN_PORT" --upstream "$ADDR:$UPSTREAM_PORT"
  --log "$WORK/warden-queries.jsonl" --observer-name dns-bench)

log "starting the upstream: ${UPSTREAM_CMD[*]}"
"${UPSTREAM_CMD[@]}" > "$WORK/upstream.out" 2>&1 &
UPSTREAM_PID=$!; PIDS+=("$UPSTREAM_PID")
wait_answer upstream "$UPSTREAM_PORT" "$UPSTREAM_PID" "$WORK/upstream.out" "$WORK/unbound-upstream.log"

log "starting the unbound forwarder: ${UNBOUND_CMD[*]}"
"${UNBOUND_CMD[@]}" > "$WORK/forwarder.out" 2>&1 &
UNBOUND_PID=$!; PIDS+=("$UNBOUND_PID")

log "starting warden dns: ${WARDEN_CMD[*]}"
"${WARDEN_CMD[@]}" > "$WORK/warden.out" 2>&1 &
WARDEN_PID=$!; PIDS+=("$WARDEN_PID")

wait_answer unbound "$UNBOUND_PORT" "$UNBOUND_PID" "$WORK/forwarder.out" "$WORK/unbound-forwarder.log"
wait_answer warden "$WARDEN_PORT" "$WARDEN_PID" "$WORK/warden.out"
if command -v curl >/dev/null 2>&1; then
  [ "$(curl -s --max-time 2 "http://$ADDR:$WARDEN_ADMIN_PORT/readyz" || true)" != "" ] || die "warden's /readyz does not answer"
fi

# ------------------------------------------------------------------ functional checks (fill the caches) ------
CHECKS=$WORK/checks.txt
: > "$CHECKS"
check() { # description expected got
  if [ "$2" = "$3" ]; then printf -- '- ok: %s (%s)\n' "$1" "$3" >> "$CHECKS"
  else printf -- '- FAILED: %s: expected %s, got %s\n' "$1" "$2" "${3:-nothing}" >> "$CHECKS"; cat "$CHECKS" >&2; die "functional check failed: $1"; fi
}
log "functional checks; one dig pass over the $NAME_COUNT names fills both caches"
mismatch=0; first_mismatch=""
while read -r name; do
  want=$(dig_set "$ADDR" "$UPSTREAM_PORT" "$ADDR" "$name")
  [ -n "$want" ] || { mismatch=$((mismatch + 1)); first_mismatch=${first_mismatch:-"$name: the upstream has no address"}; continue; }
  for port in "$UNBOUND_PORT" "$WARDEN_PORT"; do
    got=$(dig_set "$ADDR" "$port" "$SOURCE" "$name")
    if [ "$got" != "$want" ]; then mismatch=$((mismatch + 1)); first_mismatch=${first_mismatch:-"$name via port $port: '$got' instead of '$want'"}; fi
  done
done <<< "$NAMES"
check "all $NAME_COUNT names give the upstream's address set via unbound and via warden, from $SOURCE" \
  "0 mismatches" "$mismatch mismatches${first_mismatch:+ (first: $first_mismatch)}"
check "warden refuses an unidentified caller (127.0.0.1 asks svc01.bench.test)" REFUSED \
  "$(dig_status "$ADDR" "$WARDEN_PORT" 127.0.0.1 svc01.bench.test)"
check "warden refuses a zone name the record does not list ($SOURCE asks ns.bench.test)" REFUSED \
  "$(dig_status "$ADDR" "$WARDEN_PORT" "$SOURCE" ns.bench.test)"
check "unbound answers that name (no policy)" NOERROR "$(dig_status "$ADDR" "$UNBOUND_PORT" "$SOURCE" ns.bench.test)"
sed 's/^/  /' "$CHECKS" >&2

# ------------------------------------------------------------------ measuring ------
CLK_TCK=$(getconf CLK_TCK)
proc_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }   # utime + stime
busy_pct() { awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; printf "%.0f", t ? (y[1] - x[1]) * 100 / t : 0}'; } # host busy % of all cores
host_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6; exit}' /proc/stat; }

dnsperf_cmd() { # port seconds -> the command in DNSPERF_ARGS
  DNSPERF_ARGS=(dnsperf -s "$ADDR" -p "$1" -a "$SOURCE" -d "$QUERIES" -l "$2" -c "$CLIENTS" -q "$OUTSTANDING"
    -t "$QUERY_TIMEOUT")
  [ -z "$QPS" ] || DNSPERF_ARGS+=(-Q "$QPS")
  [ -z "$DNSPERF_THREADS" ] || DNSPERF_ARGS+=(-T "$DNSPERF_THREADS")
  DNSPERF_ARGS+=(-v)
}

run_dnsperf() { # resolver port seconds raw-file
  dnsperf_cmd "$2" "$3"
  timeout --signal=TERM $(($3 + QUERY_TIMEOUT + 30)) "${DNSPERF_ARGS[@]}" > "$4" 2>&1 &
  DNSPERF_PID=$!
  local rc=0
  wait "$DNSPERF_PID" || rc=$?
  DNSPERF_PID=""
  [ "$rc" = 0 ] || { tail -n 20 "$4" >&2; die "dnsperf against $1 exited with status $rc"; }
}

# summarise raw-file -> prints "key=value" lines; fails the script on a non-NOERROR answer
summarise() { # resolver raw-file
  local raw=$2 hist=$2.hist
  : > "$hist"
  awk -v hist="$hist" '
    /^> / { n++; rc[$2]++; if ($2 == "NOERROR") h[int($NF * 1000000 + 0.5)]++; next }
    /\[Timeout\]/ { timeouts++ }
    /Queries sent:/ { sent = $3 }
    /Queries completed:/ { completed = $3 }
    /Queries lost:/ { lost = $3 }
    /Response codes:/ { sub(/^ *Response codes: */, ""); codes = $0 }
    /Average packet size:/ { req = $5; sub(/,/, "", req); resp = $7 }
    /Queries per second:/ { qps = $4 }
    /Average Latency/ { avg = $4 }
    END {
      for (k in h) print k, h[k] > hist
      other = ""
      for (k in rc) if (k != "NOERROR") other = other k ":" rc[k] " "
      printf "sent=%s\ncompleted=%s\nlost=%s\ncodes=%s\nqps=%s\navg_s=%s\nreq_bytes=%s\nresp_bytes=%s\n", sent, completed, lost, codes, qps, avg, req, resp
      printf "verbose_lines=%d\nverbose_noerror=%d\nverbose_other=%s\ntimeouts=%d\n", n, rc["NOERROR"], other, timeouts
    }' "$raw"
  sort -n "$hist" | awk '
    { v[NR] = $1; c[NR] = $2; total += $2; sum += $1 * $2 }
    END {
      split("50 90 99 99.9", ps, " "); split("p50 p90 p99 p999", names, " ")
      for (i = 1; i <= 4; i++) {
        rank = int(ps[i] / 100 * total); if (rank < ps[i] / 100 * total) rank++; if (rank < 1) rank = 1
        acc = 0
        for (j = 1; j <= NR; j++) { acc += c[j]; if (acc >= rank) { printf "%s_us=%d\n", names[i], v[j]; break } }
      }
      printf "max_us=%d\nhist_total=%d\nhist_mean_us=%.1f\n", v[NR], total, total ? sum / total : 0
    }'
}

RUNS=$WORK/runs.tsv
printf 'resolver\tround\tqps\tavg_ms\tp50_ms\tp90_ms\tp99_ms\tp999_ms\tmax_ms\tsent\tcompleted\tlost\tresp_bytes\tserver_cpu_pct\thost_busy_pct\tidle_busy_pct\tqps_per_core\n' > "$RUNS"

ensure_alive() { # name pid when logs...
  local name=$1 pid=$2 when=$3 rc=0
  shift 3
  kill -0 "$pid" 2>/dev/null && return 0
  wait "$pid" 2>/dev/null || rc=$?
  tail -n 20 "$@" >&2 2>/dev/null || true
  die "$name (pid $pid) is gone $when: exit status $rc$( [ "$rc" -gt 128 ] && echo " (signal $((rc - 128)); something else killed it?)")"
}
server_logs() { # resolver -> its log files
  if [ "$1" = warden ]; then echo "$WORK/warden.out"; else echo "$WORK/forwarder.out $WORK/unbound-forwarder.log"; fi
}

measure() { # resolver port pid round
  local res=$1 port=$2 pid=$3 round=$4 raw="$WORK/dnsperf-$1-$4.txt"
  local t0 t1 h0 h1 load
  # settle: let the other resolver finish what the last run left (warden's query-log queue, GC),
  # and measure how busy the machine is meanwhile (other work, e.g. builds on the other core)
  local p0 p1 idle_busy
  p0=$(host_ticks); sleep "$PAUSE"; p1=$(host_ticks)
  idle_busy=$(busy_pct "$p0" "$p1")
  if [ "$idle_busy" -gt 20 ]; then log "warning: the machine was ${idle_busy}% busy with other work in the pause before $res round $round"; fi
  # shellcheck disable=SC2046
  ensure_alive "$res" "$pid" "before round $round" $(server_logs "$res")
  ensure_alive upstream "$UPSTREAM_PID" "before round $round" "$WORK/unbound-upstream.log"
  t0=$(proc_ticks "$pid"); h0=$(host_ticks)
  log "round $round: $res (${DURATION} s)"
  run_dnsperf "$res" "$port" "$DURATION" "$raw"
  # shellcheck disable=SC2046
  ensure_alive "$res" "$pid" "after round $round" $(server_logs "$res")
  t1=$(proc_ticks "$pid"); h1=$(host_ticks)
  local s; s=$(summarise "$res" "$raw")
  get() { printf '%s\n' "$s" | sed -n "s/^$1=//p"; }
  local codes other lost sent completed
  codes=$(get codes); other=$(get verbose_other); lost=$(get lost); sent=$(get sent); completed=$(get completed)
  if [ -z "$completed" ] || [ "$completed" = 0 ]; then tail -n 20 "$raw" >&2; die "$res round $round: no query completed"; fi
  if [ -n "$other" ] || ! [[ "$codes" =~ ^NOERROR\ [0-9]+\ \(100\.00%\)$ ]]; then
    die "$res round $round is INVALID: not every answer was NOERROR (dnsperf: '$codes'; per query: ${other:-none besides NOERROR})"
  fi
  [ "$(get verbose_noerror)" = "$completed" ] || log "warning: $res round $round: $(get verbose_noerror) per-query lines vs $completed completed"
  if awk -v l="$lost" -v s="$sent" -v m="$MAX_LOST_PCT" 'BEGIN {exit !(s > 0 && l * 100 / s > m)}'; then
    die "$res round $round is INVALID: $lost of $sent queries lost (more than $MAX_LOST_PCT %)"
  fi
  [ "$lost" = 0 ] || log "warning: $res round $round lost $lost of $sent queries"
  local cpu busy
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN {printf "%.0f", (b - a) / hz / d * 100}')
  busy=$(busy_pct "$h0" "$h1")
  ms() { awk -v u="$1" 'BEGIN {printf "%.3f", u / 1000}'; }
  printf '%s\t%s\t%.0f\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$res" "$round" "$(get qps)" \
    "$(awk -v a="$(get avg_s)" 'BEGIN {print a * 1000}')" "$(ms "$(get p50_us)")" "$(ms "$(get p90_us)")" \
    "$(ms "$(get p99_us)")" "$(ms "$(get p999_us)")" "$(ms "$(get max_us)")" "$sent" "$completed" "$lost" \
    "$(get resp_bytes)" "$cpu" "$busy" "$idle_busy" \
    "$(awk -v q="$(get qps)" -v c="$cpu" 'BEGIN {if (c > 0) printf "%.0f", q * 100 / c; else print 0}')" >> "$RUNS"
  tail -n 1 "$RUNS" | awk -F'\t' '{printf "  %s round %s: %s q/s, avg %s ms, p50 %s ms, p99 %s ms, p99.9 %s ms, lost %s, server CPU %s%%, host busy %s%% (%s%% in the pause before)\n", $1, $2, $3, $4, $5, $7, $8, $12, $14, $15, $16}' >&2
  if [ "$KEEP" = 0 ]; then rm -f "$raw" "$raw.hist"; fi
}

if [ "$WARMUP" -gt 0 ]; then
  for r in unbound warden; do
    port=$UNBOUND_PORT; [ "$r" = warden ] && port=$WARDEN_PORT
    log "warm-up: $r (${WARMUP} s, not recorded)"
    run_dnsperf "$r" "$port" "$WARMUP" "$WORK/warmup-$r.txt"
    codes=$(sed -n 's/^ *Response codes: *//p' "$WORK/warmup-$r.txt")
    [[ "$codes" =~ ^NOERROR\ [0-9]+\ \(100\.00%\)$ ]] || die "warm-up against $r got '$codes' (must be NOERROR only)"
    rm -f "$WORK/warmup-$r.txt"
  done
fi

for ((round = 1; round <= ROUNDS; round++)); do
  measure unbound "$UNBOUND_PORT" "$UNBOUND_PID" "$round"
  measure warden "$WARDEN_PORT" "$WARDEN_PID" "$round"
done
dnsperf_cmd PORT "$DURATION"; DNSPERF_SHOWN="${DNSPERF_ARGS[*]}"

# ------------------------------------------------------------------ stop, collect ------
METRICS=""
if command -v curl >/dev/null 2>&1; then
  METRICS=$(curl -s --max-time 5 "http://$ADDR:$WARDEN_ADMIN_PORT/metrics" | grep '^warden_dns_' | grep -v '_bucket{' || true)
fi
WARDEN_RSS_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$WARDEN_PID/status" 2>/dev/null || echo "?")
WARDEN_THREADS=$(awk '/^Threads/ {print $2}' "/proc/$WARDEN_PID/status" 2>/dev/null || echo "?")
UNBOUND_RSS_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$UNBOUND_PID/status" 2>/dev/null || echo "?")
stop() { # name pid -> exit status in STOP_RC (not in a subshell: only this shell can wait for its children)
  local i
  STOP_RC=0
  kill -TERM "$2" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$2" 2>/dev/null; then log "$1 still alive after 20 s, SIGKILL"; kill -KILL "$2" 2>/dev/null || true; fi
  wait "$2" 2>/dev/null || STOP_RC=$?
}
stop warden "$WARDEN_PID"; WARDEN_RC=$STOP_RC
stop unbound "$UNBOUND_PID"; UNBOUND_RC=$STOP_RC
stop upstream "$UPSTREAM_PID"; UPSTREAM_RC=$STOP_RC
PIDS=()
log "stopped: warden exit $WARDEN_RC (143 = SIGTERM after flushing the log), unbound $UNBOUND_RC, upstream $UPSTREAM_RC"

# problems the servers reported (netty/JVM chatter at startup excluded)
WARDEN_PROBLEMS=$(grep -E ' (WARN|ERROR) |Exception' "$WORK/warden.out" | head -n 20 || true)
UNBOUND_PROBLEMS=$(cat "$WORK"/unbound-*.log "$WORK/upstream.out" "$WORK/forwarder.out" 2>/dev/null | grep -iE 'error|warning|fatal' | head -n 20 || true)
UNBOUND_STATS=$(sed -n 's/.*info: \(server stats for thread [0-9]*: [0-9]* queries, [0-9]* answers from cache, [0-9]* recursions\).*/\1/p' "$WORK/unbound-forwarder.log" 2>/dev/null || true)
QUERY_LOG_LINES=$(cat "$WORK"/warden-queries.jsonl* 2>/dev/null | wc -l)
QUERY_LOG_BYTES=$(cat "$WORK"/warden-queries.jsonl* 2>/dev/null | wc -c)
QUERY_LOG_DENIED=$(cat "$WORK"/warden-queries.jsonl* 2>/dev/null | grep -c '"warden.decision":"deny"' || true)

# ------------------------------------------------------------------ report ------
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) printf "%s", a[(NR + 1) / 2]; else printf "%.3f", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v r="$1" -v c="$2" 'NR > 1 && $1 == r {print $c}' "$RUNS"; }
declare -A MED
for r in unbound warden; do
  for c in 3:qps 4:avg 5:p50 6:p90 7:p99 8:p999 14:cpu 17:perc; do MED[$r.${c#*:}]=$(col "$r" "${c%%:*}" | median); done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
QPS_RATIO=$(ratio "${MED[warden.qps]}" "${MED[unbound.qps]}")
PERC_RATIO=$(ratio "${MED[warden.perc]}" "${MED[unbound.perc]}")
P99_RATIO=$(ratio "${MED[warden.p99]}" "${MED[unbound.p99]}")
AVG_RATIO=$(ratio "${MED[warden.avg]}" "${MED[unbound.avg]}")

NPROC=$(nproc)
CPU_MODEL=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
OS=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
KERNEL=$(uname -r)
DNSPERF_V=$(dnsperf -h 2>&1 | sed -n 's/^Version //p' | head -n 1)
UNBOUND_V=$(unbound -V 2>&1 | sed -n 's/^Version //p' | head -n 1)
DIG_V=$(dig -v 2>&1 | head -n 1)
JAVA_V=$("$JAVA" -version 2>&1 | sed -n 2p)
WARDEN_V=$("$JAVA" "${JVM_FLAGS[@]}" -jar "$WORK/warden.jar" --version 2>/dev/null | head -n 1 || echo "?")
JAR_SUM=$(sha256sum "$WORK/warden.jar" | cut -c1-16)
QPS_SHOWN=${QPS:-unlimited}

table() {
  printf '| resolver | q/s | avg latency (ms) | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | server CPU %% | q/s per server core |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  for r in unbound warden; do
    printf '| %s (median of %s) | %.0f | %s | %s | %s | %s | %s | %s | %.0f |\n' "$r" "$ROUNDS" "${MED[$r.qps]}" "${MED[$r.avg]}" \
      "${MED[$r.p50]}" "${MED[$r.p90]}" "${MED[$r.p99]}" "${MED[$r.p999]}" "$(printf '%.0f' "${MED[$r.cpu]}")" "${MED[$r.perc]}"
  done
  printf '| **warden / unbound** | **%s** | %s | | | **%s** | | | %s |\n' "$QPS_RATIO" "$AVG_RATIO" "$P99_RATIO" "$PERC_RATIO"
}
runs_table() {
  printf '| resolver | round | q/s | avg (ms) | p50 | p90 | p99 | p99.9 | max | sent | lost | response bytes | server CPU %% | q/s per server core | host busy %% | host busy %% in the pause before |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  awk -F'\t' 'NR > 1 {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13, $14, $17, $15, $16}' "$RUNS"
}

SUMMARY=$(cat <<EOF
warden dns vs unbound (forwarding), cached allowed answers, dnsperf ${DNSPERF_V}, ${DURATION} s x ${ROUNDS} rounds each, alternating
unbound num-threads=${UNBOUND_THREADS}; CPU cores (nproc)=${NPROC}; dnsperf -c ${CLIENTS} -q ${OUTSTANDING} -Q ${QPS_SHOWN}; source ${SOURCE}
percentiles: per-query latencies from dnsperf -v, 1 us bins, nearest rank (awk)

$(table)

per run:
$(runs_table)
EOF
)
printf '\n%s\n\n' "$SUMMARY"
[ -z "$WARDEN_PROBLEMS" ] || { log "warden reported:"; printf '%s\n' "$WARDEN_PROBLEMS" | sed 's/^/  /' >&2; }
[ -z "$UNBOUND_PROBLEMS" ] || { log "unbound reported:"; printf '%s\n' "$UNBOUND_PROBLEMS" | sed 's/^/  /' >&2; }

if [ "$SAVE" = 1 ]; then
  mkdir -p "$RESULTS_DIR"
  OUT=$RESULTS_DIR/dns-$STAMP.md
  {
    printf '# warden dns vs unbound (caching forwarder): cached allowed answers\n\n'
    printf 'Started %s UTC, `bench/dns/run.sh`.\n\n' "$START_UTC"
    printf '## Result (median of %s rounds, %s s each)\n\n' "$ROUNDS" "$DURATION"
    table
    printf '\nRatios are warden / unbound: below 1 for q/s means warden answers fewer queries per second; above 1 for p99 means a longer tail.\n\n'
    printf '## Every run (in the order run; latencies in ms)\n\n'
    runs_table
    printf '\nserver CPU %% = CPU time of the resolver process (all threads) / run time, 100 = one core; host busy %% = all cores together, everything (dnsperf, the resolvers, other work on the machine), from /proc/stat, 100 = every core busy; the pause column is the same for the %s s pause before the run, while no load is sent (it shows other work on the machine).\n\n' "$PAUSE"
    printf '## Command lines\n\n```sh\n'
    printf '# the benchmark, as invoked (from %s)\n%s%s\n' "$PWD" "$USER_ENV" "$INVOCATION"
    printf '# the same with every setting spelled out\nDURATION=%s ROUNDS=%s WARMUP=%s PAUSE=%s UNBOUND_THREADS=%s UPSTREAM_THREADS=%s CLIENTS=%s OUTSTANDING=%s QPS=%s DNSPERF_THREADS=%s QUERY_TIMEOUT=%s MAX_LOST_PCT=%s UNBOUND_LOG_QUERIES=%s JAVA_OPTS=%q bench/dns/run.sh\n' \
      "$DURATION" "$ROUNDS" "$WARMUP" "$PAUSE" "$UNBOUND_THREADS" "$UPSTREAM_THREADS" "$CLIENTS" "$OUTSTANDING" "$QPS" "$DNSPERF_THREADS" "$QUERY_TIMEOUT" "$MAX_LOST_PCT" "$UNBOUND_LOG_QUERIES" "$JAVA_OPTS"
    printf '# each measured run (PORT %s = unbound, %s = warden); WORK is a temp dir\n%s\n' "$UNBOUND_PORT" "$WARDEN_PORT" "${DNSPERF_SHOWN//$HERE/bench/dns}"
    printf '# upstream (authoritative for bench.test.)\n%s\n' "${UPSTREAM_CMD[*]//$WORK/WORK}"
    printf '# unbound forwarder\n%s\n' "${UNBOUND_CMD[*]//$WORK/WORK}"
    printf '# warden dns\n%s\n' "$(printf '%s ' "${WARDEN_CMD[@]}" | sed "s|$WORK|WORK|g; s|$HERE|bench/dns|g; s| $||")"
    printf '```\n\nThe unbound configurations are bench/dns/unbound-upstream.conf.in and unbound-forwarder.conf.in with num-threads %s (upstream %s) and log-queries %s.\n\n' "$UNBOUND_THREADS" "$UPSTREAM_THREADS" "$UNBOUND_LOG_QUERIES"
    printf '## Machine\n\n'
    printf -- '- CPU cores (nproc): %s (%s), memory %s\n' "$NPROC" "$CPU_MODEL" "$MEM"
    printf -- '- OS: %s, kernel %s\n' "$OS" "$KERNEL"
    printf -- '- dnsperf %s; unbound %s; %s\n' "$DNSPERF_V" "$UNBOUND_V" "$DIG_V"
    printf -- '- java: %s (`%s`), JVM flags: `%s`\n' "$JAVA_V" "$JAVA" "${JVM_FLAGS[*]}"
    printf -- '- warden: %s, jar sha256 %s...\n' "$WARDEN_V" "$JAR_SUM"
    printf -- '- load average at the end: %s (mostly this benchmark; the per-run table has how busy the machine was in the %s s pause before each run)\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)" "$PAUSE"
    printf '## Setup\n\n'
    printf -- '- Upstream: unbound, auth-zone bench.test. from bench/dns/bench.test.zone (%s names, 1-2 A records each, TTL 3600, RFC 5737 addresses), 127.0.0.1:%s.\n' "$NAME_COUNT" "$UPSTREAM_PORT"
    printf -- '- unbound: forward-zone "." to the upstream, iterator module only (no DNSSEC validation), no prefetch, default cache sizes, 127.0.0.1:%s.\n' "$UNBOUND_PORT"
    printf -- '- warden dns: --upstream the upstream, registry bench/dns/registry (posture: %s = payments/payment-worker; record bench-dns lists the %s names), no --zone, JSON query log on (one line per query), 127.0.0.1:%s.\n' "$SOURCE" "$NAME_COUNT" "$WARDEN_PORT"
    printf -- '- Queries: bench/dns/queries.txt, the %s names, type A, no EDNS, UDP, from %s, cycled by dnsperf.\n' "$NAME_COUNT" "$SOURCE"
    printf -- '- Caches filled by one dig pass per resolver; then %s s of unrecorded dnsperf load per resolver; then the rounds, alternating unbound, warden.\n' "$WARMUP"
    printf -- '- Percentiles: dnsperf %s has no latency-histogram option; every run uses `-v` and the per-query latencies (1 us resolution) are binned with awk, nearest-rank percentiles over completed queries. `-v` costs dnsperf some CPU, the same for both.\n' "$DNSPERF_V"
    printf -- '- Validity: every answer NOERROR (dnsperf summary and per-query lines), at most %s %% lost; otherwise the script fails.\n\n' "$MAX_LOST_PCT"
    printf '## Functional checks (before the load)\n\n%s\n\n' "$(cat "$CHECKS")"
    printf '## Warden after the runs\n\n'
    printf -- '- exit status %s on SIGTERM (143 = the JVM after its shutdown hook), RSS %s kB, %s threads before stopping\n' "$WARDEN_RC" "$WARDEN_RSS_KB" "$WARDEN_THREADS"
    printf -- '- query log: %s lines (%s bytes) kept across the rotated files (100 MB each, older ones deleted), %s deny lines among them (the 2 denials of the functional checks are usually rotated away by the end; /metrics below counts every query)\n' "$QUERY_LOG_LINES" "$QUERY_LOG_BYTES" "$QUERY_LOG_DENIED"
    printf -- '- unbound forwarder RSS %s kB; its own count at exit: %s\n' "$UNBOUND_RSS_KB" "$(printf '%s' "${UNBOUND_STATS:-?}" | paste -sd';' -)"
    printf -- '- warnings/errors in warden'"'"'s output: %s\n' "$( [ -n "$WARDEN_PROBLEMS" ] && echo "see below" || echo none)"
    printf -- '- warnings/errors in unbound'"'"'s logs: %s\n\n' "$( [ -n "$UNBOUND_PROBLEMS" ] && echo "see below" || echo none)"
    if [ -n "$METRICS" ]; then printf '```\n%s\n```\n\n' "$METRICS"; fi
    if [ -n "$WARDEN_PROBLEMS" ]; then printf 'warden:\n\n```\n%s\n```\n\n' "$WARDEN_PROBLEMS"; fi
    if [ -n "$UNBOUND_PROBLEMS" ]; then printf 'unbound:\n\n```\n%s\n```\n\n' "$UNBOUND_PROBLEMS"; fi
    printf '## Caveats\n\n'
    printf -- '- Both resolvers, dnsperf, and anything else on the machine share %s cores; dnsperf runs one sending and one receiving thread by default. The measured numbers are for this machine only.\n' "$NPROC"
    printf -- '- unbound runs %s thread(s); warden is a JVM with Netty event loops (one UDP channel, so one loop reads UDP), a query-log writer thread, GC and JIT threads. Compare the server CPU column, not only q/s.\n' "$UNBOUND_THREADS"
    printf -- '- warden writes a JSON line per query (about %s bytes each); unbound logs queries only with UNBOUND_LOG_QUERIES=yes (this run: %s).\n' "$( [ "$QUERY_LOG_LINES" -gt 0 ] && echo $((QUERY_LOG_BYTES / QUERY_LOG_LINES)) || echo '?')" "$UNBOUND_LOG_QUERIES"
    printf -- '- Without -Q, dnsperf keeps %s queries in flight and sends as fast as answers return: the latencies are at saturation and mostly queueing (about in-flight / q/s). Set QPS for latency at a fixed load below both maxima.\n' "$OUTSTANDING"
    awk -v c="${MED[unbound.cpu]}" -v t="$UNBOUND_THREADS" -v w="${MED[warden.cpu]}" 'BEGIN {
      if (c < 90 * t) printf "- unbound was not CPU-bound (median %.0f%% of its %d thread(s)): its q/s is what dnsperf and the kernel could push on this machine, a floor of what unbound can do, so the q/s ratio flatters warden. The q/s per server core column (q/s / server CPU) is the fairer throughput comparison; warden used %.0f%%.\n", c, t, w
    }'
    printf -- '- Only cache hits of allowed names are measured: no misses, no refusals, no TCP, no EDNS/DNSSEC.\n'
  } > "$OUT"
  log "wrote $OUT"
fi
