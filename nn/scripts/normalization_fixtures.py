#!/usr/bin/env python3
"""Write the PyTorch 1.13 reference values that NormalizationFixtureTest compares Lanes' BatchNorm1d and LayerNorm with.

    python3 nn/scripts/normalization_fixtures.py [OUT.safetensors]

Default OUT: nn/src/test/resources/dev/lanes/nn/layers/normalization-pytorch.safetensors (committed, so the tests
need no Python). Everything is float64 and seeded, so a rerun writes the same bytes. Tensors:

  bn.weight, bn.bias                 BatchNorm1d(5)'s affine parameters, set to random values before step 0
  bn.step<t>.x, .grad_out            the training batch of step t (8 x 5) and the gradient fed back
  bn.step<t>.y, .dx, .dweight, .dbias   output and gradients of that step (parameter gradients of this step alone)
  bn.step<t>.running_mean, .running_var, .num_batches_tracked   the buffers after step t
  bn.eval.x, .grad_out, .y, .dx, .dweight, .dbias   a batch of 3 in eval mode after the steps
  bnx.*                              the same for BatchNorm1d(5, eps=1e-3, momentum=0.3, affine=False) (no parameters)
  ln.weight, ln.bias, ln.x, ln.grad_out, ln.y, ln.dx, ln.dweight, ln.dbias   LayerNorm(6) on a 4 x 6 batch
  lnx.*                              LayerNorm(6, eps=1e-3, elementwise_affine=False)

Needs torch and numpy (Debian: python3-torch).
"""
import json
import struct
import sys

import numpy as np
import torch

STEPS = 3


def write_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        data = np.ascontiguousarray(t.detach().numpy().astype("<f8")).tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text.encode("utf-8"))
        for chunk in chunks:
            f.write(chunk)


def batch_norm(prefix, module, out, rows=8):
    features = module.num_features
    if module.affine:
        with torch.no_grad():
            module.weight.copy_(torch.rand(features, dtype=torch.float64) + 0.5)
            module.bias.copy_(torch.randn(features, dtype=torch.float64))
        out[prefix + ".weight"] = module.weight.detach().clone()
        out[prefix + ".bias"] = module.bias.detach().clone()
    module.train()
    for step in range(STEPS):
        x = (torch.randn(rows, features, dtype=torch.float64) * 2 + 3).requires_grad_(True)
        grad_out = torch.randn(rows, features, dtype=torch.float64)
        module.zero_grad()
        y = module(x)
        y.backward(grad_out)
        p = f"{prefix}.step{step}."
        out[p + "x"], out[p + "grad_out"], out[p + "y"], out[p + "dx"] = x.detach(), grad_out, y.detach(), x.grad.detach()
        if module.affine:
            out[p + "dweight"], out[p + "dbias"] = module.weight.grad.detach().clone(), module.bias.grad.detach().clone()
        out[p + "running_mean"] = module.running_mean.detach().clone()
        out[p + "running_var"] = module.running_var.detach().clone()
        out[p + "num_batches_tracked"] = module.num_batches_tracked.detach().to(torch.float64).clone()
    module.eval()
    x = (torch.randn(3, features, dtype=torch.float64) * 2 + 3).requires_grad_(True)
    grad_out = torch.randn(3, features, dtype=torch.float64)
    module.zero_grad()
    y = module(x)
    y.backward(grad_out)
    p = prefix + ".eval."
    out[p + "x"], out[p + "grad_out"], out[p + "y"], out[p + "dx"] = x.detach(), grad_out, y.detach(), x.grad.detach()
    if module.affine:
        out[p + "dweight"], out[p + "dbias"] = module.weight.grad.detach().clone(), module.bias.grad.detach().clone()


def layer_norm(prefix, module, out, rows=4):
    features = module.normalized_shape[0]
    if module.elementwise_affine:
        with torch.no_grad():
            module.weight.copy_(torch.rand(features, dtype=torch.float64) + 0.5)
            module.bias.copy_(torch.randn(features, dtype=torch.float64))
        out[prefix + ".weight"] = module.weight.detach().clone()
        out[prefix + ".bias"] = module.bias.detach().clone()
    x = (torch.randn(rows, features, dtype=torch.float64) * 2 + 3).requires_grad_(True)
    grad_out = torch.randn(rows, features, dtype=torch.float64)
    y = module(x)
    y.backward(grad_out)
    out[prefix + ".x"], out[prefix + ".grad_out"], out[prefix + ".y"], out[prefix + ".dx"] = x.detach(), grad_out, y.detach(), x.grad.detach()
    if module.elementwise_affine:
        out[prefix + ".dweight"], out[prefix + ".dbias"] = module.weight.grad.detach().clone(), module.bias.grad.detach().clone()


def main(argv):
    path = argv[1] if len(argv) > 1 else "nn/src/test/resources/dev/lanes/nn/layers/normalization-pytorch.safetensors"
    torch.manual_seed(12)
    out = {}
    batch_norm("bn", torch.nn.BatchNorm1d(5).double(), out)
    batch_norm("bnx", torch.nn.BatchNorm1d(5, eps=1e-3, momentum=0.3, affine=False).double(), out)
    layer_norm("ln", torch.nn.LayerNorm(6).double(), out)
    layer_norm("lnx", torch.nn.LayerNorm(6, eps=1e-3, elementwise_affine=False).double(), out)
    write_safetensors(path, out)
    print(f"wrote {len(out)} tensors to {path} (torch {torch.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
