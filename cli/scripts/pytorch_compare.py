#!/usr/bin/env python3
"""Train the same network as `./lanes train` with PyTorch, for an accuracy and speed comparison.

Same data (the IDX files, last 10,000 training images held out for validation, pixels scaled to [0,1]),
same network (Linear/ReLU stack, PyTorch's default initialisation, which Lanes also uses), same optimiser,
learning rate, schedule (stepped per epoch), batch size and epochs; weight decay is applied to weights
only, as Lanes does. Different random streams, so compare over a few seeds, not one run.

    /usr/bin/python3 cli/scripts/pytorch_compare.py --seeds 1,2,3 \
        --lanes-summary runs/fashion-mnist/summary.json

Needs Debian's python3-torch and python3-numpy (apt-get install python3-torch). Not part of the Maven build.
"""
import argparse
import gzip
import json
import math
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def read_idx(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            magic, = struct.unpack(">I", data[:4])
            dims = magic & 0xFF
            shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
            array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
            if array.size != int(np.prod(shape)):
                sys.exit(f"{path}: header says {shape}, file holds {array.size} bytes")
            return array.reshape(shape)
    sys.exit(f"{directory}: no {name}(.gz)")


def load(directory, validation):
    x_train, y_train, x_test, y_test = (read_idx(directory, f) for f in FILES)
    x_train = torch.tensor(x_train.reshape(len(x_train), -1), dtype=torch.float32) / 255.0
    x_test = torch.tensor(x_test.reshape(len(x_test), -1), dtype=torch.float32) / 255.0
    y_train = torch.tensor(y_train, dtype=torch.long)
    y_test = torch.tensor(y_test, dtype=torch.long)
    cut = len(x_train) - validation
    return (x_train[:cut], y_train[:cut]), (x_train[cut:], y_train[cut:]), (x_test, y_test)


def build(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def run(args, seed, data):
    (x, y), (xv, yv), (xt, yt) = data
    torch.manual_seed(seed)
    sizes = [x.shape[1]] + args.hidden + [10]
    model = build(sizes)
    weights = [p for n, p in model.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in model.named_parameters() if n.endswith("bias")]
    groups = [{"params": weights, "weight_decay": args.weight_decay}, {"params": biases, "weight_decay": 0.0}]
    if args.optimizer == "adam":
        opt = torch.optim.Adam(groups, lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    else:
        opt = torch.optim.SGD(groups, lr=args.lr, momentum=args.momentum)
    if args.schedule == "cosine":
        rate = lambda e: args.lr * (1 + math.cos(math.pi * min(e, args.epochs) / args.epochs)) / 2
    elif args.schedule == "step":
        rate = lambda e: args.lr * args.lr_gamma ** (e // args.lr_step)
    else:
        rate = lambda e: args.lr
    loss_fn = nn.CrossEntropyLoss()
    seconds = 0.0
    for epoch in range(args.epochs):
        for g in opt.param_groups:
            g["lr"] = rate(epoch)
        model.train()
        order = torch.randperm(len(x))
        start = time.perf_counter()
        for b in range(0, len(x), args.batch_size):
            idx = order[b:b + args.batch_size]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        seconds += time.perf_counter() - start
        print(f"  seed {seed} epoch {epoch + 1}/{args.epochs}: loss {loss.item():.4f}, "
              f"val acc {100 * accuracy(model, xv, yv):.2f}%", flush=True)
    test = accuracy(model, xt, yt)
    return test, len(x) * args.epochs / seconds


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("LANES_DATA", "/usr/share/datasets/fashion-mnist"))
    p.add_argument("--hidden", default="256,128", type=lambda s: [int(v) for v in s.split(",")])
    p.add_argument("--optimizer", default="adam", choices=("adam", "sgd"))
    p.add_argument("--lr", default=0.001, type=float)
    p.add_argument("--momentum", default=0.9, type=float)
    p.add_argument("--schedule", default="cosine", choices=("constant", "step", "cosine"))
    p.add_argument("--lr-step", default=5, type=int)
    p.add_argument("--lr-gamma", default=0.5, type=float)
    p.add_argument("--batch-size", default=128, type=int)
    p.add_argument("--epochs", default=20, type=int)
    p.add_argument("--weight-decay", default=0.0, type=float)
    p.add_argument("--validation", default=10000, type=int)
    p.add_argument("--seeds", default="1", type=lambda s: [int(v) for v in s.split(",")])
    p.add_argument("--threads", default=1, type=int,
                   help="torch.set_num_threads; OpenBLAS keeps its own threads. On the team's 2-core machines 1 is "
                        "fastest: 2 makes PyTorch 3-4x slower (shared/notes/performance-facts.md)")
    p.add_argument("--lanes-summary", help="summary.json of a Lanes run with the same settings, to compare with")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    data = load(args.data, args.validation)
    if os.environ.get("OPENBLAS_CORETYPE"):
        print(f"note: OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} is set; unset it for OpenBLAS's fastest kernels")
    print(f"PyTorch {torch.__version__}, {args.threads} torch thread(s); {len(data[0][0])} train, "
          f"{len(data[1][0])} validation, {len(data[2][0])} test images from {args.data}")
    results = [run(args, seed, data) for seed in args.seeds]
    accuracies = [100 * r[0] for r in results]
    speeds = [r[1] for r in results]
    spread = f" ± {statistics.stdev(accuracies):.2f} (sd over {len(accuracies)} seeds)" if len(accuracies) > 1 else ""
    print(f"PyTorch test accuracy: {statistics.mean(accuracies):.2f}%{spread}: "
          + ", ".join(f"{a:.2f}" for a in accuracies))
    print(f"PyTorch speed: {statistics.median(speeds):,.0f} samples/s (median)")
    if args.lanes_summary:
        with open(args.lanes_summary) as f:
            lanes = json.load(f)
        diff = 100 * lanes["test_accuracy"] - statistics.mean(accuracies)
        print(f"Lanes test accuracy: {100 * lanes['test_accuracy']:.2f}% ({lanes['network']}, {lanes['provider']}), "
              f"{lanes['samples_per_second']:,.0f} samples/s; difference {diff:+.2f} points "
              f"({'within' if abs(diff) <= 0.5 else 'OUTSIDE'} ±0.5)")


if __name__ == "__main__":
    main()
