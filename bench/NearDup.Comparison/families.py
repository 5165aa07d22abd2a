#!/usr/bin/env python3
"""Copy families of a scan's JSON report: connected components of its relations (document ids).

Prints the number of families, of documents in them, and a digest of the partition, so two runs (before and
after a change) can be compared exactly. Usage: families.py REPORT.json [REPORT2.json ...]
"""
import hashlib
import json
import sys


def families(path):
    report = json.load(open(path, encoding="utf-8"))
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in report["relations"]:
        a, b = find(r["a"]), find(r["b"])
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return sorted(tuple(sorted(g)) for g in groups.values())


for path in sys.argv[1:]:
    fam = families(path)
    digest = hashlib.sha256(json.dumps(fam).encode()).hexdigest()[:16]
    print(f"{path}: {len(fam)} families, {sum(len(f) for f in fam)} documents, partition {digest}")
