#!/usr/bin/env bash
# The lexical scan (--semantic off) on one corpus, for before/after comparisons of the front half (reading,
# fingerprinting, candidates): wall time and peak RSS (/usr/bin/time), the scan's seconds per stage, and the copy
# families of its report (families.py: a digest that must not change when only speed or memory was the aim).
# Exact counts (documents, tokens, candidates, relations) are printed too; times vary with the machine's load.
# Usage: bench/NearDup.Comparison/lexical.sh CORPUS.jsonl [OUT=/tmp/neardup-lexical] [more scan arguments...]
# e.g.   bench/NearDup.Comparison/lexical.sh /tmp/cmp/synthetic-100000/corpus.jsonl /tmp/lex --no-furniture
set -euo pipefail
corpus=$1
out=${2:-/tmp/neardup-lexical}
shift $(( $# >= 2 ? 2 : 1 ))
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
dotnet build "$root/src/NearDup.Cli" -c Release -v quiet -nologo > /dev/null
/usr/bin/time -f "%e %M" -o "$out/time" dotnet "$root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll" \
  scan "$corpus" --semantic off -f json -o "$out/report.json" --quiet "$@"
read -r secs kb < "$out/time"
printf 'wall %.1f s, peak RSS %.0f MB\n' "$secs" "$(echo "$kb / 1024" | bc -l)"
/usr/bin/python3 - "$out/report.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["stats"]
print(" ".join(f"{k} {s[k]}" for k in ("documents", "tokens", "candidates", "relations", "stories", "passage_clusters")))
print("seconds: " + " ".join(f"{k} {v:.2f}" for k, v in s["seconds"].items()))
PY
/usr/bin/python3 "$root/bench/NearDup.Comparison/families.py" "$out/report.json"
