# Sourced by the Redis benches: starts a Redis Cluster on loopback (3 primaries + 3 replicas, no persistence, own
# ports from $base and data folders under $work) and defines helpers over it. Needs: $work (a folder the caller
# removes), $base (first port). Sets: $ports, $nodes (host:port,... for a redis:// URL), $pids (the nodes' processes).
ports=$(seq $base $((base + 5)))
pids=()
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
primaries() { for p in $ports; do redis-cli -p "$p" info replication | grep -q role:master && echo "$p"; done; }
used() { local t=0; for p in $(primaries); do t=$((t + $(redis-cli -p "$p" info memory | awk -F: '/^used_memory:/ {print $2+0}'))); done; echo $t; }
keys() { local t=0; for p in $(primaries); do t=$((t + $(redis-cli -p "$p" dbsize))); done; echo $t; }
redis_cpu() { for p in $ports; do redis-cli -p "$p" info cpu; done | awk -F: '/^used_cpu_(sys|user):/ {t += $2} END {printf "%.1f", t}'; }
