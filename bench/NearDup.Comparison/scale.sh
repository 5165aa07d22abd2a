#!/usr/bin/env bash
# How `neardup scan` with its defaults grows with the corpus: one synthetic corpus per size (neardup synth), one scan
# each (only the output format set: CSV to a file), wall time and peak memory (the larger of /usr/bin/time's maximum
# resident set and the sampled sum over the process tree). Prints a Markdown table for docs/PERFORMANCE.md; the
# last column compares each size's time per document with the previous size's (1.0 = linear).
# Usage: bench/NearDup.Comparison/scale.sh [COUNT...]   (default 10000 100000 1000000)
#   Environment: DIR (work folder, default /tmp/neardup-scale; corpora are kept there and reused, ~3.3 KB a
#   document: 1,000,000 documents take 3.3 GB), EXTRA (more scan arguments, e.g. "--semantic off", for comparison).
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/NearDup.Comparison
dir=${DIR:-/tmp/neardup-scale}
read -r -a extra <<< "${EXTRA:-}"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000 1000000)

mkdir -p "$dir"
dotnet build "$root/src/NearDup.Cli" -c Release -v quiet -nologo > /dev/null
cli=(dotnet "$root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll")

echo "neardup scan ${extra[*]:-(defaults)} -f csv; $(date -u '+%F %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD)"
echo
echo "| documents | corpus MB | wall s | documents/s | peak RSS MB | relations | time per document vs previous size |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
previous=
for n in "${sizes[@]}"; do
  corpus=$dir/synthetic-$n
  [[ -f $corpus/corpus.jsonl && -f $corpus/truth.tsv ]] || "${cli[@]}" synth --count "$n" --out "$corpus" > /dev/null
  out=$dir/scan-$n
  /usr/bin/time -f "%e %M" -o "$out.time" "${cli[@]}" scan "$corpus/corpus.jsonl" "${extra[@]}" -f csv -o "$out.csv" 2> "$out.err" &
  pid=$!
  /usr/bin/python3 "$here/peak_rss.py" "$pid" 0.25 > "$out.tree" &
  sampler=$!
  rc=0; wait "$pid" || rc=$?
  wait "$sampler" || true
  if [[ $rc -ne 0 ]]; then
    echo "| $n | scan failed: exit $rc, see $out.err | | | | | |"
    continue
  fi
  read -r secs kb < <(tail -n 1 "$out.time")
  tree=$(cat "$out.tree"); (( tree > kb )) && kb=$tree
  per=$(echo "$secs / $n" | bc -l)
  growth=—; [[ -n $previous ]] && growth=$(printf '%.2f' "$(echo "$per / $previous" | bc -l)")
  printf '| %s | %s | %.1f | %.0f | %.0f | %s | %s |\n' "$n" "$(du -m "$corpus/corpus.jsonl" | cut -f1)" "$secs" \
    "$(echo "$n / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)" "$(grep -cE '^d[0-9]+,d[0-9]+,' "$out.csv" || true)" "$growth"
  previous=$per
done
echo
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
