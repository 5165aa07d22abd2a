#!/usr/bin/env python3
"""A second stage over the cross-encoder, scored out of sample inside one held-out fold (docs/EVALUATION.md).

Reads a fold's held-out probabilities (NearDup.Train --fold-out: PREFIX.foldK.probabilities.tsv, ids are rows of the
train file), the engine's own pair features for the train file (`neardup eval mrpc --cross-encoder off --pairs DIR`:
DIR/mrpc-pairs.tsv) and the train file's text. Fits a logistic regression over logit(p) plus cheap pair features on
part of the fold's pairs and scores it on the rest (K-fold inside the fold, repeated over shuffles), beside the
cross-encoder alone at p >= 0.5 and with its threshold refitted the same way. Nothing is scored on pairs it was fitted
on. Pure Python (no numpy here): Newton's method on a handful of features.

  python3 tools/NearDup.Train/second_stage.py --probabilities /tmp/quality16/lr3.fold1.probabilities.tsv \
      --pairs /tmp/quality16/train-pairs/mrpc-pairs.tsv --train ../shared/eval/mrpc/msr_paraphrase_train.txt
"""
import argparse
import math
import random
import re

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'.-]*")
MONTHS = {m.lower() for m in "January February March April May June July August September October November December "
          "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
          "yesterday today tomorrow".split()}
NEGATIONS = {"not", "no", "never", "n't", "nor", "without"}


def read_train(path):
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            if line.strip():
                q, _, _, a, b = line.rstrip("\n").split("\t")
                rows.append((q == "1", a, b))
    return rows


def names(sentence):
    """Capitalised words not first in the sentence: names of people, places, firms."""
    words = WORD.findall(sentence)
    return {w.lower() for w in words[1:] if w[0].isupper() and w.lower() not in MONTHS}


def unmatched(x, y):
    longer = max(len(x), len(y))
    return 0.0 if longer == 0 else 1 - len(x & y) / longer


def text_features(a, b):
    wa, wb = WORD.findall(a.lower()), WORD.findall(b.lower())
    ratio = min(len(wa), len(wb)) / max(1, max(len(wa), len(wb)))
    dates = {w for w in wa if w in MONTHS} != {w for w in wb if w in MONTHS}
    neg = ({w for w in wa if w in NEGATIONS} | {"n't" for w in wa if w.endswith("n't")}) != \
          ({w for w in wb if w in NEGATIONS} | {"n't" for w in wb if w.endswith("n't")})
    return [ratio, unmatched(names(a), names(b)), 1.0 if dates else 0.0, 1.0 if neg else 0.0]


def logit(p):
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def solve(m, v):
    n = len(v)
    a = [row[:] + [v[i]] for i, row in enumerate(m)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(a[r][c]))
        a[c], a[piv] = a[piv], a[c]
        for r in range(n):
            if r != c and a[r][c] != 0:
                f = a[r][c] / a[c][c]
                for k in range(c, n + 1):
                    a[r][k] -= f * a[c][k]
    return [a[i][n] / a[i][i] for i in range(n)]


def fit(xs, ys, penalty):
    """L2-penalised logistic regression by Newton's method on standardised features (bias unpenalised)."""
    d = len(xs[0])
    mean = [sum(x[j] for x in xs) / len(xs) for j in range(d)]
    sd = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / len(xs)) or 1.0 for j in range(d)]
    zs = [[1.0] + [(x[j] - mean[j]) / sd[j] for j in range(d)] for x in xs]
    w = [0.0] * (d + 1)
    for _ in range(25):
        g = [0.0] * (d + 1)
        h = [[0.0] * (d + 1) for _ in range(d + 1)]
        for z, y in zip(zs, ys):
            p = 1 / (1 + math.exp(-sum(wi * zi for wi, zi in zip(w, z))))
            e, s = p - y, p * (1 - p)
            for i in range(d + 1):
                g[i] += e * z[i]
                for j in range(d + 1):
                    h[i][j] += s * z[i] * z[j]
        for i in range(1, d + 1):
            g[i] += penalty * len(zs) * w[i]
            h[i][i] += penalty * len(zs)
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return lambda x: 1 / (1 + math.exp(-(w[0] + sum(w[j + 1] * (x[j] - mean[j]) / sd[j] for j in range(d)))))


def best_threshold(ps, ys):
    grid = [t / 100 for t in range(5, 96)]
    return max(grid, key=lambda t: (sum((p >= t) == bool(y) for p, y in zip(ps, ys)), -abs(t - 0.5)))


def score(decisions, ys):
    tp = sum(1 for d, y in zip(decisions, ys) if d and y)
    fp = sum(1 for d, y in zip(decisions, ys) if d and not y)
    fn = sum(1 for d, y in zip(decisions, ys) if not d and y)
    accuracy = sum(1 for d, y in zip(decisions, ys) if d == bool(y)) / len(ys)
    return accuracy, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--probabilities", required=True)
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--train", default="../shared/eval/mrpc/msr_paraphrase_train.txt")
    ap.add_argument("--engine", help="mrpc-pairs.tsv of `neardup eval mrpc --data PREFIX.foldK.heldout.txt --cross-encoder "
                    "PREFIX.foldK.ndce --pairs DIR`: take p from the engine's int8 cross-encoder instead (rows in id order)")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--penalty", type=float, default=1e-3, help="L2 per pair on standardised weights, fixed beforehand")
    args = ap.parse_args()

    text = read_train(args.train)
    engine = {}
    with open(args.pairs) as f:
        head = next(f).rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(head, line.rstrip("\n").split("\t")))
            engine[int(r["row"])] = r
    ids, ys, ps = [], [], []
    with open(args.probabilities) as f:
        next(f)
        for line in f:
            i, q, p = line.split("\t")
            ids.append(int(i))
            ys.append(int(q))
            ps.append(float(p))
    if args.engine:
        with open(args.engine) as f:
            next(f)
            rows = [line.rstrip("\n").split("\t") for line in f]
        assert len(rows) == len(ids) and ids == sorted(ids), "the engine's rows are the held-out pairs in id order"
        assert all(int(r[1]) == y for r, y in zip(rows, ys)), "labels disagree"
        ps = [float(r[7]) for r in rows]
    for i, y in zip(ids, ys):
        assert text[i][0] == bool(y) and int(engine[i]["quality"]) == y, f"row {i}: labels disagree"

    def row(k):
        e, (_, a, b) = engine[ids[k]], text[ids[k]]
        return {
            "logit_p": logit(ps[k]),
            "cosine": float(e["cosine"]), "unmatched": float(e["unmatched"]), "jaccard": float(e["jaccard"]),
            "numbers_differ": float(e["numbers_differ"]),
            **dict(zip(["length_ratio", "names_unmatched", "dates_differ", "negation_differs"], text_features(a, b))),
        }

    feats = [row(k) for k in range(len(ids))]
    sets = {
        "logit(p) alone (Platt)": ["logit_p"],
        "logit(p) + engine's pair features": ["logit_p", "cosine", "unmatched", "jaccard", "numbers_differ"],
        "logit(p) + engine's + text features": list(feats[0]),
        "engine's + text features, no cross-encoder": [k for k in feats[0] if k != "logit_p"],
    }
    n = len(ids)
    print(f"{n} held-out pairs ({sum(ys)} paraphrases); {args.folds}-fold inside the fold, {args.repeats} shuffles, L2 {args.penalty}")
    base = score([p >= 0.5 for p in ps], ys)
    print(f"  {'cross-encoder p >= 0.5 (no fitting)':48s} accuracy {base[0]:.3f} F1 {base[1]:.3f}")
    results = {"cross-encoder, threshold refitted inside": []} | {k: [] for k in sets}
    wins = {k: [0, 0] for k in results}
    for rep in range(args.repeats):
        order = list(range(n))
        random.Random(rep + 1).shuffle(order)
        decided = {k: [None] * n for k in results}
        for f in range(args.folds):
            test = order[f::args.folds]
            held = set(test)
            train = [k for k in order if k not in held]
            t = best_threshold([ps[k] for k in train], [ys[k] for k in train])
            for k in test:
                decided["cross-encoder, threshold refitted inside"][k] = ps[k] >= t
            for name, cols in sets.items():
                model = fit([[feats[k][c] for c in cols] for k in train], [ys[k] for k in train], args.penalty)
                for k in test:
                    decided[name][k] = model([feats[k][c] for c in cols]) >= 0.5
        for name, d in decided.items():
            results[name].append(score(d, ys))
            wins[name][0] += sum(1 for k in range(n) if d[k] == bool(ys[k]) and (ps[k] >= 0.5) != bool(ys[k]))
            wins[name][1] += sum(1 for k in range(n) if d[k] != bool(ys[k]) and (ps[k] >= 0.5) == bool(ys[k]))
    for name, rs in results.items():
        acc = sum(r[0] for r in rs) / len(rs)
        f1 = sum(r[1] for r in rs) / len(rs)
        lo, hi = min(r[0] for r in rs), max(r[0] for r in rs)
        b, c = wins[name][0] / args.repeats, wins[name][1] / args.repeats
        # McNemar on the mean discordant counts: z = (b - c) / sqrt(b + c).
        z = (b - c) / math.sqrt(b + c) if b + c else 0.0
        print(f"  {name:48s} accuracy {acc:.3f} ({lo:.3f}-{hi:.3f}) F1 {f1:.3f}; vs p >= 0.5: +{b:.1f} / -{c:.1f} pairs, z {z:+.2f}")

    # The weights on all the fold's pairs, to read (not scored).
    cols = list(feats[0])
    print("  weights on all held-out pairs (standardised), for reading only:")
    d = len(cols)
    xs = [[feats[k][c] for c in cols] for k in range(n)]
    mean = [sum(x[j] for x in xs) / n for j in range(d)]
    sd = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / n) or 1.0 for j in range(d)]
    model = fit(xs, ys, args.penalty)
    for j, c in enumerate(cols):
        x = mean[:]
        x[j] += sd[j]
        print(f"    {c:18s} mean {mean[j]:.3f}  one sd up moves the logit by {logit(model(x)) - logit(model(mean)):+.2f}")


if __name__ == "__main__":
    main()
