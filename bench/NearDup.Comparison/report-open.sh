#!/usr/bin/env bash
# How long the HTML report of a scan takes to open: the first N documents of a corpus scanned to --format html, the
# page opened in headless Chromium (Debian's chromium), and the milliseconds from navigation to the first view drawn
# read back from the page (data-rendered-ms), for the stories view and for the pair view of the first relation.
# Usage: bench/NearDup.Comparison/report-open.sh [CORPUS.jsonl] [N]
#   (default /tmp/cmp/dense-20000/corpus.jsonl, 10000). Environment: DIR (work folder, default /tmp/neardup-report-open),
#   EXTRA (more scan arguments, default "--semantic off").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-/tmp/cmp/dense-20000/corpus.jsonl}
n=${2:-10000}
dir=${DIR:-/tmp/neardup-report-open}
read -r -a extra <<< "${EXTRA:---semantic off}"
mkdir -p "$dir"
dotnet build "$root/src/NearDup.Cli" -c Release -v quiet -nologo > /dev/null
cli=(dotnet "$root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll")
head -n "$n" "$corpus" > "$dir/corpus.jsonl"
"${cli[@]}" scan "$dir/corpus.jsonl" "${extra[@]}" -f json -o "$dir/scan.json" --quiet || true
"${cli[@]}" report "$dir/scan.json" -o "$dir/report.html"
pair=$(python3 -c "import json,sys,urllib.parse as u; r=json.load(open(sys.argv[1]))['relations'][0]; print('#pair/'+u.quote(r['a'],safe='')+'/'+u.quote(r['b'],safe=''))" "$dir/scan.json")
open_ms() {
  chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$dir/report.html$1" 2>/dev/null | grep -o 'data-rendered-ms="[0-9]*"' | grep -o '[0-9]*'
}
echo "report of $n documents: $(stat -c %s "$dir/report.html") bytes, $(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['stats']; print(s['relations'], 'relations,', s['stories'], 'stories,', s['passage_clusters'], 'passage clusters')" "$dir/scan.json")"
for run in 1 2 3; do
  echo "run $run: stories view drawn at $(open_ms '') ms, pair view at $(open_ms "$pair") ms"
done
