#!/usr/bin/env python3
"""Load a Lanes model file into the equivalent PyTorch nn.Sequential, strictly, and compare predictions.

    python3 load_in_torch.py MODEL.safetensors [CHECK.safetensors]

MODEL is a file written by Lanes' ModelFile.save: its __metadata__ holds the architecture
("lanes.architecture", a JSON list of layers named as torch.nn names them, with their keyword arguments:
Linear (with "bias": false for one without), the activations, Dropout, BatchNorm1d and LayerNorm) and its
tensors are named as nn.Sequential's state_dict names them ("0.weight", "0.bias", "1.running_mean",
"1.num_batches_tracked", ...). The script builds that nn.Sequential, loads the tensors with
load_state_dict(strict=True) and prints the model. Lanes stores num_batches_tracked in the model's dtype;
load_state_dict copies it into PyTorch's int64 buffer.

CHECK, optional, is a safetensors file with two tensors, "inputs" [n, features] and "probabilities"
[n, classes], the softmax of the Lanes model's outputs for those inputs (SafeTensors.write). The script
runs the PyTorch model on the inputs and reports the largest difference of the probabilities and whether
the predicted classes agree; it exits with status 1 if they do not.

Needs only torch and numpy (Debian: python3-torch). The safetensors package is used when present; otherwise
the format (8-byte little-endian header length, JSON header, raw little-endian data) is read here.
"""
import json
import struct
import sys

import numpy as np
import torch

DTYPES = {"F32": np.float32, "F64": np.float64}


def read_safetensors(path):
    """Returns ({name: torch.Tensor}, metadata dict)."""
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + header_len:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np.dtype(DTYPES[info["dtype"]]).newbyteorder("<"))
        tensors[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
    return tensors, metadata


# The layers a Lanes architecture may name: torch.nn's class of the same name, built with the keyword arguments
# the architecture holds (in_features, out_features, approximate, negative_slope, alpha, beta, threshold, dim).
LAYER_TYPES = ("Linear", "ReLU", "Sigmoid", "Tanh", "GELU", "LeakyReLU", "ELU", "SiLU", "Softplus", "Softmax",
               "LogSoftmax", "Dropout", "BatchNorm1d", "LayerNorm")


def build(architecture):
    layers = []
    for spec in json.loads(architecture):
        kind = spec.pop("type")
        if kind not in LAYER_TYPES:
            raise ValueError("unknown layer type " + kind)
        layers.append(getattr(torch.nn, kind)(**spec))
    return torch.nn.Sequential(*layers)


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    tensors, metadata = read_safetensors(argv[1])
    model = build(metadata["lanes.architecture"])
    dtype = next(iter(tensors.values())).dtype
    model = model.to(dtype)
    model.load_state_dict(tensors, strict=True)
    model.eval()
    print(model)
    if len(argv) == 3:
        check, _ = read_safetensors(argv[2])
        with torch.no_grad():
            probabilities = torch.softmax(model(check["inputs"].to(dtype)), dim=1)
        expected = check["probabilities"].to(dtype)
        difference = (probabilities - expected).abs().max().item()
        same_classes = bool((probabilities.argmax(dim=1) == expected.argmax(dim=1)).all())
        print(f"max |p_torch - p_lanes| = {difference:.3g}; same predicted classes: {same_classes}")
        tolerance = 1e-5 if dtype == torch.float32 else 1e-12
        if difference > tolerance or not same_classes:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
