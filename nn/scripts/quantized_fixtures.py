#!/usr/bin/env python3
"""Write the PyTorch 1.13 files that QuantizedPyTorchFixtureTest reads.

    /usr/bin/python3 nn/scripts/quantized_fixtures.py [OUT_DIR]

Default OUT_DIR: nn/src/test/resources/dev/lanes/nn/quant (committed, so the tests need no Python). Seeded, so a
rerun writes the same bytes. Files:

  pytorch-bf16.safetensors  the state_dict of nn.Sequential(Linear(37, 20), ReLU(), Linear(20, 3)) after
                            model.to(torch.bfloat16): every tensor BF16, as PyTorch stores it (no Lanes metadata)
  pytorch-f16.safetensors   the same model after model.half(): every tensor F16
  reference.safetensors     fp32.<name>      the float32 parameters before conversion (F32)
                            x                a batch of 4 inputs (F32)
                            bf16.y, f16.y    the outputs of the float32 model with PyTorch's widened weights and
                                             biases (tensor.to(torch.bfloat16).float()), computed in float64 (F64)
                            int8.<i>.q, int8.<i>.scale   torch.quantize_per_channel of each float32 weight with
                                             scale = max|w_row| / 127, zero point 0, axis 0, qint8: int_repr (I8)
                                             and scales (F32)

Needs torch and numpy (Debian: python3-torch).
"""
import json
import os
import struct
import sys

import numpy as np
import torch


def write_safetensors(path, tensors):
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if t.dtype == torch.bfloat16:
            dtype, data = "BF16", t.view(torch.int16).numpy().astype("<i2").tobytes()
        elif t.dtype == torch.float16:
            dtype, data = "F16", t.numpy().astype("<f2").tobytes()
        elif t.dtype == torch.float32:
            dtype, data = "F32", t.numpy().astype("<f4").tobytes()
        elif t.dtype == torch.float64:
            dtype, data = "F64", t.numpy().astype("<f8").tobytes()
        elif t.dtype == torch.int8:
            dtype, data = "I8", t.numpy().astype("i1").tobytes()
        else:
            raise ValueError(t.dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text.encode("utf-8"))
        for chunk in chunks:
            f.write(chunk)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "nn/src/test/resources/dev/lanes/nn/quant"
    torch.manual_seed(16)
    model = torch.nn.Sequential(torch.nn.Linear(37, 20), torch.nn.ReLU(), torch.nn.Linear(20, 3))
    x = torch.randn(4, 37)
    fp32 = {k: v.clone() for k, v in model.state_dict().items()}
    reference = {"fp32." + k: v for k, v in fp32.items()}
    reference["x"] = x
    for name, dtype in (("bf16", torch.bfloat16), ("f16", torch.float16)):
        narrow = {k: v.to(dtype) for k, v in fp32.items()}
        write_safetensors(os.path.join(out, "pytorch-" + name + ".safetensors"), narrow)
        wide = torch.nn.Sequential(torch.nn.Linear(37, 20), torch.nn.ReLU(), torch.nn.Linear(20, 3)).double()
        wide.load_state_dict({k: v.double() for k, v in narrow.items()})
        with torch.no_grad():
            reference[name + ".y"] = wide(x.double())
    for i in (0, 2):
        w = fp32[str(i) + ".weight"]
        scales = w.abs().amax(dim=1) / 127
        q = torch.quantize_per_channel(w, scales.double(), torch.zeros(w.shape[0], dtype=torch.long), 0, torch.qint8)
        reference["int8.%d.q" % i] = q.int_repr()
        reference["int8.%d.scale" % i] = scales
    write_safetensors(os.path.join(out, "reference.safetensors"), reference)


if __name__ == "__main__":
    main()
