#!/usr/bin/env bash
# Fuzzes one NearDup reader with afl-fuzz through SharpFuzz: fuzz/run.sh TARGET [SECONDS]
#   TARGET  html | warc | jsonl | csv   (see fuzz/NearDup.Fuzz/FuzzTargets.cs)
#   SECONDS how long afl-fuzz runs (default 1800); findings stay in fuzz/out/TARGET/findings
# Needs afl++ (apt-get install -y afl++) and the SharpFuzz.CommandLine tool (dotnet tool restore).
# Runs on one core at low priority (nice 15, no CPU binding); FUZZ_RESUME=1 continues a previous run instead of starting from the seeds.
set -euo pipefail

target=${1:?usage: fuzz/run.sh html|warc|jsonl|csv [SECONDS]}
seconds=${2:-1800}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/fuzz/out"
bin="$out/bin"
work="$out/$target"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 1; }

# A fresh build every time: sharpfuzz instruments in place and refuses an instrumented assembly.
rm -rf "$bin"
dotnet build "$root/fuzz/NearDup.Fuzz/NearDup.Fuzz.csproj" -c Release -o "$bin" -v quiet -nologo
# Coverage is traced in NearDup.dll only; FUZZ_INSTRUMENT="NearDup.dll AngleSharp.dll" also guides into the parser.
(cd "$root" && dotnet tool restore >/dev/null && for dll in ${FUZZ_INSTRUMENT:-NearDup.dll}; do dotnet sharpfuzz "$bin/$dll"; done)

# Seeds: small real inputs (AFL works best with inputs of a few KB).
seeds="$work/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"
case "$target" in
  html)
    cp "$root"/tests/Data/sites/*/page1.html "$seeds/" 2>/dev/null || true
    for f in $(ls "$root"/../shared/eval/article-extraction/html/* 2>/dev/null | head -n 12); do
      zcat -f "$f" | head -c 6000 > "$seeds/eval-$(basename "$f" .gz)" || true
    done
    dict="$root/fuzz/dict/html.dict" ;;
  warc)
    cp "$root"/fuzz/seeds/warc/* "$seeds/"
    dict="$root/fuzz/dict/warc.dict" ;;
  jsonl)
    printf '{"id":"a","text":"The council met on Tuesday.","url":"http://a.example/1","date":"2024-05-01"}\n{"id":2,"html":"<p>Officials said it would take effect next spring.</p>"}\n' > "$seeds/two.jsonl"
    dict="" ;;
  csv)
    printf 'id,text,url,html\na,"The council met, on ""Tuesday"".",http://a.example/1,\nb,,,"<p>Officials said it would take effect next spring.</p>"\n' > "$seeds/two.csv"
    dict="" ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
# Crashes kept from earlier runs seed the next one, so a fix is checked and the fuzzer goes past it.
cp "$root/tests/NearDup.Tests/Data/fuzz/$target"/* "$seeds/" 2>/dev/null || true

input="$seeds"
if [[ "${FUZZ_RESUME:-0}" == 1 && -d "$work/findings/default/queue" ]]; then input=-; fi

# dotnet is not AFL-instrumented itself (SharpFuzz's fork server speaks the protocol); the GC heap limit turns
# unbounded memory into an OutOfMemoryException, i.e. a crash. -t: a run over 2 s is a hang.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=${AFL_NO_UI:-1} AFL_FORKSRV_INIT_TMOUT=60000
export DOTNET_GCHeapHardLimit=0x20000000 DOTNET_TieredPGO=0
nice -n 15 afl-fuzz -i "$input" -o "$work/findings" -V "$seconds" -t 2000 -m none ${dict:+-x "$dict"} \
  -- dotnet "$bin/NearDup.Fuzz.dll" "$target" || true

stats="$work/findings/default/fuzzer_stats"
[[ -f "$stats" ]] && grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|bitmap_cvg|saved_crashes|saved_hangs|stability)' "$stats"
echo "crashes: $work/findings/default/crashes  hangs: $work/findings/default/hangs"
echo "replay (uninstrumented build): dotnet run -c Release --project fuzz/NearDup.Fuzz -- $target FILE..."
