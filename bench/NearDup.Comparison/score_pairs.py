#!/usr/bin/env python3
"""Scores reported pairs (a<TAB>b per line) against a synthetic truth.tsv (a, b, kind; header), and compares two
pair lists. Usage: score_pairs.py TRUTH PAIRS [OTHER_PAIRS]"""
import sys

def pairs(path, header=False):
    out = set()
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f):
            if header and i == 0:
                continue
            p = line.rstrip('\n').split('\t')
            if len(p) >= 2 and p[0] and p[1] and p[0] != p[1]:
                out.add(tuple(sorted(p[:2])))
    return out

truth = pairs(sys.argv[1], header=True)
got = pairs(sys.argv[2])
tp = len(got & truth)
print(f'{sys.argv[2]}: {len(got)} pairs, precision {tp / max(1, len(got)):.4f}, recall {tp / max(1, len(truth)):.4f}')
if len(sys.argv) > 3:
    other = pairs(sys.argv[3])
    both = len(got & other)
    print(f'  vs {sys.argv[3]}: {len(other)} pairs, {both} in both, Jaccard {both / max(1, len(got | other)):.4f}, '
          f'only first {len(got - other)}, only second {len(other - got)}')
