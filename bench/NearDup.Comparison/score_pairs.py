#!/usr/bin/env python3
"""Scores reported pairs (a<TAB>b per line) against a generated truth.tsv (a, b, kind; header), two ways, so that a
tool reporting every pair and one reporting a spanning tree per group are scored alike:
  pairs   the reported pairs themselves against the truth's reuse pairs;
  groups  the pairs implied by the groups (connected components) the reported pairs form, against the pairs implied
          by the truth's groups (pairwise clustering precision/recall, counted without listing the pairs).
'hard-negative' truth rows are not reuse: reporting one is a false positive. With --by-kind, also the recall of each
truth kind (pairs: the pair reported; groups: both ends in one group). With OTHER_PAIRS, how two pair lists agree.
Usage: score_pairs.py TRUTH PAIRS [OTHER_PAIRS] [--by-kind]"""
import sys
from collections import Counter, defaultdict


def read_pairs(path, header=False):
    out = set()
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f):
            if header and i == 0:
                continue
            p = line.rstrip('\n').split('\t')
            if len(p) >= 2 and p[0] and p[1] and p[0] != p[1]:
                out.add((min(p[0], p[1]), max(p[0], p[1])))
    return out


def read_truth(path):
    kinds = {}
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f):
            p = line.rstrip('\n').split('\t')
            if i == 0 and p[:2] == ['a', 'b']:
                continue
            if len(p) >= 3 and p[0] != p[1]:
                kinds[(min(p[0], p[1]), max(p[0], p[1]))] = p[2]
    return kinds


def groups(pairs):
    """Union-find over the pairs: document -> representative."""
    parent = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    return {x: find(x) for x in parent}


def implied(sizes):
    return sum(n * (n - 1) // 2 for n in sizes)


def main(argv):
    by_kind = '--by-kind' in argv
    args = [a for a in argv if a != '--by-kind']
    kinds = read_truth(args[0])
    truth = {p for p, k in kinds.items() if k != 'hard-negative'}
    got = read_pairs(args[1])

    tp = len(got & truth)
    pair_p, pair_r = tp / max(1, len(got)), tp / max(1, len(truth))

    got_group, truth_group = groups(got), groups(truth)
    got_sizes = Counter(got_group.values())
    both = Counter((g, truth_group[x]) for x, g in got_group.items() if x in truth_group)
    got_implied, truth_implied, tp_implied = implied(got_sizes.values()), implied(Counter(truth_group.values()).values()), implied(both.values())
    group_p, group_r = tp_implied / max(1, got_implied), tp_implied / max(1, truth_implied)
    largest = max(got_sizes.values(), default=0)

    print(f'{args[1]}: {len(got)} pairs, precision {pair_p:.4f}, recall {pair_r:.4f}; '
          f'{len(got_sizes)} groups (largest {largest}), group precision {group_p:.4f}, recall {group_r:.4f}')
    if by_kind:
        found, grouped, total = Counter(), Counter(), Counter(kinds.values())
        for p, k in kinds.items():
            found[k] += p in got
            grouped[k] += p[0] in got_group and got_group[p[0]] == got_group.get(p[1])
        for k in sorted(total):
            print(f'  {k:14} {total[k]:8} truth pairs: reported {found[k] / total[k]:.4f}, same group {grouped[k] / total[k]:.4f}')
    if len(args) > 2:
        other = read_pairs(args[2])
        common = len(got & other)
        print(f'  vs {args[2]}: {len(other)} pairs, {common} in both, Jaccard {common / max(1, len(got | other)):.4f}, '
              f'only first {len(got - other)}, only second {len(other - got)}')


if __name__ == '__main__':
    main(sys.argv[1:])
