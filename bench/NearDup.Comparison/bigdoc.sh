#!/usr/bin/env bash
# Bounded cost per document: one huge document among small ones. Scans the seeds (../shared/seeds) alone and with a
# document of MB megabytes beside them (the text of seed 002, then real news sentences from MRPC, repeated to size:
# related to the seeds, so every stage sees it), with the default settings and with --semantic off. Prints each
# run's wall time, peak memory and the scan's own time per stage. The big document should cost about its reading and
# fingerprinting time, no more.
# Usage: bench/NearDup.Comparison/bigdoc.sh [MB=50] [DIR=/tmp/neardup-bigdoc]
set -euo pipefail
mb=${1:-50}
dir=${2:-/tmp/neardup-bigdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared
mkdir -p "$dir/small" "$dir/big"
cp "$shared"/seeds/*.txt "$dir/small/"
cp "$shared"/seeds/*.txt "$dir/big/"
if [ ! -f "$dir/big/huge.txt" ] || [ "$(stat -c %s "$dir/big/huge.txt")" -lt $((mb * 1000000)) ]; then
  /usr/bin/python3 - "$shared" "$dir/big/huge.txt" "$mb" <<'PY'
import glob, sys
shared, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
seed = open(glob.glob(shared + "/seeds/002_*.txt")[0], encoding="utf-8").read()
sentences = []
for line in open(shared + "/eval/mrpc/msr_paraphrase_train.txt", encoding="utf-8-sig").read().splitlines()[1:]:
    cols = line.split("\t")
    if len(cols) == 5:
        sentences.append(cols[3])
with open(out, "w", encoding="utf-8") as f:
    f.write(seed + "\n\n")
    size, i = len(seed), 0
    while size < mb * 1_000_000:
        paragraph = " ".join(sentences[(i + k) % len(sentences)] for k in range(5)) + "\n\n"
        f.write(paragraph)
        size += len(paragraph.encode("utf-8"))
        i += 5
PY
fi
dotnet build "$root/src/NearDup.Cli" -c Release -v quiet -nologo > /dev/null
cli=(dotnet "$root/src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll")
echo "big document: $(du -m "$dir/big/huge.txt" | cut -f1) MB; $(nproc) cores"
for corpus in small big; do
  for semantic in minilm off; do
    /usr/bin/time -f "%e %M" -o "$dir/time" "${cli[@]}" scan "$dir/$corpus" --semantic "$semantic" --quiet -f json -o "$dir/out.json" || true
    read -r secs kb < "$dir/time"
    stages=$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stats"]["seconds"]; print(" ".join(f"{k} {v:.2f}" for k, v in s.items()))' "$dir/out.json")
    printf '%-6s --semantic %-7s %7.1f s %6.0f MB   stages: %s\n' "$corpus" "$semantic" "$secs" "$(echo "$kb / 1024" | bc -l)" "$stages"
  done
done
