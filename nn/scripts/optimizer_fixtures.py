#!/usr/bin/python3
"""Writes the PyTorch reference values that OptimizerFixtureTest and ScheduleFixtureTest compare Lanes with.

Run with Debian's python3-torch (PyTorch 1.13), from the repository root:
    /usr/bin/python3 nn/scripts/optimizer_fixtures.py
It rewrites nn/src/test/resources/dev/lanes/nn/optim/torch-optimizers.txt and torch-schedules.txt; the tests
read only those files, so the build needs no Python.

Every number is written with repr(), which round-trips a float64 exactly (Java's Double.parseDouble reads it
back bit for bit). Optimiser cases run in float64 on the parameters of an nn.Linear(3, 2), whose gradients
for each step are written too, so the Java side replays exactly the same inputs.

Line formats (space-separated):
    opt <case> init <tensor> <values...>            parameters before the first step
    opt <case> grad <step> <tensor> <values...>     the gradient given to step <step> (from 1)
    opt <case> after <step> <tensor> <values...>    the parameters after step <step>
    clip <case> before <tensor> <values...>         gradients before clipping
    clip <case> after <tensor> <values...>          gradients after clipping
    clip <case> norm <value>                        clip_grad_norm_'s return value
    sched <case> lr <values...>                     the learning rate of steps 0, 1, ... (before each step)
    sched <case> momentum <values...>               the momentum (SGD) or beta1 (Adam) of each step
    sched <case> metric <values...>                 the metric given to ReduceLROnPlateau after each epoch
"""
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "dev", "lanes", "nn", "optim")
STEPS = 5


def values(tensor):
    return " ".join(repr(float(v)) for v in tensor.detach().reshape(-1).tolist())


def layer():
    torch.manual_seed(0)
    linear = torch.nn.Linear(3, 2).double()
    return linear


def gradient(step, k, shape):
    n = 1
    for d in shape:
        n *= d
    g = [0.5 * math.sin(1 + 7 * step + 3 * k + i) + 0.1 * k for i in range(n)]
    return torch.tensor(g, dtype=torch.float64).reshape(shape)


# name -> (function of (weight, bias) returning an optimiser); "weights only" cases give biases no decay,
# which is what Lanes does by default.
OPTIMISERS = {
    "sgd-nesterov": lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, nesterov=True),
    "sgd-momentum-decay-all": lambda w, b: torch.optim.SGD([w, b], lr=0.05, momentum=0.5, weight_decay=0.1),
    "sgd-nesterov-weights-only": lambda w, b: torch.optim.SGD(
        [{"params": [w]}, {"params": [b], "weight_decay": 0}], lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.05),
    "adam-coupled-decay-all": lambda w, b: torch.optim.Adam([w, b], lr=0.01, weight_decay=0.1),
    "adamw-defaults": lambda w, b: torch.optim.AdamW([w, b], lr=1e-3),
    "adamw-weights-only": lambda w, b: torch.optim.AdamW(
        [{"params": [w]}, {"params": [b], "weight_decay": 0}], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    "rmsprop-defaults": lambda w, b: torch.optim.RMSprop([w, b], lr=0.01),
    "rmsprop-centered-momentum-decay-all": lambda w, b: torch.optim.RMSprop(
        [w, b], lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.9, centered=True),
    "rmsprop-momentum-weights-only": lambda w, b: torch.optim.RMSprop(
        [{"params": [w]}, {"params": [b], "weight_decay": 0}], lr=0.001, momentum=0.5, weight_decay=0.1),
    "adagrad-defaults": lambda w, b: torch.optim.Adagrad([w, b], lr=0.01),
    "adagrad-decay-all": lambda w, b: torch.optim.Adagrad(
        [w, b], lr=0.1, lr_decay=0.1, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-8),
}


def optimiser_lines():
    lines = []
    for name, make in OPTIMISERS.items():
        linear = layer()
        params = {"weight": linear.weight, "bias": linear.bias}
        optimiser = make(linear.weight, linear.bias)
        for tensor, p in params.items():
            lines.append(f"opt {name} init {tensor} {values(p)}")
        for step in range(1, STEPS + 1):
            for k, (tensor, p) in enumerate(params.items()):
                p.grad = gradient(step, k, p.shape)
                lines.append(f"opt {name} grad {step} {tensor} {values(p.grad)}")
            optimiser.step()
            for tensor, p in params.items():
                lines.append(f"opt {name} after {step} {tensor} {values(p)}")
    return lines


def clip_lines():
    lines = []
    for name, clip in (("norm-1", lambda ps: torch.nn.utils.clip_grad_norm_(ps, 1.0)),
                       ("norm-100", lambda ps: torch.nn.utils.clip_grad_norm_(ps, 100.0)),
                       ("value-0.5", lambda ps: torch.nn.utils.clip_grad_value_(ps, 0.5))):
        linear = layer()
        params = {"weight": linear.weight, "bias": linear.bias}
        for k, (tensor, p) in enumerate(params.items()):
            p.grad = 3 * gradient(1, k, p.shape)
            lines.append(f"clip {name} before {tensor} {values(p.grad)}")
        norm = clip(list(params.values()))
        for tensor, p in params.items():
            lines.append(f"clip {name} after {tensor} {values(p.grad)}")
        if norm is not None:
            lines.append(f"clip {name} norm {repr(float(norm))}")
    return lines


def one_optimiser(lr=0.1, momentum=0.0, adam=False):
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    if adam:
        return torch.optim.Adam([p], lr=lr)
    return torch.optim.SGD([p], lr=lr, momentum=momentum)


def run_epochs(name, optimiser, scheduler, epochs):
    rates = []
    for _ in range(epochs):
        rates.append(optimiser.param_groups[0]["lr"])
        optimiser.step()
        scheduler.step()
    return [f"sched {name} lr " + " ".join(repr(float(r)) for r in rates)]


def schedule_lines():
    s = torch.optim.lr_scheduler
    lines = []
    o = one_optimiser()
    lines += run_epochs("linear-defaults", o, s.LinearLR(o), 10)
    o = one_optimiser()
    lines += run_epochs("linear-decay", o, s.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=4), 8)
    o = one_optimiser()
    lines += run_epochs("exponential", o, s.ExponentialLR(o, gamma=0.9), 10)
    o = one_optimiser()
    lines += run_epochs("warmup-exponential", o, s.ChainedScheduler(
        [s.LinearLR(o, start_factor=0.25, total_iters=3), s.ExponentialLR(o, gamma=0.8)]), 8)
    o = one_optimiser()
    lines += run_epochs("warmup-step", o, s.ChainedScheduler(
        [s.LinearLR(o, start_factor=0.5, total_iters=2), s.StepLR(o, step_size=3, gamma=0.5)]), 8)
    # One-cycle over 4 epochs of 7 batches, stepped per batch, with the momentum it cycles.
    for name, optimiser, kwargs in (
            ("one-cycle-sgd", one_optimiser(momentum=0.9), {}),
            ("one-cycle-adam", one_optimiser(adam=True), {}),
            ("one-cycle-custom", one_optimiser(momentum=0.9),
             {"pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0, "base_momentum": 0.8, "max_momentum": 0.9})):
        scheduler = s.OneCycleLR(optimiser, max_lr=0.1, epochs=4, steps_per_epoch=7, **kwargs)
        rates, momenta = [], []
        for _ in range(28):
            group = optimiser.param_groups[0]
            rates.append(group["lr"])
            momenta.append(group["betas"][0] if "betas" in group else group["momentum"])
            optimiser.step()
            scheduler.step()
        lines.append(f"sched {name} lr " + " ".join(repr(float(r)) for r in rates))
        lines.append(f"sched {name} momentum " + " ".join(repr(float(m)) for m in momenta))
    # ReduceLROnPlateau: the rate of each epoch, the metric given after it.
    plateau_cases = (
        ("plateau-defaults", {}, [1.0, 0.9, 0.8] + [0.8] * 12 + [0.79999] + [0.5] + [0.6] * 12),
        ("plateau-max-abs-cooldown", {"mode": "max", "factor": 0.5, "patience": 2, "threshold": 0.01,
                                      "threshold_mode": "abs", "cooldown": 1, "min_lr": 0.02},
         [0.5, 0.6, 0.605, 0.61, 0.612, 0.7, 0.7, 0.7, 0.7, 0.71, 0.709, 0.72, 0.72, 0.72, 0.72, 0.72, 0.72, 0.72, 0.72, 0.72]),
        ("plateau-min-abs", {"threshold": 0.05, "threshold_mode": "abs", "patience": 1, "factor": 0.3},
         [2.0, 1.9, 1.97, 1.5, 1.48, 1.47, 1.2, 1.19, 1.0, 1.0, 0.99, 0.98]),
    )
    for name, kwargs, metrics in plateau_cases:
        o = one_optimiser()
        scheduler = s.ReduceLROnPlateau(o, **kwargs)
        rates = []
        for metric in metrics:
            rates.append(o.param_groups[0]["lr"])
            o.step()
            scheduler.step(metric)
        rates.append(o.param_groups[0]["lr"])
        lines.append(f"sched {name} metric " + " ".join(repr(float(m)) for m in metrics))
        lines.append(f"sched {name} lr " + " ".join(repr(float(r)) for r in rates))
    return lines


def write(name, lines):
    header = [f"# Generated by nn/scripts/optimizer_fixtures.py with PyTorch {torch.__version__}; do not edit."]
    with open(os.path.join(OUT, name), "w") as f:
        f.write("\n".join(header + lines) + "\n")


if __name__ == "__main__":
    if not torch.__version__.startswith("1.13"):
        sys.exit(f"expected PyTorch 1.13 (Debian's python3-torch), found {torch.__version__}")
    os.makedirs(OUT, exist_ok=True)
    write("torch-optimizers.txt", optimiser_lines() + clip_lines())
    write("torch-schedules.txt", schedule_lines())
