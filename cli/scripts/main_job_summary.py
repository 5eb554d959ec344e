"""Prints the main-job table from a cli/scripts/main_job_sitting.sh output folder: samples/s of Lanes (from each
run's metrics.csv: all epochs, and epochs 2 on) and of PyTorch (its printed median), per thread count and
repetition, with the ratio Lanes / PyTorch within the same repetition.

    python3 cli/scripts/main_job_summary.py OUT_DIR
"""
import csv
import json
import pathlib
import re
import sys

out = pathlib.Path(sys.argv[1])


def lanes(rep, threads):
    rows = list(csv.DictReader(open(out / f"lanes-{rep}-t{threads}" / "metrics.csv")))
    seconds = [float(r["seconds"]) for r in rows]
    samples = [float(r["seconds"]) * float(r["samples_per_second"]) for r in rows]
    later = sum(samples[1:]) / sum(seconds[1:]) if len(rows) > 1 else float("nan")
    return sum(samples) / sum(seconds), later


def torch(rep, threads):
    text = open(out / f"torch-{rep}-t{threads}.txt").read()
    return float(re.search(r"PyTorch speed: ([\d,]+) samples/s", text).group(1).replace(",", ""))


for name in ("before", "after"):
    path = out / f"ceiling-{name}.json"
    if path.exists():
        result = json.load(open(path))[0]["primaryMetric"]
        print(f"FMA ceiling {name}: {result['score']:.1f} {result['scoreUnit']}")
print("| threads | rep | Lanes all epochs | Lanes epochs 2+ | PyTorch | Lanes/PyTorch (all) | (epochs 2+) |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for threads in (1, 2):
    for rep in ("a", "b"):
        try:
            every, later = lanes(rep, threads)
            peer = torch(rep, threads)
        except (OSError, AttributeError):
            continue
        print(f"| {threads} | {rep} | {every:,.0f} | {later:,.0f} | {peer:,.0f} | {every / peer:.2f}x | {later / peer:.2f}x |")
