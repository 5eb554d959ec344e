#!/usr/bin/env python3
"""Tables of the 2026-12-06 sittings from their JSON files (stdlib only).

  /usr/bin/python3 benchmarks/results/2026-12-06-activations/summarize.py benchmarks/results/2026-12-06-activations
"""
import glob
import json
import os
import statistics
import sys

root = sys.argv[1]


def jmh_runs(directory, pattern):
    """{(benchmark method, params...): [every measurement iteration of every matching file]}."""
    runs = {}
    for path in sorted(glob.glob(os.path.join(directory, pattern))):
        for entry in json.load(open(path)):
            method = entry["benchmark"].rsplit(".", 1)[1]
            key = (entry["benchmark"].rsplit(".", 2)[1], method) + tuple(sorted((entry.get("params") or {}).items()))
            for fork in entry["primaryMetric"]["rawData"]:
                runs.setdefault(key, []).extend(fork)
            runs.setdefault(("unit",) + key, entry["primaryMetric"]["scoreUnit"])
    return runs


def spread(values):
    return f"{statistics.median(values):.1f} [{min(values):.1f}–{max(values):.1f}]"


def activations():
    sitting = os.path.join(root, "sitting")
    if not os.path.isdir(sitting):
        return
    before, after = jmh_runs(sitting, "jmh-activations-before-*.json"), jmh_runs(sitting, "jmh-activations-after-*.json")
    peers = {}
    for name in ("pytorch-1.json", "pytorch-1-pinned.json"):
        path = os.path.join(sitting, name)
        if os.path.exists(path):
            peers[name] = json.load(open(path))["results"]
    fma = jmh_runs(sitting, "jmh-fma.json")
    for key, values in fma.items():
        if key[0] != "unit":
            print(f"FMA ceiling (fmaPeak): {spread(values)} {fma[('unit',) + key]}\n")
    print("| activation | pass | Lanes before (µs) | Lanes after (µs) | PyTorch (µs) | PyTorch, heap pinned (µs) | speed-up: best PyTorch ÷ Lanes after |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for key in sorted(k for k in after if k[0] != "unit"):
        cls, method, *params = key
        activation = dict(params)["activation"]
        torch_pass = "forward" if method == "forward" else "forward+backward"
        torch_key = f"activation/{activation}/{torch_pass}/1024x1024"
        cells, best = [], None
        for name in ("pytorch-1.json", "pytorch-1-pinned.json"):
            r = peers.get(name, {}).get(torch_key)
            cells.append(f"{r['median']:.1f} [{r['min']:.1f}–{r['max']:.1f}]" if r else "–")
            if r and (best is None or r["median"] < best):
                best = r["median"]
        mine = statistics.median(after[key])
        ratio = f"{best / mine:.2f}×" if best else "–"
        print(f"| {activation} | {torch_pass} | {spread(before.get(key, [0]))} | {spread(after[key])} | {cells[0]} | {cells[1]} | {ratio} |")
    print()


def ab():
    directory = os.path.join(root, "ab")
    if not os.path.isdir(directory):
        return
    a, b = jmh_runs(directory, "A-*.json"), jmh_runs(directory, "B-*.json")
    print("| benchmark | parameters | A (this work) | B (cb2f980) | A ÷ B |")
    print("| --- | --- | --- | --- | --- |")
    for key in sorted(k for k in a if k[0] != "unit"):
        cls, method, *params = key
        unit = a[("unit",) + key]
        shown = ", ".join(f"{k}={v}" for k, v in params)
        if key in b:
            print(f"| {cls}.{method} | {shown} | {spread(a[key])} {unit} | {spread(b[key])} {unit} | "
                  f"{statistics.median(a[key]) / statistics.median(b[key]):.3f} |")
    print()


activations()
ab()
