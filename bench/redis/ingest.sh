#!/usr/bin/env bash
# Ingest on Redis Cluster with 1, 2 and 4 worker processes (neardup index add --store redis://...), against the
# embedded SQLite store; per run: documents a second, CPU seconds of the workers and of the Redis nodes, and the
# growth of used_memory and of the key count over the primaries, per document. Starts its own 3+3 cluster on loopback.
#   bench/redis/ingest.sh CORPUS.jsonl COUNT [WORKERS...]      e.g. bench/redis/ingest.sh /tmp/cmp/synthetic-100000/corpus.jsonl 2000 1 2 4
# Environment: NEARDUP_CLI (the command to run, default this tree's Release build), NEARDUP_ARGS (more options for
# index add, e.g. "--semantic off"), REDIS_QUERY (appended to the redis:// URL, e.g. "?bucket-bits=12"),
# REDIS_BENCH_PORT (first port, default 23000).
set -euo pipefail
corpus=$1; count=$2; shift 2
workers=("$@"); [ $# -eq 0 ] && workers=(1 2 4)
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli=${NEARDUP_CLI:-"dotnet $root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll"}
args=${NEARDUP_ARGS:-}
query=${REDIS_QUERY:-}
work=$(mktemp -d /tmp/neardup-redis-bench.XXXX)
base=${REDIS_BENCH_PORT:-23000}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
source "$root/bench/redis/cluster.sh"
timed() { /usr/bin/time -f "%e %U %S" -o "$1" "${@:2}"; }
cpu_of() { cat "$@" | awk '{u += $2 + $3} END {printf "%.1f", u}'; }

head -n "$count" "$corpus" >"$work/all.jsonl"
timed "$work/sqlite.time" $cli index add --index "$work/sqlite" "$work/all.jsonl" $args --quiet >/dev/null
wall=$(cut -d' ' -f1 "$work/sqlite.time")
echo "embedded sqlite, 1 process: $count docs in $wall s = $(echo "$count / $wall" | bc) docs/s; CPU $(cpu_of "$work/sqlite.time") s; $($cli index stats --index "$work/sqlite" | tr '\n' ' ')"

for w in "${workers[@]}"; do
  prefix="bench$w"
  split -n "l/$w" -d "$work/all.jsonl" "$work/part$w-" --additional-suffix=.jsonl
  before=$(used); keys_before=$(keys); cpu_before=$(redis_cpu)
  start=$(date +%s.%N)
  running=()
  for part in "$work"/part"$w"-*.jsonl; do
    timed "$part.time" $cli index add --store "redis://$nodes/$prefix$query" "$part" $args --quiet >/dev/null & running+=($!)
  done
  for r in "${running[@]}"; do wait "$r"; done
  end=$(date +%s.%N)
  after=$(used); keys_after=$(keys); cpu_after=$(redis_cpu)
  stats=$($cli index stats --store "redis://$nodes/$prefix$query" | tr '\n' ' ')
  echo "redis cluster, $w processes: $count docs in $(echo "$end - $start" | bc) s = $(echo "$count / ($end - $start)" | bc) docs/s;" \
    "CPU workers $(cpu_of "$work"/part"$w"-*.time) s, redis $(echo "$cpu_after - $cpu_before" | bc) s;" \
    "used_memory +$((after - before)) B = $(( (after - before) / count )) B/doc; keys +$((keys_after - keys_before)) = $(echo "scale=1; ($keys_after - $keys_before) / $count" | bc)/doc; $stats"
done
