#!/usr/bin/env python3
"""PyTorch peer of NormalizationBenchmark and OptimizerBenchmark, timed as peer.py times everything.

Usage:  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/layers_peer.py --threads 1 --out torch-layers.json

Microseconds per call, on a 1024x1024 float batch / parameter:
  norm/<layer>/forward, norm/<layer>/forward+backward   nn.BatchNorm1d(1024), nn.LayerNorm(1024), nn.Dropout(0.1),
                                                          training mode; y.backward(dy) with the forward's graph
  optim/<name>/step                                       optimizer.step() on one 1024x1024 parameter whose .grad is
                                                          fixed: Adam, AdamW, SGD(momentum=0.9, nesterov=True),
                                                          RMSprop, Adagrad, lr 1e-3, PyTorch's other defaults
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import summary, timed  # noqa: E402  (the same warm-up, repeats and summary as every other peer figure)

SIDE = 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--layers", help="comma-separated subset of batchNorm,layerNorm,dropout: only those, no optimizers")
    args = parser.parse_args()
    if os.environ.get("OPENBLAS_CORETYPE"):
        sys.exit("unset OPENBLAS_CORETYPE first (env -u OPENBLAS_CORETYPE ...)")
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    results = {}
    layers = {"batchNorm": lambda: torch.nn.BatchNorm1d(SIDE), "layerNorm": lambda: torch.nn.LayerNorm(SIDE),
              "dropout": lambda: torch.nn.Dropout(0.1)}
    if args.layers:
        layers = {name: layers[name] for name in args.layers.split(",")}
    x = torch.randn(SIDE, SIDE)
    dy = torch.randn(SIDE, SIDE)
    for name, make in layers.items():
        layer = make().train()
        calls_per_s = timed(lambda: layer(x), 1)
        results[f"norm/{name}/forward"] = summary([1e6 / r for r in calls_per_s], "us")
        xg = x.clone().requires_grad_(True)

        def both():
            xg.grad = None
            layer.zero_grad(set_to_none=True)
            layer(xg).backward(dy)

        calls_per_s = timed(both, 1)
        results[f"norm/{name}/forward+backward"] = summary([1e6 / r for r in calls_per_s], "us")
    optimizers = {"adam": lambda p: torch.optim.Adam(p, lr=1e-3), "adamw": lambda p: torch.optim.AdamW(p, lr=1e-3),
                  "sgdNesterov": lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9, nesterov=True),
                  "rmsprop": lambda p: torch.optim.RMSprop(p, lr=1e-3), "adagrad": lambda p: torch.optim.Adagrad(p, lr=1e-3)}
    for name, make in optimizers.items() if not args.layers else ():
        parameter = torch.nn.Parameter(torch.randn(SIDE, SIDE) * 0.03)
        parameter.grad = torch.randn(SIDE, SIDE)
        optimizer = make([parameter])
        optimizer.step()
        calls_per_s = timed(optimizer.step, 1)
        results[f"optim/{name}/step"] = summary([1e6 / r for r in calls_per_s], "us")
    out = {"torch": torch.__version__, "torch_threads": args.threads, "results": results}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    for key, value in results.items():
        print(f"{key}: {value['median']:.1f} us [{value['min']:.1f}-{value['max']:.1f}]", file=sys.stderr)


if __name__ == "__main__":
    main()
