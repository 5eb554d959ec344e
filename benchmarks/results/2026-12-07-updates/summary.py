"""Prints the table of benchmarks/results/2026-12-07-updates/sitting.sh's output folder: per round, samples/s of
Lanes over epochs 2 on (from each run's metrics.csv; epoch 1 includes compilation) and over all epochs, before and
after, 1 and 2 threads, and PyTorch's (one thread) of the same round.

    python3 benchmarks/results/2026-12-07-updates/summary.py OUT_DIR
"""
import csv
import json
import pathlib
import re
import sys

out = pathlib.Path(sys.argv[1])


def metrics(name):
    """A run's metrics.csv: in its output folder (the sitting's), or kept beside the others as NAME.csv."""
    return out / name / "metrics.csv" if (out / name).is_dir() else out / f"{name}.csv"


def lanes(name):
    rows = list(csv.DictReader(open(metrics(name))))
    seconds = [float(r["seconds"]) for r in rows]
    samples = [float(r["seconds"]) * float(r["samples_per_second"]) for r in rows]
    return sum(samples[1:]) / sum(seconds[1:]), sum(samples) / sum(seconds)


for name in ("start", "end"):
    gflop = json.load(open(out / f"ceiling-{name}.json"))[0]["secondaryMetrics"]["gflop"]
    print(f"FMA ceiling at the {name}: {gflop['score']:.1f} GFLOP/s (one core)")
print("| round | threads | before, epochs 2+ (all) | after, epochs 2+ (all) | after / before | PyTorch 1 thread | after / PyTorch (epochs 2+) |")
print("| --- | --- | --- | --- | --- | --- | --- |")
rounds = sorted({int(p.name.split("-")[1]) for p in out.glob("after-*-t*")})
for r in rounds:
    torch_file = out / f"torch-{r}.txt"
    torch = float(re.search(r"PyTorch speed: ([\d,]+) samples/s", torch_file.read_text()).group(1).replace(",", "")) \
        if torch_file.exists() else float("nan")
    for t in (1, 2):
        if not metrics(f"after-{r}-t{t}").exists():
            continue
        b, ba = lanes(f"before-{r}-t{t}")
        a, aa = lanes(f"after-{r}-t{t}")
        print(f"| {r} | {t} | {b:,.0f} ({ba:,.0f}) | {a:,.0f} ({aa:,.0f}) | {a / b:.2f}× | {torch:,.0f} | {a / torch:.2f}× |")
