#!/usr/bin/env bash
# DNS benchmark: Keelson's cluster DNS against nsd serving an equivalent cluster.local zone,
# both loaded by dnsperf with the same query file, side by side in one run. See README.md here.
#
# Usage: bench/dns/run.sh [--reps 4] [--seconds 15] [--clients 8] [--outstanding 100]
#                         [--services 50] [--replicas 3] [--nsd-servers 1] [--warmup 5]
#                         [--rate 20000] [--out DIR] [--keep]
# Markdown results go to stdout, progress to stderr; raw dnsperf outputs, the zone, the query
# file and both servers' logs go to --out (default: a new /tmp/keelson-dnsbench-results.XXXXXX).
# Each repetition runs dnsperf unthrottled (max qps), then at --rate qps (-Q; 0 skips it), each
# against both servers in turn.
set -euo pipefail

REPS=4 SECS=15 CLIENTS=8 OUTSTANDING=100 SERVICES=50 REPLICAS=3 NSD_SERVERS=1 WARMUP=5 RATE=20000
OUT="" KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --seconds) SECS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --outstanding) OUTSTANDING=$2; shift 2 ;;
    --services) SERVICES=$2; shift 2 ;;
    --replicas) REPLICAS=$2; shift 2 ;;
    --nsd-servers) NSD_SERVERS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ZONE=cluster.local

for cmd in dnsperf nsd nsd-checkzone dig kubectl curl python3 shuf /usr/bin/time; do
  command -v "$cmd" >/dev/null || { echo "run.sh: $cmd not found (apt-get install -y dnsperf nsd dnsutils time curl)" >&2; exit 1; }
done

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

WORK="$(mktemp -d /tmp/keelson-dnsbench.XXXXXX)"
[ -n "$OUT" ] || OUT="$(mktemp -d /tmp/keelson-dnsbench-results.XXXXXX)"
mkdir -p "$OUT"
KPID="" NPID=""

stop_pid() { # pid name: SIGTERM, wait up to 10 s, then SIGKILL — only the process we started
  local pid=$1 name=$2 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then log "$name ($pid) did not stop on SIGTERM; SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$NPID" nsd
  stop_pid "$KPID" keelson
  cp -f "$WORK/keelson.log" "$WORK/nsd/nsd.log" "$OUT/" 2>/dev/null || true
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a port free for both TCP and UDP on 127.0.0.1
  python3 - <<'EOF'
import socket
while True:
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM); t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        t.close(); u.close()
EOF
}

# ---------------------------------------------------------------- Keelson
API_PORT=$(free_port); KDNS_PORT=$(free_port); NSD_PORT=$(free_port)
while [ "$KDNS_PORT" = "$API_PORT" ]; do KDNS_PORT=$(free_port); done
while [ "$NSD_PORT" = "$API_PORT" ] || [ "$NSD_PORT" = "$KDNS_PORT" ]; do NSD_PORT=$(free_port); done

log "starting keelson: API 127.0.0.1:$API_PORT, DNS 127.0.0.1:$KDNS_PORT (the launcher builds on first use)"
"$ROOT/keelson" server --data-dir "$WORK/data" --listen "127.0.0.1:$API_PORT" \
  --dns-listen "127.0.0.1:$KDNS_PORT" >"$WORK/keelson.log" 2>&1 &
KPID=$!
for i in $(seq 1 3000); do
  curl -fsS -o /dev/null "http://127.0.0.1:$API_PORT/readyz" 2>/dev/null && break
  kill -0 "$KPID" 2>/dev/null || { tail -20 "$WORK/keelson.log" >&2; echo "run.sh: keelson exited" >&2; exit 1; }
  sleep 0.1
done
[ "$(cat /proc/$KPID/comm)" = java ] || { echo "run.sh: pid $KPID is $(cat /proc/$KPID/comm), not the JVM" >&2; exit 1; }
JAVA_VERSION=$("$(readlink /proc/$KPID/exe)" -version 2>&1 | awk 'NR == 1 {print}')

KUBECTL=(kubectl --kubeconfig "$WORK/data/kubeconfig" --cache-dir "$WORK/cache")
log "population: tutorial headless Service + StatefulSet of $REPLICAS, $SERVICES ClusterIP Services"
"${KUBECTL[@]}" apply -f "$HERE/headless.yaml" >&2
"${KUBECTL[@]}" scale statefulset sample-statefulset-headless --replicas="$REPLICAS" >&2
for i in $(seq 1 "$SERVICES"); do "${KUBECTL[@]}" create service clusterip "svc-$i" --tcp=80:80 >/dev/null; done
"${KUBECTL[@]}" rollout status statefulset/sample-statefulset-headless --timeout=120s >&2

kdig() { dig @127.0.0.1 -p "$KDNS_PORT" +norec +time=2 +tries=1 "$@"; }
ndig() { dig @127.0.0.1 -p "$NSD_PORT" +norec +time=2 +tries=1 "$@"; }

# Wait until Keelson's DNS shows the whole population: every Service resolves and the headless
# Service has one address per replica.
for i in $(seq 1 300); do
  n_head=$(kdig +short sample-headless.default.svc.$ZONE A | grep -c . || true)
  n_last=$(kdig +short "svc-$SERVICES.default.svc.$ZONE" A | grep -c . || true)
  [ "$n_head" = "$REPLICAS" ] && [ "$n_last" = 1 ] && break
  sleep 0.1
done
[ "$n_head" = "$REPLICAS" ] && [ "$n_last" = 1 ] || { echo "run.sh: DNS did not converge (headless $n_head, svc-$SERVICES $n_last)" >&2; exit 1; }
sleep 0.5   # the records feed debounces 50 ms; let the last snapshot settle

# ---------------------------------------------------------------- zone from Keelson's answers
# Every name and type a client can ask about this population, asked of Keelson; its answer
# sections (already zone-file lines) become the nsd zone.
log "generating the $ZONE zone from Keelson's answers"
"${KUBECTL[@]}" get services -A -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.name} {.spec.clusterIP} {range .spec.ports[*]}{.name}/{.protocol},{end}{"\n"}{end}' \
  >"$OUT/services.txt"
"${KUBECTL[@]}" get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace} {.status.podIP}{"\n"}{end}' \
  | awk 'NF == 2' >"$OUT/pods.txt"

QPOS="$WORK/q-positive.txt"   # questions with an answer (also the zone's source)
: >"$QPOS"
printf '%s SOA\n%s NS\nns.dns.%s A\ndns-version.%s TXT\n' "$ZONE" "$ZONE" "$ZONE" "$ZONE" >"$WORK/q-apex.txt"
while read -r ns name cip ports; do
  fq="$name.$ns.svc.$ZONE"
  echo "$fq A" >>"$QPOS"
  IFS=, read -ra plist <<<"${ports:-}"
  for p in "${plist[@]}"; do
    pname=${p%/*} proto=$(echo "${p#*/}" | tr 'A-Z' 'a-z')
    [ -n "$pname" ] && echo "_$pname._$proto.$fq SRV" >>"$QPOS"
  done
  if [ "$cip" = None ]; then
    echo "$fq SRV" >>"$QPOS"
    kdig +short "$fq" SRV | awk '{print $4 " A"}' >>"$QPOS"    # per-endpoint names
  fi
done <"$OUT/services.txt"
while read -r ns ip; do echo "${ip//./-}.$ns.pod.$ZONE A" >>"$QPOS"; done <"$OUT/pods.txt"

SERIAL=$(kdig +short "$ZONE" SOA | awk '{print $3}')
{
  echo "; $ZONE as Keelson answered it on $(date -u +%FT%TZ) (bench/dns/run.sh); TTLs as served"
  echo "\$ORIGIN $ZONE."
  # the SOA first (once), then every other answer record once
  cat "$WORK/q-apex.txt" "$QPOS" | kdig +noall +answer -f /dev/stdin | awk '!/^;/ && NF' \
    | awk '$4 == "SOA" {if (soa++) next; print; next} {rest[++n] = $0} END {for (i = 1; i <= n; i++) print rest[i]}' \
    | awk 'NR == 1 || !seen[$0]++'
} >"$OUT/cluster.local.zone"
nsd-checkzone "$ZONE" "$OUT/cluster.local.zone" >&2
log "zone: $(grep -vc '^[;$]' "$OUT/cluster.local.zone") records, serial $SERIAL"

# ---------------------------------------------------------------- the query file
# Every positive question once, plus NODATA (AAAA of ClusterIP Services), NXDOMAIN (missing
# Services and namespaces, unknown ports) and the search-path expansions a pod's resolver
# (ndots:5) tries before an external name; shuffled with a fixed seed.
{
  cat "$QPOS"
  echo "dns-version.$ZONE TXT"
  for i in $(seq 1 10); do echo "svc-$i.default.svc.$ZONE AAAA"; done
  for i in $(seq 1 10); do echo "missing-$i.default.svc.$ZONE A"; done
  echo "svc-1.no-such-ns.svc.$ZONE A"
  echo "_nope._tcp.svc-1.default.svc.$ZONE SRV"
  for ext in example.com registry-1.docker.io; do
    echo "$ext.default.svc.$ZONE A"; echo "$ext.svc.$ZONE A"; echo "$ext.$ZONE A"
  done
} | shuf --random-source=<(yes keelson) >"$OUT/queries.txt"

# ---------------------------------------------------------------- nsd
mkdir -p "$WORK/nsd"
cp "$OUT/cluster.local.zone" "$WORK/nsd/"
cat >"$WORK/nsd/nsd.conf" <<EOF
server:
  ip-address: 127.0.0.1
  port: $NSD_PORT
  server-count: $NSD_SERVERS
  reuseport: $([ "$NSD_SERVERS" -gt 1 ] && echo yes || echo no)
  username: ""
  chroot: ""
  zonesdir: "$WORK/nsd"
  database: ""
  zonelistfile: "$WORK/nsd/zone.list"
  xfrdfile: "$WORK/nsd/xfrd.state"
  xfrdir: "$WORK/nsd"
  pidfile: "$WORK/nsd/nsd.pid"
  logfile: "$WORK/nsd/nsd.log"
  verbosity: 1
  hide-version: yes
  # response rate limiting off: on, it caps loopback load at ~250 qps (performance.md)
  rrl-ratelimit: 0
  # rotate multi-record answers, as Keelson does (CoreDNS loadbalance)
  round-robin: yes
remote-control:
  control-enable: no
zone:
  name: $ZONE
  zonefile: cluster.local.zone
EOF
cp "$WORK/nsd/nsd.conf" "$OUT/"
nsd-checkconf "$WORK/nsd/nsd.conf"
log "starting nsd $(nsd -v 2>&1 | awk 'NR == 1 {print $3}') on 127.0.0.1:$NSD_PORT, server-count $NSD_SERVERS"
nsd -d -c "$WORK/nsd/nsd.conf" >>"$WORK/nsd/nsd.stdout" 2>&1 &
NPID=$!
for i in $(seq 1 100); do [ -n "$(ndig +short "$ZONE" SOA 2>/dev/null)" ] && break; sleep 0.1; done
[ -n "$(ndig +short "$ZONE" SOA)" ] || { cat "$WORK/nsd/nsd.log" >&2; echo "run.sh: nsd not answering" >&2; exit 1; }

# ---------------------------------------------------------------- equivalence check
# Every distinct question of the query file: same rcode and the same answer RRset (sorted:
# both rotate) from both servers. Authority and additional sections may differ; the mean
# response size each server sent is in the results.
log "checking that both servers answer every question alike"
mismatch=0
norm() { awk '/status:/ {match($0, /status: [A-Z]+/); print substr($0, RSTART, RLENGTH); next} /^;/ || NF == 0 {next} {$1 = tolower($1); print}' | sort; }
while read -r qn qt; do
  a=$(kdig +noall +comments +answer "$qn" "$qt" | norm)
  b=$(ndig +noall +comments +answer "$qn" "$qt" | norm)
  if [ "$a" != "$b" ]; then
    mismatch=$((mismatch + 1))
    { echo "MISMATCH $qn $qt"; echo "keelson:"; echo "$a"; echo "nsd:"; echo "$b"; } >>"$OUT/mismatches.txt"
  fi
done < <(sort -u "$OUT/queries.txt")
NQ=$(wc -l <"$OUT/queries.txt")
[ "$mismatch" = 0 ] || { echo "run.sh: $mismatch of $NQ questions answered differently, see $OUT/mismatches.txt" >&2; exit 1; }
log "all $NQ questions answered alike"

# ---------------------------------------------------------------- measurement
NCPU=$(nproc)
HZ=$(getconf CLK_TCK)
# nsd -d: the process we started becomes xfrd, its child "main", whose children are the servers
descendants() { local c; echo "$1"; for c in $(ps -o pid= --ppid "$1"); do descendants "$c"; done; }
nsd_pids() { descendants "$NPID"; }
proc_ticks() { local p; for p in "$@"; do sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}'; done | awk '{s += $1} END {print s + 0}'; }
stat_cpu() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

DNSPERF_ARGS=(-s 127.0.0.1 -d "$OUT/queries.txt" -l "$SECS" -c "$CLIENTS" -q "$OUTSTANDING" -v)
server_port() { [ "$1" = keelson ] && echo "$KDNS_PORT" || echo "$NSD_PORT"; }
server_pids() { [ "$1" = keelson ] && echo "$KPID" || nsd_pids; }

log "warm-up: ${WARMUP}s of the same load against each (not recorded)"
for s in keelson nsd; do
  dnsperf -s 127.0.0.1 -p "$(server_port $s)" -d "$OUT/queries.txt" -l "$WARMUP" -c "$CLIENTS" -q "$OUTSTANDING" >"$OUT/warmup-$s.txt" 2>&1
done

RUNS="$WORK/runs.tsv"
: >"$RUNS"
run_one() { # rep pos server mode(max|rate): one dnsperf run, one line of runs.tsv
  local rep=$1 pos=$2 s=$3 mode=$4 f qargs=() load t0 t1 b0 a0 b1 a1 cu cs wall qps avg lost resp p50 p99 p999 max n
  f="$OUT/rep$rep-$mode-$s"
  [ "$mode" = max ] || qargs=(-Q "$RATE")
  load=$(cut -d' ' -f1 /proc/loadavg)
  # shellcheck disable=SC2046
  t0=$(proc_ticks $(server_pids "$s")); read -r b0 a0 < <(stat_cpu)
  /usr/bin/time -f '%U %S %e' -o "$f.time" dnsperf -p "$(server_port "$s")" "${DNSPERF_ARGS[@]}" "${qargs[@]}" >"$f.txt" 2>"$f.err"
  # shellcheck disable=SC2046
  t1=$(proc_ticks $(server_pids "$s")); read -r b1 a1 < <(stat_cpu)
  read -r cu cs wall <"$f.time"
  qps=$(awk '/Queries per second/ {print $4}' "$f.txt")
  avg=$(awk '/Average Latency/ {print $4 * 1000}' "$f.txt")
  lost=$(awk '/Queries lost/ {print $3}' "$f.txt")
  resp=$(awk '/Average packet size/ {print $7}' "$f.txt")
  read -r p50 p99 p999 max n < <(awk '$1 == ">" && $NF ~ /^[0-9.]+$/ {print $NF * 1000}' "$f.txt" | sort -g \
    | awk '{v[NR] = $1} END {i50 = int(NR * .50); i99 = int(NR * .99); i999 = int(NR * .999);
            if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; if (i999 < 1) i999 = 1;
            print v[i50], v[i99], v[i999], v[NR], NR}')
  srv_cores=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v w="$wall" 'BEGIN {printf "%.2f", (b - a) / hz / w}')
  cli_cores=$(awk -v u="$cu" -v s="$cs" -v w="$wall" 'BEGIN {printf "%.2f", (u + s) / w}')
  busy=$(awk -v b0="$b0" -v b1="$b1" -v a0="$a0" -v a1="$a1" -v n="$NCPU" 'BEGIN {printf "%.2f", (b1 - b0) / (a1 - a0) * n}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$rep" "$pos" "$s" "$qps" "$avg" "$p50" "$p99" "$p999" "$max" "$lost" "$resp" "$srv_cores" "$cli_cores" "$busy" "$load" "$n" "$mode" >>"$RUNS"
  log "rep $rep $mode $s: $(printf '%.0f' "$qps") qps, avg $avg ms, p99 $p99 ms, lost $lost, server $srv_cores cores, dnsperf $cli_cores, machine $busy busy, load $load"
  rm -f "$f.time"
  # keep the statistics, drop the per-query lines (tens of MB per run)
  grep -v '^> ' "$f.txt" >"$f.stats.txt" && rm -f "$f.txt"
}
MODES="max"; [ "$RATE" -gt 0 ] && MODES="max rate"
START_DATE=$(date -u +%FT%TZ); START_LOAD=$(cut -d" " -f1-3 /proc/loadavg)
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) = 1 ]; then order="keelson nsd"; else order="nsd keelson"; fi
  for mode in $MODES; do
    pos=0
    for s in $order; do pos=$((pos + 1)); run_one "$rep" "$pos" "$s" "$mode"; done
  done
done
cp "$RUNS" "$OUT/runs.tsv"

# ---------------------------------------------------------------- report (Markdown)
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v s="$1" -v c="$2" -v m="$3" '$3 == s && $17 == m {print $c}' "$RUNS"; }
ratio_qps() { awk -F'\t' -v m="$1" '$17 == m {q[$1 "," $3] = $4} END {for (k in q) if (k ~ /,keelson$/) {r = substr(k, 1, index(k, ",") - 1); print q[k] / q[r ",nsd"]}}' "$RUNS"; }
commas() { awk '{printf "%.0f\n", $1}' | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta'; }
label() { [ "$1" = max ] && echo "max" || echo "-Q $RATE"; }

echo "### DNS: run of $START_DATE"
echo
echo "- Host: $(nproc) cores, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(uname -r); load average (1, 5, 15 min) at the start of the runs: $START_LOAD, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Keelson: \`./keelson server\` at $(git -C "$ROOT" rev-parse --short HEAD) (launcher flags), $JAVA_VERSION; nsd $(nsd -v 2>&1 | awk 'NR == 1 {print $3}'), server-count $NSD_SERVERS, rrl off, round-robin; $(dnsperf -h 2>&1 | awk '/^Version/ {print "dnsperf " $2}')"
echo "- Population: $(wc -l <"$OUT/services.txt") Services ($SERVICES ClusterIP \`svc-N\`, the tutorial's headless \`sample-headless\` with $REPLICAS StatefulSet pods, \`kubernetes\`, \`kube-dns\`); zone of $(grep -vc '^[;$]' "$OUT/cluster.local.zone") records; query file of $NQ questions ($(awk '{print $2}' "$OUT/queries.txt" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')), every answer checked equal on both servers"
echo "- dnsperf, per run: \`dnsperf -s 127.0.0.1 -p <port> -d queries.txt -l $SECS -c $CLIENTS -q $OUTSTANDING -v\` (load \"max\")$([ "$RATE" -gt 0 ] && echo " and the same with \`-Q $RATE\`"); latency percentiles from the per-query lines of \`-v\`; $REPS repetitions alternating which server goes first, after a ${WARMUP}s warm-up of each"
echo
echo "| rep | load | # | server | qps | avg ms | p50 ms | p99 ms | p99.9 ms | max ms | lost | resp bytes | server cores | dnsperf cores | machine busy cores | load avg |"
echo "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' -v rate="$RATE" '{printf "| %s | %s | %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %.1f | %s | %s | %s | %s | %s | %s |\n", $1, ($17 == "max" ? "max" : "-Q " rate), $2, $3, int($4 + .5), $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15}' "$RUNS" \
  | sed -E ':a; s/\| ([0-9]+)([0-9]{3})([ ,])/| \1,\2\3/; ta'
echo
echo "| median of $REPS | load | qps | avg ms | p50 ms | p99 ms | server cores | server CPU µs/query |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for mode in $MODES; do
  for s in keelson nsd; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$s" "$(label $mode)" "$(col $s 4 $mode | median | commas)" \
      "$(col $s 5 $mode | median | xargs printf '%.3f')" "$(col $s 6 $mode | median | xargs printf '%.3f')" \
      "$(col $s 7 $mode | median | xargs printf '%.3f')" "$(col $s 12 $mode | median)" \
      "$(awk -F'\t' -v s=$s -v m=$mode '$3 == s && $17 == m {print $12 / $4 * 1e6}' "$RUNS" | median | xargs printf '%.1f')"
  done
done
echo
for mode in $MODES; do
  ratios=$(ratio_qps $mode | sort -g | awk '{printf "%s%.2f", (NR > 1 ? ", " : ""), $1}')
  RMED=$(ratio_qps $mode | median)
  KP99=$(col keelson 7 $mode | median); NP99=$(col nsd 7 $mode | median)
  echo "- Load $(label $mode): Keelson qps ÷ nsd qps per repetition $ratios, median **$(printf '%.2f' "$RMED")**$([ $mode = max ] && awk -v r="$RMED" 'BEGIN {print " (goal ≥ 0.5: " (r >= 0.5 ? "met" : "not met") ")"}'); p99 median Keelson **$(printf '%.3f' "$KP99") ms**, nsd $(printf '%.3f' "$NP99") ms (goal < 2 ms: $(awk -v p="$KP99" 'BEGIN {print (p < 2 ? "met" : "not met")}'))."
done
log "raw outputs in $OUT"
