#!/usr/bin/env bash
# End to end, one corpus, one run: NearDup and datasketch (../shared/peers) with the same settings (word 5-gram
# shingles, 128 permutations, LSH threshold 0.5). Prints each one's documents per second, peak memory, pair
# precision/recall against the planted truth, and the throughput ratio.
# Usage: bench/NearDup.Comparison/compare.sh [COUNT=100000] [DIR=/tmp/neardup-compare]
# Needs /usr/bin/python3 with NumPy and SciPy (apt-get install python3-numpy python3-scipy).
set -euo pipefail
count=${1:-100000}
dir=${2:-/tmp/neardup-compare}
root=$(cd "$(dirname "$0")/../.." && pwd)
peers=$root/../shared/peers
mkdir -p "$dir"
dotnet build "$root/src/NearDup.Cli" -c Release -v quiet -nologo > /dev/null
cli=(dotnet "$root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll")
corpus=$dir/corpus-$count
[ -f "$corpus/corpus.jsonl" ] || "${cli[@]}" synth --count "$count" --out "$corpus" > /dev/null
truth=$corpus/truth.tsv
score=$root/bench/NearDup.Comparison/score_pairs.py
settings=(--threshold 0.5 --shingle-size 5 --permutations 128 --semantic off --no-furniture)

# run NAME COMMAND...: times COMMAND (pairs as a<TAB>b on stdout into $dir/NAME.tsv), prints one line.
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/$name.time" "$@" > "$dir/$name.out"
  if [[ $name == datasketch ]]; then cp "$dir/$name.out" "$dir/$name.tsv"; else tail -n +2 "$dir/$name.out" | cut -d, -f1,2 | tr , '\t' > "$dir/$name.tsv"; fi
  read -r secs kb < "$dir/$name.time"
  local q; q=$(/usr/bin/python3 "$score" "$truth" "$dir/$name.tsv" | sed 's/^[^:]*: //')
  printf '%-34s %8.1f s %9.0f docs/s %7.0f MB  %s\n' "$name" "$secs" "$(echo "$count / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)" "$q"
  echo "$secs" > "$dir/$name.secs"
}

echo "corpus: $corpus/corpus.jsonl ($count documents, $(du -m "$corpus/corpus.jsonl" | cut -f1) MB), $(nproc) cores"
run neardup-candidates-only "${cli[@]}" scan "$corpus/corpus.jsonl" "${settings[@]}" --candidates-only -f csv
run neardup-scan-aligned "${cli[@]}" scan "$corpus/corpus.jsonl" "${settings[@]}" -f csv
PYTHONPATH=$peers/datasketch run datasketch /usr/bin/python3 "$peers/datasketch_dedup.py" "$corpus/corpus.jsonl" --threshold 0.5 --ngram 5 --num-perm 128
ds=$(cat "$dir/datasketch.secs")
for n in neardup-candidates-only neardup-scan-aligned; do
  printf 'throughput ratio %s / datasketch: %.1fx\n' "$n" "$(echo "$ds / $(cat "$dir/$n.secs")" | bc -l)"
done
