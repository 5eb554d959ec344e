"""Prints the main-job table from a cli/scripts/main_job_sitting.sh output folder: samples/s of Lanes (from each
run's metrics.csv: all epochs, and epochs 2 on) and of PyTorch (the faster of its heap set-ups), per thread count
and repetition, with the ratio Lanes / PyTorch within the same repetition; on two threads PyTorch's figure is its
best on the two cores (one thread or two, whichever was faster in that repetition).

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
    speeds = []
    for heap in ("comes", "pinned"):
        text = open(out / f"torch-{rep}-t{threads}-{heap}.txt").read()
        speeds.append(float(re.search(r"PyTorch speed: ([\d,]+) samples/s", text).group(1).replace(",", "")))
    return max(speeds), speeds


for name in ("before", "after"):
    path = out / f"ceiling-{name}.json"
    if path.exists():
        gflop = json.load(open(path))[0]["secondaryMetrics"]["gflop"]
        print(f"FMA ceiling {name}: {gflop['score']:.1f} GFLOP/s (one core)")
print("| threads | rep | Lanes all epochs | Lanes epochs 2+ | PyTorch (heap as it comes / pinned) | PyTorch used |"
      " Lanes/PyTorch (all) | (epochs 2+) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for threads in (1, 2):
    for rep in ("a", "b"):
        try:
            every, later = lanes(rep, threads)
            best, speeds = torch(rep, threads)
            peer = best if threads == 1 else max(best, torch(rep, 1)[0])
        except (OSError, AttributeError):
            continue
        print(f"| {threads} | {rep} | {every:,.0f} | {later:,.0f} | {' / '.join(f'{v:,.0f}' for v in speeds)} | {peer:,.0f} |"
              f" {every / peer:.2f}x | {later / peer:.2f}x |")
