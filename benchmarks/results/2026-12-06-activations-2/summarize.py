#!/usr/bin/env python3
"""Table of the 2026-12-06 second activation sitting from its JSON files (stdlib only).

  /usr/bin/python3 benchmarks/results/2026-12-06-activations-2/summarize.py benchmarks/results/2026-12-06-activations-2/sitting

Lanes: median [min-max] over every measurement iteration of both forks, and each fork's median; PyTorch: median
[min-max] of its 7 timed runs, as it comes and with glibc's heap pinned; the ratio is the faster PyTorch median over
the Lanes median. GB/s counts the bytes an out-of-place pass must move with write-allocate: forward reads x and writes
y (3 x 4 MiB with the read-for-ownership of y), forward+backward adds dy read, x or y read, dx written (4 x 4 MiB).
"""
import json
import os
import statistics
import sys

sitting = sys.argv[1]
MIB4 = 1024 * 1024 * 4


def spread(values):
    return f"{statistics.median(values):.1f} [{min(values):.1f}–{max(values):.1f}]"


runs, forks = {}, {}
for entry in json.load(open(os.path.join(sitting, "jmh-activations.json"))):
    key = (entry["params"]["activation"], entry["benchmark"].rsplit(".", 1)[1])
    runs[key] = [v for fork in entry["primaryMetric"]["rawData"] for v in fork]
    forks[key] = [statistics.median(fork) for fork in entry["primaryMetric"]["rawData"]]
for entry in json.load(open(os.path.join(sitting, "jmh-fma.json"))):
    values = [v for fork in entry["primaryMetric"]["rawData"] for v in fork]
    print(f"FMA ceiling (GemmLimitsBenchmark.fmaPeak): {spread(values)} {entry['primaryMetric']['scoreUnit']}\n")
peers = {name: json.load(open(os.path.join(sitting, name)))["results"]
         for name in ("pytorch-1.json", "pytorch-1-pinned.json") if os.path.exists(os.path.join(sitting, name))}
print("| activation | pass | Lanes (µs) | Lanes fork medians | PyTorch (µs) | PyTorch, heap pinned (µs) | best PyTorch ÷ Lanes | GB/s Lanes / best PyTorch |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
order = ["tanh", "gelu", "geluTanh", "leakyRelu", "elu", "silu", "softplus", "copy"]
for method, torch_pass, traffic in (("forward", "forward", 3), ("forwardAndBackward", "forward+backward", 7)):
    for activation in order:
        key = (activation, method)
        if key not in runs:
            continue
        cells, best = [], None
        for name in ("pytorch-1.json", "pytorch-1-pinned.json"):
            r = peers.get(name, {}).get(f"activation/{activation}/{torch_pass}/1024x1024")
            cells.append(f"{r['median']:.1f} [{r['min']:.1f}–{r['max']:.1f}]" if r else "–")
            if r and (best is None or r["median"] < best):
                best = r["median"]
        mine = statistics.median(runs[key])
        ratio = f"{best / mine:.2f}×" if best else "–"
        gbs = f"{traffic * MIB4 / mine / 1e3:.0f} / {traffic * MIB4 / best / 1e3:.0f}" if best else "–"
        fork_cells = ", ".join(f"{v:.1f}" for v in forks[key])
        print(f"| {activation} | {torch_pass} | {spread(runs[key])} | {fork_cells} | {cells[0]} | {cells[1]} | {ratio} | {gbs} |")
