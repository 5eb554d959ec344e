"""Prints the small-batch sitting's tables (medians per run, GFLOP/s or thousands of samples/s) from its JSON.

python3 benchmarks/results/2026-12-07-avx2/small-batches/summary.py benchmarks/results/2026-12-07-avx2/small-batches
"""
import json
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
rounds = sorted({int(p.stem.split('-')[-1]) for p in out.glob('gemm-*.json')})


def jmh(name, metric):
    """Median over every iteration of every fork of the secondary metric whose name holds `metric`."""
    rows = {}
    for r in json.load(open(out / f'{name}.json')):
        p = r['params']
        key = p['shape'] if 'shape' in p else f"{p['net']}, {p['batch']}"
        m = next(v for k, v in r['secondaryMetrics'].items() if metric in k)
        rows[key] = statistics.median(x for fork in m['rawData'] for x in fork)
    return rows


print('| shape | ' + ' | '.join(f'before {r} | after {r}' for r in rounds) + ' | after ÷ before |')
g = {(v, r): jmh(f'gemm-{v}-{r}', 'gflop') for v in ('before', 'after') for r in rounds}
for shape in g[('before', rounds[0])]:
    cells = [f"{g[(v, r)][shape]:.1f}" for r in rounds for v in ('before', 'after')]
    ratios = ' / '.join(f"{g[('after', r)][shape] / g[('before', r)][shape]:.2f}" for r in rounds)
    print(f'| {shape} | ' + ' | '.join(cells) + f' | {ratios} |')

print()
print('| net, batch | before | after | PyTorch | after ÷ before | after ÷ PyTorch |')
i = {(v, r): jmh(f'infer-{v}-{r}', 'samples') for v in ('before', 'after') for r in rounds}
torch = {}
for r in rounds:
    best = {}
    for conf in json.load(open(out / f'pytorch-{r}.json'))['configurations']:
        for k, v in conf['results'].items():
            best[k] = max(best.get(k, 0), v['median'])
    torch[r] = best
for key in i[('before', rounds[0])]:
    net, batch = key.split(', ')
    b = [i[('before', r)][key] / 1e3 for r in rounds]
    a = [i[('after', r)][key] / 1e3 for r in rounds]
    t = [torch[r][f'infer/{net}/{batch}'] / 1e3 for r in rounds]
    print(f"| {key} | {' / '.join(f'{x:.1f}' for x in b)} | {' / '.join(f'{x:.1f}' for x in a)} | "
          f"{' / '.join(f'{x:.1f}' for x in t)} | {' / '.join(f'{x / y:.2f}' for x, y in zip(a, b))} | "
          f"{min(a) / max(t):.2f}–{max(a) / min(t):.2f} |")
