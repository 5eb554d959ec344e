#!/usr/bin/env python3
"""Prints the sitting's table: Lanes (JMH, median [min-max] over every measurement iteration of both forks) beside
PyTorch's runs (median [min-max] of 7 timed runs each), and the ratio best-PyTorch-median / Lanes-median."""
import json
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
names = {"MSE": "mse", "L1": "l1", "HUBER": "huber", "SMOOTH_L1": "smooth_l1"}
fma = json.loads((out / "jmh-fma.json").read_text())
for b in fma:
    raw = [v for fork in b["primaryMetric"]["rawData"] for v in fork]
    print(f"FMA ceiling ({b['benchmark'].split('.')[-1]}): {statistics.median(raw):.4g} "
          f"[{min(raw):.4g}-{max(raw):.4g}] {b['primaryMetric']['scoreUnit']}")
peers = sorted(out.glob("pytorch-*.json"))
peer_data = {p.stem: json.loads(p.read_text()) for p in peers}
print()
print("| loss | Lanes vector (µs) | " + " | ".join(f"PyTorch {k[len('pytorch-'):]} (µs)" for k in peer_data)
      + " | PyTorch best median ÷ Lanes median |")
print("| --- | --- | " + " | ".join("---" for _ in peer_data) + " | --- |")
for b in json.loads((out / "jmh-regression-losses.json").read_text()):
    loss = b["params"]["loss"]
    raw = [v for fork in b["primaryMetric"]["rawData"] for v in fork]
    lanes = statistics.median(raw)
    row = [f"{names[loss]}", f"{lanes:.1f} [{min(raw):.1f}–{max(raw):.1f}] (n={len(raw)})"]
    best = None
    for k, d in peer_data.items():
        s = d[f"loss/{names[loss]}/1024x1024"]
        row.append(f"{s['median']:.1f} [{s['min']:.1f}–{s['max']:.1f}]")
        best = s["median"] if best is None else min(best, s["median"])
    row.append(f"{best / lanes:.2f}×")
    print("| " + " | ".join(row) + " |")
