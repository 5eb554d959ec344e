#!/usr/bin/env python3
"""Prints the table of one layers sitting: python3 summarize.py SITTING_DIR (jmh-norm.json, pytorch-1*.json)."""
import json
import os
import statistics
import sys

d = sys.argv[1]
jmh = json.load(open(os.path.join(d, "jmh-norm.json")))
comes = json.load(open(os.path.join(d, "pytorch-1.json")))["results"]
pinned = json.load(open(os.path.join(d, "pytorch-1-pinned.json")))["results"]
print("| what | pass | Lanes µs | PyTorch µs as it comes (faults/call) | PyTorch µs, heap pinned (faults/call) | best PyTorch ÷ Lanes |")
print("|---|---|---|---|---|---|")
for b in jmh:
    cls, method = b["benchmark"].split(".")[-2:]
    raw = [v for fork in b["primaryMetric"]["rawData"] for v in fork]
    med, lo, hi = statistics.median(raw), min(raw), max(raw)
    if cls == "NormalizationBenchmark":
        name, what = b["params"]["layer"], ("forward" if method == "forward" else "forward+backward")
        key = f"norm/{name}/{what}"
    else:
        name, what = b["params"]["optimizer"], "step"
        key = f"optim/{name}/step"
    a, c = comes[key], pinned[key]
    best = min(a["median"], c["median"])
    print(f"| {name} | {what} | {med:.1f} [{lo:.1f}–{hi:.1f}] | {a['median']:.1f} [{a['min']:.1f}–{a['max']:.1f}] "
          f"({a['faults_per_call']:g}) | {c['median']:.1f} [{c['min']:.1f}–{c['max']:.1f}] ({c['faults_per_call']:g}) "
          f"| {best / med:.2f}× |")
