#!/usr/bin/env bash
# End to end, one run per corpus: datasketch MinHashLSH (../shared/peers: word 5-gram shingles, 128 permutations,
# threshold 0.5), `neardup scan` with its defaults (MiniLM semantic matching, furniture, stories; only the output
# format is set), `neardup scan --semantic off`, and `neardup scan --candidates-only` (MinHash-LSH dedup as
# datasketch does it, for reference). For each: wall time, documents per second, peak memory (the larger of
# /usr/bin/time's maximum resident set and the sampled sum over the process tree), and quality against the planted
# truth (score_pairs.py: reported pairs, and pairs implied by the groups they form); then the throughput and memory
# ratios against datasketch from the same run.
#
# Usage: bench/NearDup.Comparison/compare.sh [CORPUS [COUNT]]...
#   CORPUS: synthetic (neardup synth; COUNT default 100000) or dense (neardup synth --dense, real MRPC sentences;
#   COUNT default 20000); no argument runs both at their defaults. `compare.sh 100000 [DIR]` is `synthetic 100000`.
#   Environment: DIR (work folder, default /tmp/neardup-compare), MRPC (sentence pool, default ../shared/eval/mrpc).
# Needs /usr/bin/python3 with NumPy and SciPy (apt-get install python3-numpy python3-scipy) and /usr/bin/time.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/NearDup.Comparison
peers=$root/../shared/peers
dir=${DIR:-/tmp/neardup-compare}
mrpc=${MRPC:-$root/../shared/eval/mrpc}

runs=()
if [[ $# -eq 0 ]]; then
  runs=(synthetic:100000 dense:20000)
elif [[ $1 =~ ^[0-9]+$ ]]; then
  runs=("synthetic:$1"); dir=${2:-$dir}
else
  while [[ $# -gt 0 ]]; do
    case $1 in
      synthetic|dense) kind=$1; shift
        if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then count=$1; shift
        elif [[ $kind == dense ]]; then count=20000; else count=100000; fi
        runs+=("$kind:$count") ;;
      *) echo "compare.sh: unknown corpus '$1' (synthetic or dense)" >&2; exit 2 ;;
    esac
  done
fi

mkdir -p "$dir"
dotnet build "$root/src/NearDup.Cli" -c Release -v quiet -nologo > /dev/null
cli=(dotnet "$root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll")

# relations CSV: NearDup's relation rows (the first two columns are the two documents' ids, d000123 in both
# generated corpora): the header and any story or passage-cluster rows are left out.
relations() { grep -E '^d[0-9]+,d[0-9]+,' "$1" || true; }

# measure NAME COMMAND...: runs COMMAND (stdout to $out/NAME.out, stderr to $out/NAME.err) under /usr/bin/time with
# the process tree sampled; writes "seconds peak_kb" to $out/NAME.measure. Returns the command's exit code.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err" &
  local pid=$!
  /usr/bin/python3 "$here/peak_rss.py" "$pid" 0.25 > "$out/$name.tree" &
  local sampler=$! rc=0
  wait "$pid" || rc=$?
  wait "$sampler" || true
  local secs kb tree
  read -r secs kb < <(tail -n 1 "$out/$name.time")
  tree=$(cat "$out/$name.tree" 2> /dev/null || echo 0)
  echo "$secs $(( kb > tree ? kb : tree ))" > "$out/$name.measure"
  return $rc
}

# run NAME LABEL COMMAND...: measures COMMAND, turns its output into pairs ($out/NAME.tsv), prints one line.
run() {
  local name=$1 label=$2; shift 2
  if ! measure "$name" "$@"; then
    printf '%-32s failed (exit code in %s); last lines of its standard error:\n' "$label" "$out/$name.time"
    tail -n 5 "$out/$name.err" | sed 's/^/    /'
    rm -f "$out/$name.measure"
    return 0
  fi
  if [[ $name == datasketch ]]; then cp "$out/$name.out" "$out/$name.tsv"
  else relations "$out/$name.out" | cut -d, -f1,2 | tr , '\t' > "$out/$name.tsv"; fi
  local secs kb q
  read -r secs kb < "$out/$name.measure"
  /usr/bin/python3 "$here/score_pairs.py" "$truth" "$out/$name.tsv" --by-kind > "$out/$name.quality"
  if [[ $name != datasketch ]]; then # what NearDup called the pairs it reported (third CSV column)
    echo "  relations by kind:" $(relations "$out/$name.out" | cut -d, -f3 | sort | uniq -c | sort -rn | awk '{print $2, $1}' | paste -sd, -) >> "$out/$name.quality"
  fi
  q=$(head -n 1 "$out/$name.quality" | sed 's/^[^:]*: //')
  printf '%-32s %8.1f s %8.0f docs/s %7.0f MB  %s\n' "$label" "$secs" "$(echo "$count / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)" "$q"
}

# ratio NAME LABEL [TARGET]: throughput and peak-memory ratios of NAME against datasketch.
ratio() {
  local name=$1 label=$2 target=${3:-}
  [[ -f $out/datasketch.measure && -f $out/$name.measure ]] || { printf '%-32s no ratio (a run failed)\n' "$label"; return 0; }
  local ds_secs ds_kb secs kb
  read -r ds_secs ds_kb < "$out/datasketch.measure"
  read -r secs kb < "$out/$name.measure"
  printf '%-32s throughput %5.1fx datasketch%s, peak memory %4.2fx datasketch%s\n' "$label" "$(echo "$ds_secs / $secs" | bc -l)" \
    "${target:+ (target >= ${target}x)}" "$(echo "$kb / $ds_kb" | bc -l)" "${target:+ (target <= 1)}"
}

for spec in "${runs[@]}"; do
  kind=${spec%%:*}; count=${spec##*:}
  corpus=$dir/$kind-$count
  out=$corpus/runs
  mkdir -p "$out"
  if [[ $kind == dense ]]; then
    "${cli[@]}" synth --dense --count "$count" --sentences "$mrpc" --out "$corpus" > "$corpus/synth.txt"
    off_target=10
  else
    "${cli[@]}" synth --count "$count" --out "$corpus" > "$corpus/synth.txt"
    off_target=20
  fi
  truth=$corpus/truth.tsv
  {
    echo "== $kind corpus: $corpus/corpus.jsonl ($count documents, $(du -m "$corpus/corpus.jsonl" | cut -f1) MB, $(( $(wc -l < "$truth") - 1 )) truth pairs)"
    echo "   $(head -n 1 "$corpus/synth.txt")"
    echo "   $(date -u '+%F %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD)"
    printf '%-32s %10s %15s %10s  %s\n' run wall throughput 'peak RSS' 'quality: reported pairs; pairs implied by their groups'
    PYTHONPATH=$peers/datasketch run datasketch "datasketch MinHashLSH 0.5" \
      /usr/bin/python3 "$peers/datasketch_dedup.py" "$corpus/corpus.jsonl" --threshold 0.5 --ngram 5 --num-perm 128
    run neardup-defaults "neardup scan (defaults)" "${cli[@]}" scan "$corpus/corpus.jsonl" -f csv
    run neardup-semantic-off "neardup scan --semantic off" "${cli[@]}" scan "$corpus/corpus.jsonl" --semantic off -f csv
    run neardup-candidates-only "neardup scan --candidates-only" "${cli[@]}" scan "$corpus/corpus.jsonl" --candidates-only -f csv
    ratio neardup-defaults "neardup scan (defaults)" 2
    ratio neardup-semantic-off "neardup scan --semantic off" "$off_target"
    ratio neardup-candidates-only "neardup scan --candidates-only"
    echo "   load average at the end $(cut -d' ' -f1-3 /proc/loadavg); recall per truth kind and relations by kind: $out/*.quality"
  } | tee "$corpus/compare.txt"
done
