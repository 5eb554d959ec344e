#!/usr/bin/env python3
"""PyTorch peer of LossBenchmark: the fused losses, forward and backward, timed as peer.py times everything.

Usage:  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/loss_peer.py --threads 1 --out torch-losses.json

For each shape (1024x1024 and 1024x10 floats) the loss and its gradient with respect to the logits through
autograd, in microseconds per call (a training step needs both; LossBenchmark's calls compute both in one pass):
  cross_entropy         F.cross_entropy(x, labels)
  cross_entropy_options F.cross_entropy(x, labels, weight=w, label_smoothing=0.1)
  bce_with_logits       F.binary_cross_entropy_with_logits(x, targets, pos_weight=p)
and, on 1024x1024 only (RegressionLossBenchmark's shape; predictions standard normal, targets uniform in [0, 1)):
  mse                   F.mse_loss(x, targets)
  l1                    F.l1_loss(x, targets)
  huber                 F.huber_loss(x, targets)           (delta=1, the default)
  smooth_l1             F.smooth_l1_loss(x, targets)       (beta=1, the default)
--only NAME[,NAME...] times just those losses (e.g. --only mse,l1,huber,smooth_l1).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import summary, timed  # noqa: E402  (the same warm-up, repeats and summary as every other peer figure)

SHAPES = [(1024, 1024), (1024, 10)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="", help="comma-separated loss names to time (default: all)")
    args = parser.parse_args()
    if os.environ.get("OPENBLAS_CORETYPE"):
        sys.exit("unset OPENBLAS_CORETYPE first (env -u OPENBLAS_CORETYPE ...)")
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(args.threads)
    torch.manual_seed(7)
    results = {"torch": torch.__version__, "threads": args.threads}
    for rows, cols in SHAPES:
        x = torch.randn(rows, cols).requires_grad_(True)
        labels = torch.randint(0, cols, (rows,))
        weights = torch.rand(cols) + 0.5
        targets = torch.rand(rows, cols)
        pos_weight = torch.rand(cols) + 0.5
        losses = {
            "cross_entropy": lambda: F.cross_entropy(x, labels),
            "cross_entropy_options": lambda: F.cross_entropy(x, labels, weight=weights, label_smoothing=0.1),
            "bce_with_logits": lambda: F.binary_cross_entropy_with_logits(x, targets, pos_weight=pos_weight),
        }
        if (rows, cols) == (1024, 1024):
            losses.update({
                "mse": lambda: F.mse_loss(x, targets),
                "l1": lambda: F.l1_loss(x, targets),
                "huber": lambda: F.huber_loss(x, targets),
                "smooth_l1": lambda: F.smooth_l1_loss(x, targets),
            })
        only = [name for name in args.only.split(",") if name]
        for name, loss in losses.items():
            if only and name not in only:
                continue
            def step():
                x.grad = None
                loss().backward()

            calls_per_s = timed(step, 1)
            results[f"loss/{name}/{rows}x{cols}"] = summary([1e6 / r for r in calls_per_s], "us")
    with open(args.out, "w") as out:
        json.dump(results, out, indent=1)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
