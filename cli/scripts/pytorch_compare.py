#!/usr/bin/env python3
"""Train the same network as `./lanes train` with PyTorch, for an accuracy and speed comparison.

Same data (the IDX files, the last --validation N training images held out, pixels scaled to [0,1]), same
network (Linear -> BatchNorm1d/LayerNorm -> activation -> Dropout stacks, PyTorch's default initialisation, which
Lanes also uses), same optimiser, learning rate, schedule (per epoch, one-cycle per batch), warm-up, clipping,
early stopping, augmentation (the same shift and flip semantics), batch size and epochs, with `lanes train`'s
defaults; weight decay is applied to Linear weights only, as Lanes does. Different random streams, so compare
over a few seeds, not one run.

    /usr/bin/python3 cli/scripts/pytorch_compare.py --seeds 1,2,3 \
        --lanes-summary runs/s1/summary.json,runs/s2/summary.json,runs/s3/summary.json

For a speed comparison give PyTorch its best, as cli/scripts/main_job_sitting.sh does: OPENBLAS_CORETYPE unset
(the team's machines preset it to Haswell, which slows OpenBLAS), OPENBLAS_NUM_THREADS and OMP_NUM_THREADS equal to
--threads (OpenBLAS reads them when it loads), and glibc's heap kept mapped (MALLOC_MMAP_THRESHOLD_=268435456
MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456), as benchmarks/pytorch/peer.py does:

    env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 cli/scripts/pytorch_compare.py

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


ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "gelu": nn.GELU, "gelu-tanh": lambda: nn.GELU(approximate="tanh"),
               "elu": nn.ELU, "silu": nn.SiLU, "softplus": nn.Softplus}


def activation(name):
    """As `lanes train --activation`: leaky-relu[:SLOPE] (0.01 by default) or one of ACTIVATIONS."""
    if name.startswith("leaky-relu"):
        return nn.LeakyReLU(float(name.split(":")[1]) if ":" in name else 0.01)
    return ACTIVATIONS[name]()


def build(sizes, args):
    """Linear -> (BatchNorm1d | LayerNorm) -> activation -> (Dropout) per hidden layer, as Lanes' NetworkOptions."""
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            if args.batch_norm and not args.layer_norm:
                layers.append(nn.BatchNorm1d(sizes[i + 1]))
            elif args.layer_norm:
                layers.append(nn.LayerNorm(sizes[i + 1]))
            layers.append(activation(args.activation))
            if args.dropout > 0:
                layers.append(nn.Dropout(args.dropout))
    return nn.Sequential(*layers)


def parse_augment(text, side):
    """`--augment shift=N[,flip]`, flip or none -> (N, flip) or None."""
    if text == "none":
        return None
    shift, flip = None, False
    for part in text.split(","):
        if part.startswith("shift="):
            shift = int(part[len("shift="):])
        elif part == "flip":
            flip = True
        else:
            sys.exit(f"--augment {text}: expected shift=N[,flip] or none")
    if shift is None and flip:
        shift = 0  # "flip" alone: mirror only
    if shift is None or not 0 <= shift < side:
        sys.exit(f"--augment {text}: shift=N with N in [0, {side}) is required")
    return shift, flip


def augment(batch, side, shift, flip):
    """Lanes' RandomShift: pixel (x, y) of the result is pixel (x - dx, y - dy) of the image (mirrored left-right
    with probability 1/2 first when flip), 0 outside it; dx, dy uniform in [-shift, shift]. Its own random stream."""
    n = batch.shape[0]
    images = batch.view(n, side, side)
    if flip:
        mirror = torch.rand(n) < 0.5
        images = torch.where(mirror[:, None, None], images.flip(-1), images)
    if shift > 0:
        padded = nn.functional.pad(images, (shift, shift, shift, shift))
        dy = torch.randint(-shift, shift + 1, (n,))
        dx = torch.randint(-shift, shift + 1, (n,))
        rows = (torch.arange(side)[None, :] - dy[:, None] + shift)[:, :, None]
        cols = (torch.arange(side)[None, :] - dx[:, None] + shift)[:, None, :]
        images = padded[torch.arange(n)[:, None, None], rows, cols]
    return images.reshape(n, side * side)


def make_optimizer(args, groups):
    """With PyTorch's defaults, as `lanes train --optimizer` (AdamW's decay 0.01 and RMSprop's momentum 0 unless given)."""
    if args.optimizer in ("sgd", "nesterov"):
        return torch.optim.SGD(groups, lr=args.lr, momentum=args.momentum, nesterov=args.optimizer == "nesterov")
    if args.optimizer == "adam":
        return torch.optim.Adam(groups, lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    if args.optimizer == "adamw":
        return torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    if args.optimizer == "rmsprop":
        return torch.optim.RMSprop(groups, lr=args.lr, alpha=0.99, eps=1e-8,
                                   momentum=args.momentum if args.momentum_given else 0.0)
    return torch.optim.Adagrad(groups, lr=args.lr, eps=1e-10)


def epoch_rate(args, e):
    """The per-epoch schedules in closed form, times the linear warm-up (LinearLR(start_factor=0.1)) if any."""
    if args.schedule == "cosine":
        base = args.lr * (1 + math.cos(math.pi * min(e, args.epochs) / args.epochs)) / 2
    elif args.schedule == "step":
        base = args.lr * args.lr_gamma ** (e // args.lr_step)
    elif args.schedule == "exponential":
        base = args.lr * args.lr_gamma ** e
    else:
        base = args.lr
    if args.warmup > 0:
        base *= 0.1 + 0.9 * min(e, args.warmup) / args.warmup
    return base


def evaluate(model, x, y, loss_fn):
    model.eval()
    with torch.no_grad():
        scores = model(x)
        return loss_fn(scores, y).item(), (scores.argmax(dim=1) == y).float().mean().item()


def run(args, seed, data):
    (x, y), (xv, yv), (xt, yt) = data
    torch.manual_seed(seed)
    side = int(round(math.sqrt(x.shape[1])))
    shift = parse_augment(args.augment, side)
    sizes = [x.shape[1]] + args.hidden + [10]
    model = build(sizes, args)
    # Lanes decays Linear weights only (not biases, not the normalisations' scale and shift).
    decayed = [m.weight for m in model if isinstance(m, nn.Linear)]
    rest = [p for p in model.parameters() if all(p is not d for d in decayed)]
    decay = args.weight_decay if args.weight_decay is not None else (0.01 if args.optimizer == "adamw" else 0.0)
    opt = make_optimizer(args, [{"params": decayed, "weight_decay": decay}, {"params": rest, "weight_decay": 0.0}])
    batches = (len(x) + args.batch_size - 1) // args.batch_size
    cycle = plateau = None
    if args.schedule == "one-cycle":
        # As Lanes: cycled where the optimiser has a momentum (SGD and RMSprop with momentum > 0, Adam's beta1).
        cycles_momentum = args.optimizer in ("adam", "adamw") or (
            args.optimizer in ("sgd", "nesterov") and args.momentum > 0) or (
            args.optimizer == "rmsprop" and args.momentum_given and args.momentum > 0)
        cycle = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=batches,
                                                    cycle_momentum=cycles_momentum)
    elif args.schedule == "plateau":
        plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)
    loss_fn = nn.CrossEntropyLoss()
    best, best_state, waited = math.inf, None, 0
    seconds = 0.0
    for epoch in range(args.epochs):
        if cycle is None and plateau is None:
            for g in opt.param_groups:
                g["lr"] = epoch_rate(args, epoch)
        model.train()
        order = torch.randperm(len(x))
        start = time.perf_counter()
        for b in range(0, len(x), args.batch_size):
            idx = order[b:b + args.batch_size]
            inputs = x[idx] if shift is None else augment(x[idx], side, *shift)
            opt.zero_grad()
            loss = loss_fn(model(inputs), y[idx])
            loss.backward()
            if args.clip_norm is not None:
                nn.utils.clip_grad_norm_(model.parameters(), args.clip_norm)
            opt.step()
            if cycle is not None:
                cycle.step()
        seconds += time.perf_counter() - start
        val_loss, val_acc = evaluate(model, xv, yv, loss_fn) if len(xv) else (math.nan, math.nan)
        print(f"  seed {seed} epoch {epoch + 1}/{args.epochs}: loss {loss.item():.4f}, val acc {100 * val_acc:.2f}%", flush=True)
        if plateau is not None:
            plateau.step(val_loss)
        if args.early_stopping is not None:
            if val_loss < best:
                best, best_state, waited = val_loss, {k: v.clone() for k, v in model.state_dict().items()}, 0
            else:
                waited += 1
                if waited >= args.early_stopping:
                    break
    if best_state is not None:
        model.load_state_dict(best_state)
    test = evaluate(model, xt, yt, loss_fn)[1]
    return test, len(x) * (epoch + 1) / seconds


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("LANES_DATA", "/usr/share/datasets/fashion-mnist"))
    p.add_argument("--hidden", default="512,128", type=lambda s: [int(v) for v in s.split(",")])
    p.add_argument("--activation", default="relu")
    # The defaults are `lanes train`'s.
    p.add_argument("--dropout", default=0.1, type=float)
    p.add_argument("--batch-norm", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--layer-norm", action="store_true")
    p.add_argument("--optimizer", default="adam", choices=("sgd", "nesterov", "adam", "adamw", "rmsprop", "adagrad"))
    p.add_argument("--lr", default=0.001, type=float)
    p.add_argument("--momentum", default=None, type=float)
    p.add_argument("--schedule", default="cosine",
                   choices=("constant", "step", "cosine", "exponential", "plateau", "one-cycle"))
    p.add_argument("--lr-step", default=5, type=int)
    p.add_argument("--lr-gamma", default=0.5, type=float)
    p.add_argument("--warmup", default=0, type=int)
    p.add_argument("--clip-norm", default=None, type=float)
    p.add_argument("--early-stopping", default=None, type=int)
    p.add_argument("--augment", default="flip")
    p.add_argument("--batch-size", default=64, type=int)
    p.add_argument("--epochs", default=30, type=int)
    p.add_argument("--weight-decay", default=None, type=float)
    p.add_argument("--validation", default=0, type=int)
    p.add_argument("--seeds", default="1", type=lambda s: [int(v) for v in s.split(",")])
    p.add_argument("--threads", default=1, type=int,
                   help="torch.set_num_threads; OpenBLAS keeps its own threads. On the team's 2-core machines 1 is "
                        "fastest: 2 makes PyTorch 3-4x slower (shared/notes/performance-facts.md)")
    p.add_argument("--lanes-summary", type=lambda s: s.split(","),
                   help="summary.json of Lanes runs with the same settings (comma-separated, e.g. one per seed), "
                        "to compare their mean with")
    args = p.parse_args()
    args.momentum_given = args.momentum is not None
    if args.momentum is None:
        args.momentum = 0.9

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
        lanes = []
        for path in args.lanes_summary:
            with open(path) as f:
                lanes.append(json.load(f))
        lanes_accuracies = [100 * run["test_accuracy"] for run in lanes]
        diff = statistics.mean(lanes_accuracies) - statistics.mean(accuracies)
        print(f"Lanes test accuracy: {statistics.mean(lanes_accuracies):.2f}% over {len(lanes)} run(s): "
              + ", ".join(f"{a:.2f}" for a in lanes_accuracies)
              + f" ({lanes[0]['network']}, {lanes[0]['provider']}), "
              f"{statistics.median(run['samples_per_second'] for run in lanes):,.0f} samples/s; difference {diff:+.2f} points "
              f"({'within' if abs(diff) <= 0.5 else 'OUTSIDE'} +-0.5)")


if __name__ == "__main__":
    main()
