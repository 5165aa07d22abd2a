#!/usr/bin/env bash
# Match latency with 1, 2 and 4 service processes behind one index on Redis Cluster, against the embedded SQLite
# store behind one: adds the first COUNT documents of a corpus (neardup index add, one process), starts W
# `neardup serve --store redis://...` processes on loopback, and sends QUERIES match requests (a uniform sample of the
# indexed documents under new ids) over them in turn from CLIENTS concurrent clients (bench/NearDup.IndexLoad match).
# Prints requests a second, p50, p99 and the CPU seconds of the services and of the Redis nodes while matching.
# Starts its own 3+3 cluster on loopback.
#   bench/redis/match.sh CORPUS.jsonl COUNT [QUERIES] [CLIENTS] [WORKERS...]
#   e.g. NEARDUP_ARGS="--semantic off" bench/redis/match.sh /tmp/cmp/synthetic-100000/corpus.jsonl 3000 2000 8 1 2 4
# Environment: NEARDUP_CLI, NEARDUP_ARGS (options for index add and serve, e.g. "--semantic off"), REDIS_QUERY,
# REDIS_BENCH_PORT (first port, default 23100), as bench/redis/ingest.sh.
set -euo pipefail
corpus=$1; count=$2; queries=${3:-2000}; clients=${4:-8}; shift $(( $# < 4 ? $# : 4 ))
workers=("$@"); [ ${#workers[@]} -eq 0 ] && workers=(1 2 4)
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli=${NEARDUP_CLI:-"dotnet $root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll"}
load="dotnet $root/bench/NearDup.IndexLoad/bin/Release/net10.0/NearDup.IndexLoad.dll"
args=${NEARDUP_ARGS:-}
query=${REDIS_QUERY:-}
work=$(mktemp -d /tmp/neardup-redis-match.XXXX)
base=${REDIS_BENCH_PORT:-23100}
pids=(); servers=()
cleanup() { for p in "${servers[@]}" "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
source "$root/bench/redis/cluster.sh"
cpu_of_pids() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "scale=1; $t / $(getconf CLK_TCK)" | bc; }

head -n "$count" "$corpus" >"$work/all.jsonl"
$cli index add --index "$work/sqlite" "$work/all.jsonl" $args --quiet >/dev/null
$cli index add --store "redis://$nodes/match$query" "$work/all.jsonl" $args --quiet >/dev/null

# serve STORE W FIRSTPORT: starts W services on one store (their URLs in $urls), waits until each answers /health.
serve() {
  local store=$1 w=$2 first=$3 i
  servers=(); urls=""
  for i in $(seq 0 $((w - 1))); do
    $cli serve --store "$store" --urls "http://127.0.0.1:$((first + i))" --requests-per-second 1000000 $args \
      >"$work/serve$i.log" 2>&1 & servers+=($!)
    urls+="http://127.0.0.1:$((first + i)),"
  done
  for i in $(seq 0 $((w - 1))); do
    until curl -sf "http://127.0.0.1:$((first + i))/health" >/dev/null; do sleep 0.2; done
  done
  urls=${urls%,}
}
stop() { for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; servers=(); }

run() {
  local label=$1 store=$2 w=$3 key cpu0 cpu1 rcpu0 rcpu1 out
  key=$($cli keys add --store "$store" --role read --name bench 2>/dev/null | head -1)
  serve "$store" "$w" $((base + 100))
  cpu0=$(cpu_of_pids "${servers[@]}"); rcpu0=$(redis_cpu)
  out=$($load match "$work/all.jsonl" "$queries" "$clients" "$key" "$urls")
  cpu1=$(cpu_of_pids "${servers[@]}"); rcpu1=$(redis_cpu)
  echo "$label, $w service processes: $out; CPU services $(echo "$cpu1 - $cpu0" | bc) s, redis $(echo "$rcpu1 - $rcpu0" | bc) s"
  stop
}

run "embedded sqlite" "$work/sqlite" 1
for w in "${workers[@]}"; do run "redis cluster" "redis://$nodes/match$query" "$w"; done
