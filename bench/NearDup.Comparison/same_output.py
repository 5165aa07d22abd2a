#!/usr/bin/env python3
"""Compares two `neardup scan -f json` outputs section by section, stats left out: what a speed change must keep.

Usage: same_output.py BEFORE.json AFTER.json   (exit 1 when a section differs)
"""
import json
import sys

before, after = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
differ = False
for key in before:
    if key == "stats":
        continue
    same = before[key] == after.get(key)
    differ |= not same
    size = lambda v: f" ({len(v)})" if isinstance(v, list) else ""
    print(f"{key}: {'same' if same else 'DIFFERENT'}{size(before[key])}{'' if same else ' vs' + size(after.get(key))}")
sys.exit(1 if differ else 0)
