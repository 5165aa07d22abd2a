#!/usr/bin/env bash
# NearDup's MinHash-LSH (candidates only, MinHash index only) against datasketch's MinHashLSH on one synthetic
# corpus: the same pairs? Both use word 5-gram shingles and 128 permutations; datasketch picks b and r from the
# threshold as NearDup does. Usage: bench/NearDup.Comparison/datasketch_agreement.sh [COUNT] [OUT]
set -euo pipefail
count=${1:-2000}
out=${2:-/tmp/neardup-datasketch}
root=$(cd "$(dirname "$0")/../.." && pwd)
peers=$root/../shared/peers
cli="dotnet run --project $root/src/NearDup.Cli -c Release --"
mkdir -p "$out"
$cli eval synthetic --count "$count" --write "$out/corpus" --pairs "$out/neardup" > "$out/neardup.txt"
cat "$out/neardup.txt"
for t in 0.5 0.8 0.9; do
  PYTHONPATH=$peers/datasketch /usr/bin/python3 "$peers/datasketch_dedup.py" "$out/corpus/corpus.jsonl" --threshold $t > "$out/datasketch_$t.tsv"
  /usr/bin/python3 "$root/bench/NearDup.Comparison/score_pairs.py" "$out/corpus/truth.tsv" "$out/neardup/MinHash-LSH_t_$t.tsv" "$out/datasketch_$t.tsv"
  /usr/bin/python3 "$root/bench/NearDup.Comparison/score_pairs.py" "$out/corpus/truth.tsv" "$out/datasketch_$t.tsv"
done
