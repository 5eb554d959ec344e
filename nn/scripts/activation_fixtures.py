#!/usr/bin/env python3
"""Writes the PyTorch reference values of Lanes' activation layers (nn/src/test/resources/.../activations.json).

    /usr/bin/python3 nn/scripts/activation_fixtures.py     # Debian's python3-torch (PyTorch 1.13)

For each layer, given as the architecture JSON Lanes writes for it ({"type": "GELU", "approximate": "tanh"}), the
script runs the same torch.nn module in float32 and float64 on a batch of inputs (rows of a [batch, features]
matrix, with large |x| where exp and erf saturate) and records the outputs and the input gradient for a fixed
upstream gradient dy (so that softmax's gradient is not zero). ActivationFixturesTest reads the file; the test
needs no Python.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "dev", "lanes", "nn", "layers",
                   "activations.json")

ELEMENTWISE_X = [-90.0, -30.0, -12.0, -8.0, -5.0, -3.0, -1.5, -1.0, -0.75, -0.5, -0.1, -1e-3, -1e-6, 0.0,
                 1e-6, 1e-3, 0.1, 0.5, 0.75, 1.0, 1.5, 3.0, 5.0, 8.0, 12.0, 30.0, 90.0]
SOFTPLUS_X = ELEMENTWISE_X + [9.5, 10.5, 19.5, 20.5]
ROWS_X = [[-3.0, 0.5, 2.0, 7.5, -0.25], [100.0, 99.0, -100.0, 0.0, 98.5], [1e-3, -1e-3, 0.0, 2e-3, 5.0]]

CASES = [
    ({"type": "Tanh"}, torch.nn.Tanh(), ELEMENTWISE_X),
    ({"type": "GELU", "approximate": "none"}, torch.nn.GELU(approximate="none"), ELEMENTWISE_X),
    ({"type": "GELU", "approximate": "tanh"}, torch.nn.GELU(approximate="tanh"), ELEMENTWISE_X),
    ({"type": "LeakyReLU", "negative_slope": 0.01}, torch.nn.LeakyReLU(0.01), ELEMENTWISE_X),
    ({"type": "LeakyReLU", "negative_slope": 0.2}, torch.nn.LeakyReLU(0.2), ELEMENTWISE_X),
    ({"type": "ELU", "alpha": 1.0}, torch.nn.ELU(1.0), ELEMENTWISE_X),
    ({"type": "ELU", "alpha": 0.5}, torch.nn.ELU(0.5), ELEMENTWISE_X),
    ({"type": "SiLU"}, torch.nn.SiLU(), ELEMENTWISE_X),
    ({"type": "Softplus", "beta": 1.0, "threshold": 20.0}, torch.nn.Softplus(1.0, 20.0), SOFTPLUS_X),
    ({"type": "Softplus", "beta": 2.0, "threshold": 20.0}, torch.nn.Softplus(2.0, 20.0), SOFTPLUS_X),
    ({"type": "Softplus", "beta": 0.5, "threshold": 5.0}, torch.nn.Softplus(0.5, 5.0), SOFTPLUS_X),
    ({"type": "Softmax", "dim": -1}, torch.nn.Softmax(dim=-1), ROWS_X),
    ({"type": "LogSoftmax", "dim": -1}, torch.nn.LogSoftmax(dim=-1), ROWS_X),
]


def rows(x):
    return x if isinstance(x[0], list) else [x]


def upstream(shape):
    """dy: varied, of both signs, the same in both precisions."""
    n = shape[0] * shape[1]
    return [[math.cos(1.7 * (r * shape[1] + c)) for c in range(shape[1])] for r in range(shape[0])]


def run(module, x, dtype):
    xt = torch.tensor(x, dtype=dtype, requires_grad=True)
    y = module(xt)
    dy = torch.tensor(upstream(list(xt.shape)), dtype=dtype)
    y.backward(dy)
    return {"y": y.detach().tolist(), "dx": xt.grad.tolist()}


def main():
    cases = []
    for spec, module, x in CASES:
        x = rows(x)
        cases.append({
            "layer": spec,
            "x": x,
            "dy": upstream([len(x), len(x[0])]),
            "float32": run(module, x, torch.float32),
            "float64": run(module, x, torch.float64),
        })
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT), "with", len(cases), "cases, torch", torch.__version__)


if __name__ == "__main__":
    main()
