#!/usr/bin/env python3
"""Write the ONNX files lanes-onnx's import tests read, as exporters write them, with their expected outputs.

    /usr/bin/python3 onnx/scripts/make_fixtures.py [--data /usr/share/datasets/fashion-mnist] [--layers-only]

Needs Debian's python3-torch (PyTorch 1.13) and python3-onnx (ONNX 1.12). The output, committed under
onnx/src/test/resources/dev/lanes/onnx/fixtures/, lets the tests run without Python. For each NAME.onnx it
writes NAME.input.pb and NAME.output.pb, ONNX TensorProtos as in ONNX's own test data sets: an input batch and
what PyTorch (or, for graphs written by hand, numpy in float64 rounded once) computes from it.

  torch_gemm.onnx        torch.onnx.export of nn.Sequential(Flatten, Linear, ReLU, Linear, Sigmoid, Linear) on a
                         [batch, 1, 3, 4] input: Flatten, Gemm (transB = 1), Relu, Sigmoid; raw initializers
  torch_matmul_add.onnx  a module computing x.reshape(-1, 12) @ W + b, ReLU, x @ W2 + b2: Reshape, MatMul + Add
  torch_float64.onnx     the Gemm network in float64 (DOUBLE initializers and input)
  handmade_typed.onnx    Gemm with transB = 0, initializers in float_data, Dropout (opset 13, ratio as an input),
                         Identity, Relu, a Constant-node reshape: what other exporters write
  handmade_typed_float64.onnx  the same in DOUBLE, initializers in double_data
  torch_dropout_training.onnx  exported in training mode: Dropout with training_mode true (Lanes refuses it)
  torch_layer_<kind>.onnx  torch.onnx.export at opset 13 (PyTorch 1.13's decompositions) of Linear(10, 16), one
                         layer of every other kind, Linear(16, 4) (softmax and log-softmax last): Tanh, GELU (Erf
                         decomposition), GELU tanh (its decomposition), LeakyReLU (0.01 and 0.2), ELU (0.7), SiLU
                         (Sigmoid, Mul), Softplus (1 and beta 2: Mul, Softplus, Div), Dropout (dropped in eval),
                         BatchNorm1d (random running statistics and affine parameters), LayerNorm (ReduceMean, Sub,
                         Pow, …, with and without the affine Mul/Add; and at opset 17, LayerNormalization), Linear
                         without bias (MatMul); torch_layer_float64_<kind>.onnx: GELU, LayerNorm, BatchNorm1d in float64
  fashion_mnist_mlp.onnx 784-256-128-10 ReLU network trained by PyTorch for one epoch on Fashion-MNIST
                         (seed 0, Adam 1e-3, batch 128), with fashion_mnist_mlp.classes (PyTorch's predicted
                         class of each of the 10,000 test images, one byte each) and its .input.pb/.output.pb
                         (the first 20 test images, pixels / 255, and PyTorch's logits)
"""
import argparse
import gzip
import os
import struct

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "dev", "lanes",
                   "onnx", "fixtures")


def save_pair(name, x, y):
    with open(os.path.join(OUT, name + ".input.pb"), "wb") as f:
        f.write(numpy_helper.from_array(np.ascontiguousarray(x), "input").SerializeToString())
    with open(os.path.join(OUT, name + ".output.pb"), "wb") as f:
        f.write(numpy_helper.from_array(np.ascontiguousarray(y), "output").SerializeToString())


def export(name, model, x, opset=14, **kwargs):
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, x, path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=opset, **kwargs)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    with torch.no_grad():
        save_pair(name, x.numpy(), model(x).numpy())


class MatMulAdd(nn.Module):
    """x @ W + b, as exporters of frameworks that store W in×out write a dense layer."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_in, n_out) / n_in ** 0.5)
        self.b = nn.Parameter(torch.randn(n_out) * 0.1)

    def forward(self, x):
        return x @ self.w + self.b


class Reshaped(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = MatMulAdd(12, 8)
        self.second = MatMulAdd(8, 5)

    def forward(self, x):
        return self.second(torch.relu(self.first(x.reshape(-1, 12))))


def gemm_net():
    return nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 6), nn.Sigmoid(), nn.Linear(6, 3))


def handmade(name, dtype):
    rng = np.random.default_rng(7)
    w1 = rng.standard_normal((12, 7)).astype(dtype)    # in × out: Gemm with transB = 0
    b1 = rng.standard_normal(7).astype(dtype)
    w2 = rng.standard_normal((7, 4)).astype(dtype)
    b2 = rng.standard_normal((1, 4)).astype(dtype)
    elem = TensorProto.FLOAT if dtype == np.float32 else TensorProto.DOUBLE

    def typed(tname, array):   # float_data / double_data rather than raw_data
        return helper.make_tensor(tname, elem, array.shape, array.flatten().tolist(), raw=False)

    nodes = [
        helper.make_node("Constant", [], ["shape"], value=helper.make_tensor("shape", TensorProto.INT64, [2], [0, -1], raw=False)),
        helper.make_node("Reshape", ["input", "shape"], ["flat"], name="reshape"),
        helper.make_node("Gemm", ["flat", "w1", "b1"], ["h1"], name="dense1", transB=0),
        helper.make_node("Relu", ["h1"], ["a1"], name="relu1"),
        helper.make_node("Dropout", ["a1", "ratio"], ["d1"], name="dropout1"),
        helper.make_node("Identity", ["d1"], ["i1"], name="identity1"),
        helper.make_node("Gemm", ["i1", "w2", "b2"], ["output"], name="dense2", alpha=1.0, beta=1.0, transA=0, transB=0),
    ]
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("input", elem, ["N", 3, 4])],
        [helper.make_tensor_value_info("output", elem, ["N", 4])],
        [typed("w1", w1), typed("b1", b1), typed("w2", w2), typed("b2", b2),
         helper.make_tensor("ratio", TensorProto.FLOAT, [], [0.25], raw=False)])
    model = helper.make_model(graph, producer_name="make_fixtures.py", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))
    x = rng.standard_normal((5, 3, 4)).astype(dtype)
    h = np.maximum(x.reshape(5, 12).astype(np.float64) @ w1 + b1, 0)
    y = (h @ w2 + b2).astype(dtype)
    save_pair(name, x, y)


def randomised(layer):
    """A normalisation layer as training leaves it: parameters and running statistics away from 1 and 0."""
    with torch.no_grad():
        for name, p in layer.named_parameters():
            p.copy_((1 if name == "weight" else 0) + 0.5 * torch.randn_like(p))
        if isinstance(layer, nn.BatchNorm1d):
            layer.running_mean.normal_(0, 0.5)
            layer.running_var.uniform_(0.25, 2.25)
    return layer


LAYERS = [
    ("tanh", lambda: nn.Tanh()),
    ("gelu", lambda: nn.GELU()),
    ("gelu_tanh", lambda: nn.GELU(approximate="tanh")),
    ("leaky_relu", lambda: nn.LeakyReLU()),
    ("leaky_relu_0_2", lambda: nn.LeakyReLU(0.2)),
    ("elu", lambda: nn.ELU(0.7)),
    ("silu", lambda: nn.SiLU()),
    ("softplus", lambda: nn.Softplus()),
    ("softplus_beta", lambda: nn.Softplus(beta=2)),
    ("dropout", lambda: nn.Dropout(0.3)),
    ("batch_norm", lambda: randomised(nn.BatchNorm1d(16))),
    ("layer_norm", lambda: randomised(nn.LayerNorm(16))),
    ("layer_norm_plain", lambda: nn.LayerNorm(16, eps=1e-3, elementwise_affine=False)),
]


def layer_fixtures():
    torch.manual_seed(2)
    for kind, layer in LAYERS:
        export("torch_layer_" + kind, nn.Sequential(nn.Linear(10, 16), layer(), nn.Linear(16, 4)), torch.randn(5, 10), opset=13)
    export("torch_layer_layer_norm_opset17", nn.Sequential(nn.Linear(10, 16), randomised(nn.LayerNorm(16)), nn.Linear(16, 4)),
           torch.randn(5, 10), opset=17)
    export("torch_layer_softmax", nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 6), nn.Softmax(dim=1)),
           torch.randn(5, 10), opset=13)
    export("torch_layer_log_softmax", nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 6), nn.LogSoftmax(dim=-1)),
           torch.randn(5, 10), opset=13)
    export("torch_layer_no_bias", nn.Sequential(nn.Linear(10, 16, bias=False), nn.ReLU(), nn.Linear(16, 4, bias=False)),
           torch.randn(5, 10), opset=13)
    for kind, layer in [("gelu", lambda: nn.GELU()), ("layer_norm", lambda: randomised(nn.LayerNorm(16))),
                        ("batch_norm", lambda: randomised(nn.BatchNorm1d(16)))]:
        export("torch_layer_float64_" + kind, nn.Sequential(nn.Linear(10, 16), layer(), nn.Linear(16, 4)).double(),
               torch.randn(5, 10, dtype=torch.float64), opset=13)


def read_idx(directory, name):
    with gzip.open(os.path.join(directory, name + ".gz"), "rb") as f:
        data = f.read()
    dims = struct.unpack(">I", data[:4])[0] & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist(directory):
    torch.manual_seed(0)
    x = torch.tensor(read_idx(directory, "train-images-idx3-ubyte").reshape(-1, 784), dtype=torch.float32) / 255
    y = torch.tensor(read_idx(directory, "train-labels-idx1-ubyte"), dtype=torch.long)
    x_test = torch.tensor(read_idx(directory, "t10k-images-idx3-ubyte").reshape(-1, 784), dtype=torch.float32) / 255
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(len(x))
    for start in range(0, len(x), 128):
        batch = order[start:start + 128]
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
        optimizer.step()
    export("fashion_mnist_mlp", model, x_test[:20])
    with torch.no_grad():
        classes = model(x_test).argmax(1).numpy().astype(np.uint8)
    with open(os.path.join(OUT, "fashion_mnist_mlp.classes"), "wb") as f:
        f.write(classes.tobytes())
    labels = read_idx(directory, "t10k-labels-idx1-ubyte")
    print(f"fashion_mnist_mlp: PyTorch test accuracy {np.mean(classes == labels):.4f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--layers-only", action="store_true", help="write only the torch_layer_* fixtures")
    args = parser.parse_args()
    if args.layers_only:
        layer_fixtures()
        return
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(1)
    export("torch_gemm", gemm_net(), torch.randn(5, 1, 3, 4))
    export("torch_matmul_add", Reshaped(), torch.randn(5, 12))
    export("torch_float64", gemm_net().double(), torch.randn(5, 1, 3, 4, dtype=torch.float64))
    handmade("handmade_typed", np.float32)
    handmade("handmade_typed_float64", np.float64)
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.Dropout(0.5), nn.Linear(8, 3))
    model.train()
    torch.onnx.export(model, torch.randn(5, 1, 3, 4), os.path.join(OUT, "torch_dropout_training.onnx"),
                      input_names=["input"], output_names=["output"], opset_version=14,
                      training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False)
    layer_fixtures()
    fashion_mnist(args.data)


if __name__ == "__main__":
    main()
