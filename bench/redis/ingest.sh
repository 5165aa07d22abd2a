#!/usr/bin/env bash
# Ingest on Redis Cluster with 1, 2 and 4 worker processes (neardup index add --store redis://...), against the
# embedded SQLite store; memory per document in Redis from INFO memory. Starts its own 3+3 cluster on loopback.
#   bench/redis/ingest.sh CORPUS.jsonl COUNT [WORKERS...]      e.g. bench/redis/ingest.sh /tmp/cmp/synthetic-100000/corpus.jsonl 2000 1 2 4
set -euo pipefail
corpus=$1; count=$2; shift 2
workers=("$@"); [ $# -eq 0 ] && workers=(1 2 4)
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="dotnet $root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll"
work=$(mktemp -d /tmp/neardup-redis-bench.XXXX)
base=${REDIS_BENCH_PORT:-23000}
ports=$(seq $base $((base + 5)))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
for p in $ports; do
  mkdir -p "$work/$p"
  redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf --dir "$work/$p" \
    --save "" --appendonly no --daemonize no >/dev/null & pids+=($!)
done
sleep 1
redis-cli --cluster create $(for p in $ports; do echo -n "127.0.0.1:$p "; done) --cluster-replicas 1 --cluster-yes >/dev/null
until redis-cli -p "$base" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
sleep 2
nodes=$(for p in $ports; do echo -n "127.0.0.1:$p,"; done); nodes=${nodes%,}
used() { local t=0; for p in $ports; do
  if redis-cli -p "$p" info replication | grep -q role:master; then
    t=$((t + $(redis-cli -p "$p" info memory | awk -F: '/^used_memory:/ {print $2+0}'))); fi; done; echo $t; }

head -n "$count" "$corpus" >"$work/all.jsonl"
start=$(date +%s.%N)
$cli index add --index "$work/sqlite" "$work/all.jsonl" --quiet >/dev/null
end=$(date +%s.%N)
echo "embedded sqlite, 1 process: $count docs in $(echo "$end - $start" | bc) s = $(echo "$count / ($end - $start)" | bc) docs/s"

for w in "${workers[@]}"; do
  prefix="bench$w"
  split -n "l/$w" -d "$work/all.jsonl" "$work/part$w-" --additional-suffix=.jsonl
  before=$(used)
  start=$(date +%s.%N)
  running=()
  for part in "$work"/part"$w"-*.jsonl; do
    $cli index add --store "redis://$nodes/$prefix" "$part" --quiet >/dev/null & running+=($!)
  done
  for r in "${running[@]}"; do wait "$r"; done
  end=$(date +%s.%N)
  after=$(used)
  stats=$($cli index stats --store "redis://$nodes/$prefix" | tr '\n' ' ')
  echo "redis cluster, $w processes: $count docs in $(echo "$end - $start" | bc) s = $(echo "$count / ($end - $start)" | bc) docs/s; used_memory +$((after - before)) B = $(( (after - before) / count )) B/doc; $stats"
done
