#!/usr/bin/env python3
"""Prints the normalization-2 sitting: per JMH run median [min-max] over all forks' iterations and each fork's median
(us per call), and PyTorch's medians [min-max] (and minor faults per call) from the peers' JSON.
  /usr/bin/python3 benchmarks/results/2026-12-06-normalization-2/summarize.py DIR"""
import glob
import json
import os
import statistics
import sys

d = sys.argv[1]
for path in sorted(glob.glob(os.path.join(d, "jmh-*.json"))):
    label = os.path.basename(path)[4:-5]
    for run in json.load(open(path)):
        forks = run["primaryMetric"]["rawData"]
        every = [v for fork in forks for v in fork]
        name = run["benchmark"].rsplit(".", 1)[1]
        print(f"{label:16s} {name:20s} {statistics.median(every):8.1f} [{min(every):.1f}-{max(every):.1f}]"
              f"  forks {', '.join(f'{statistics.median(f):.1f}' for f in forks)}")
for path in sorted(glob.glob(os.path.join(d, "pytorch-*.json"))):
    results = json.load(open(path))
    for key, r in sorted(results.get("results", results).items()) if isinstance(results, dict) else ():
        if isinstance(r, dict) and "median" in r:
            extra = {k: v for k, v in r.items() if k not in ("median", "min", "max", "values", "unit")}
            print(f"{os.path.basename(path):28s} {key:45s} {r['median']:8.1f} [{r['min']:.1f}-{r['max']:.1f}] {extra}")
