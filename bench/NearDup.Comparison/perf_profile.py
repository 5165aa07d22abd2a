#!/usr/bin/env python3
"""CPU seconds of a scan by stage, and the NearDup methods that spend them, from `perf script` output.

Record and convert (the runtime's symbol map names jitted code; without EnableWriteXorExecute=0 perf cannot):
  DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapEnabled=1 perf record -F 499 -g -o scan.data -- \
      dotnet src/NearDup.Cli/bin/Release/net10.0/NearDup.Cli.dll scan CORPUS --semantic off -f json -o OUT.json -q
  perf script -i scan.data > scan.txt
  python3 bench/NearDup.Comparison/perf_profile.py scan.txt [HZ=499] [TOP=30]
  python3 bench/NearDup.Comparison/perf_profile.py scan.txt --timeline [SECONDS=0.5]   (cores busy per window, by stage)
  python3 bench/NearDup.Comparison/perf_profile.py scan.txt --under TEXT [TOP=30]   (inclusive time of the frames below
      any frame that holds TEXT, e.g. VerifyBatch: a stage's split between its callees, runtime and kernel included)

A sample counts for the stage of its innermost frame that names one (so a judge running inside an awaited
continuation counts for candidates, not for what resumed it), and for its innermost NearDup method (runtime
helpers, sorts and collections that method called included).
"""
import collections
import re
import sys

# (stage, text in a frame), tried from the leaf up; the first frame that holds one decides.
STAGES = [
    ("report", "JsonReport::Write"), ("report", "JsonArrayWriter"), ("report", "JsonReport+"),
    ("furniture", "BoilerplateStage::Find"), ("furniture", "BoilerplateStage+<>c__DisplayClass8_0"), ("furniture", "IntrusionDetector"),
    ("passages", "PassageClusterer"),
    ("group", "StoryGrouper"), ("group", "TermVectors"), ("group", "TermVectorBuilder::Build"), ("group", "TermVectorBuilder+"),
    ("group", "TermVectorBuilder::Weight"), ("group", "StoryEvidenceFor"),
    ("verify", "Verify"),
    ("fingerprint", "FingerprintAndCount"), ("fingerprint", "LanguageDetector"), ("fingerprint", "RegisterAsync"),
    ("fingerprint", "JsonLinesReader"), ("fingerprint", "Utf8LineReader"), ("fingerprint", "TextStore::AddRange"),
    ("fingerprint", "LearnAsync"), ("fingerprint", "CompleteLearningAsync"), ("fingerprint", "PostingIndex::Add"),
    ("fingerprint", "CandidateFinder::Add"),
    ("candidates", "CandidateFinder"), ("candidates", "PostingIndex"),
]
METHOD = re.compile(r"\[NearDup[^\]]*\] ([^ (]*)")
TIME = re.compile(r"\s(\d+\.\d+):\s")  # a sample's header: "comm pid time: period event:" (comm may hold spaces)


def main():
    if "--timeline" in sys.argv:
        at = sys.argv.index("--timeline")
        timeline(sys.argv[1], float(sys.argv[at + 1]) if len(sys.argv) > at + 1 else 0.5)
        return
    if "--under" in sys.argv:
        at = sys.argv.index("--under")
        under(sys.argv[1], sys.argv[at + 1], int(sys.argv[at + 2]) if len(sys.argv) > at + 2 else 30)
        return
    path = sys.argv[1]
    hz = float(sys.argv[2]) if len(sys.argv) > 2 else 499
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    stages, methods = collections.Counter(), collections.Counter()
    samples = 0
    for _, frames in read_samples(path):
        samples += 1
        stages[stage_of(frames)] += 1
        names = [m.group(1) for f in frames if (m := METHOD.search(f))]
        methods[names[0] if names else "(no NearDup frame)"] += 1

    print(f"{samples} samples, {samples / hz:.1f} CPU seconds")
    for stage in ["fingerprint", "candidates", "verify", "passages", "group", "furniture", "report", "other NearDup", "runtime, JIT, other"]:
        print(f"  {stage:20s} {stages[stage] / hz:7.2f} s {stages[stage] / samples * 100:6.1f} %")
    print("innermost NearDup method:")
    for name, count in methods.most_common(top):
        print(f"  {count / samples * 100:5.1f} %  {name}")


def read_samples(path):
    """Each sample of `perf script` output: its header line and its frames, leaf first."""
    block = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                block.append(line)
                continue
            if len(block) > 1:
                yield block[0], [frame.strip() for frame in block[1:]]
            block = []
    if len(block) > 1:
        yield block[0], [frame.strip() for frame in block[1:]]


def stage_of(frames):
    stage = next((s for f in frames for s, key in STAGES if key in f), None)
    if stage is None:
        stage = "other NearDup" if any("NearDup" in f for f in frames) else "runtime, JIT, other"
    return stage


def timeline(path, window, hz=499):
    """Cores busy in each window of the run, by stage: where a serial stretch leaves a core idle."""
    windows = collections.defaultdict(collections.Counter)
    start = None
    for header, frames in read_samples(path):
        if m := TIME.search(header):
            t = float(m.group(1))
            start = t if start is None else start
            windows[int((t - start) / window)][stage_of(frames)] += 1
    for w in sorted(windows):
        counts = windows[w]
        busy = " ".join(f"{s}:{c / (window * hz):.2f}" for s, c in counts.most_common())
        print(f"{w * window:6.1f} s {sum(counts.values()) / (window * hz):5.2f} cores  {busy}")


def under(path, text, top, hz=499):
    """CPU seconds of the samples with a frame holding `text`, and of each frame those samples pass through."""
    frames_seen, leaves, samples = collections.Counter(), collections.Counter(), 0
    for _, frames in read_samples(path):
        at = next((i for i, f in enumerate(frames) if text in f), None)
        if at is None:
            continue
        samples += 1
        names = [re.sub(r"\+0x[0-9a-f]+$", "", re.sub(r"^[0-9a-f]+ ", "", f).rsplit(" (", 1)[0])[:120] for f in frames[:at + 1]]
        leaves[names[0]] += 1
        for name in set(names):
            frames_seen[name] += 1
    print(f"{samples / hz:.2f} CPU seconds under frames holding {text!r}")
    for title, counts in (("inclusive:", frames_seen), ("self:", leaves)):
        print(title)
        for name, count in counts.most_common(top):
            print(f"  {count / hz:6.2f}  {name}")


if __name__ == "__main__":
    main()
