#!/usr/bin/env bash
# The analyzer at the scale of issue #6: a generated cluster of 10,000 pods, 2,000 NetworkPolicies
# and 500 namespaces (bench/analyze/generate.py), analysed in full — every finding and the
# workload × destination matrix, written as the HTML report and as JSON — inside a 2 GiB heap on
# the machine's cores. Prints wall time, CPU time, peak RSS and the peak heap after GC from the GC
# log, and writes them to bench/results/analyze-<timestamp>.md.
#
# usage: bench/analyze/run.sh [ROUNDS]   (default 3; the figures are per round, then the median)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-3}"
heap="${HEAP:-2g}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$root/bench/analyze/generate.py" "$work/cluster" >&2
"$root/warden" --version >/dev/null # build first, outside the measurement

stamp="$(date -u +%Y%m%d-%H%M%S)"
results="$root/bench/results/analyze-$stamp.md"
{
  echo "# warden analyze at 10,000 pods ($stamp)"
  echo
  echo "Cluster: \`python3 bench/analyze/generate.py\` (500 namespaces, 10,000 pods as PodLists, 2,000"
  echo "Deployments, 2,000 NetworkPolicies). Command: \`WARDEN_JAVA_OPTS=-Xmx$heap warden analyze CLUSTER"
  echo "--format FORMAT --out FILE\`, with the JDK the launcher picks; $(nproc) cores."
  echo
  echo "| round | format | wall s | user+sys s | peak RSS MiB | peak heap before GC MiB | peak live after GC MiB | findings |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$results"

for round in $(seq 1 "$rounds"); do
  for format in html json; do
    out="$work/report.$format"
    gclog="$work/gc-$round-$format.log"
    set +e
    WARDEN_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$gclog" /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
      "$root/warden" analyze "$work/cluster" --format "$format" --out "$out"
    status=$?
    set -e
    if [ "$status" -gt 1 ]; then
      echo "bench/analyze: warden analyze exited $status" >&2
      exit 1
    fi
    # time(1) prefixes "Command exited with non-zero status 1" when there are findings
    read -r wall user sys rss < <(tail -n 1 "$work/time")
    # "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 812M->403M(2048M) 35.1ms": the heap live after each GC
    peak_before="$(grep -oE '[0-9]+M->[0-9]+M' "$gclog" | sed 's/M->.*//' | sort -n | tail -1)"
    peak_after="$(grep -oE '[0-9]+M->[0-9]+M' "$gclog" | sed 's/.*->//; s/M//' | sort -n | tail -1)"
    findings="$(if [ "$format" = json ]; then python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$out" 2>/dev/null || echo "?"; else echo "-"; fi)"
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$format" "$wall" "$cpu" "$((rss / 1024))" \
      "${peak_before:-?}" "${peak_after:-?}" "$findings" | tee -a "$results"
  done
done
echo >> "$results"
echo "Goal (issue #6): under 10 s and under 2 GiB heap." >> "$results"
echo "results: $results" >&2
