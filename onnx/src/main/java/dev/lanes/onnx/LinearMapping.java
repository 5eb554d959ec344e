package dev.lanes.onnx;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Linear;
import dev.lanes.onnx.proto.OnnxProto.AttributeProto;
import dev.lanes.onnx.proto.OnnxProto.NodeProto;
import dev.lanes.onnx.proto.OnnxProto.TensorProto;

import java.util.List;
import java.util.Set;

import static dev.lanes.onnx.ChainBuilder.floatAttribute;
import static dev.lanes.onnx.ChainBuilder.hasInput;
import static dev.lanes.onnx.ChainBuilder.intAttribute;
import static dev.lanes.onnx.ChainBuilder.requireAttributes;
import static dev.lanes.onnx.ChainBuilder.unsupported;

/**
 * {@link Linear} ↔ ONNX. A Linear is written as PyTorch writes {@code nn.Linear}: one {@code Gemm} with
 * {@code transB = 1} reading the initializers {@code <layer>.weight} (out×in) and {@code <layer>.bias}. It is
 * read from a {@code Gemm} with {@code transB} 0 or 1, or from a {@code MatMul} by an in×out constant, optionally
 * followed by an {@code Add} of the bias (what exporters write for inputs of unknown rank).
 */
final class LinearMapping {

    private static final Set<String> GEMM_ATTRIBUTES = Set.of("alpha", "beta", "transA", "transB");

    private LinearMapping() {
    }

    static void write(Linear linear, String name, GraphWriter graph) {
        String weight = graph.initializer(name + ".weight", linear.weight().value());
        List<AttributeProto> attributes = List.of(GraphWriter.floatAttribute("alpha", 1f), GraphWriter.floatAttribute("beta", 1f),
                GraphWriter.intAttribute("transB", 1));
        if (linear.bias() == null) {
            graph.node(name, "Gemm", 13, attributes, weight);      // C is optional from opset 11
        } else {
            graph.node(name, "Gemm", 13, attributes, weight, graph.initializer(name + ".bias", linear.bias().value()));
        }
    }

    static void readGemm(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, GEMM_ATTRIBUTES);
        chain.dataInput(node, 0);
        if (intAttribute(node, "transA", 0) != 0) {
            throw unsupported(node, "has transA = 1: the batch would be the columns of its input");
        }
        float alpha = floatAttribute(node, "alpha", 1f);
        float beta = floatAttribute(node, "beta", 1f);
        if (alpha != 1f) {
            throw unsupported(node, "has alpha = " + alpha + "; Lanes' Linear computes x·Wᵀ + b, alpha = 1");
        }
        long transB = intAttribute(node, "transB", 0);
        if (transB != 0 && transB != 1) {
            throw unsupported(node, "has transB = " + transB + ", not 0 or 1");
        }
        requireRank2Input(node, chain);
        TensorProto b = chain.constant(node, 1);
        boolean hasBias = hasInput(node, 2);
        if (hasBias && beta != 1f) {
            throw unsupported(node, "has beta = " + beta + "; Lanes' Linear adds its bias unscaled, beta = 1");
        }
        Linear linear = linear(node, chain, b, transB == 1, hasBias);
        if (hasBias) {
            setBias(node, linear, chain.constant(node, 2), chain);
        }
        chain.add(linear);
    }

    static void readMatMul(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of());
        chain.dataInput(node, 0);
        requireRank2Input(node, chain);
        Linear linear = linear(node, chain, chain.constant(node, 1), false, false);
        chain.add(linear);
        chain.awaitBias(linear);
    }

    /** The Add of a bias right after a MatMul; any other Add is refused. */
    static void readAdd(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of());
        Linear linear = chain.awaitingBias();
        if (linear == null) {
            throw unsupported(node, "is not the bias of a MatMul just before it, the only Add Lanes reads");
        }
        int data = chain.dataInput(node, 0, 1);
        // The MatMul made a Linear without bias; the Add makes it one with.
        Linear biased = new Linear(linear.inFeatures(), linear.outFeatures(), true, chain.dtype());
        Tensor weight = linear.weight().value();
        System.arraycopy(weight.storage(), 0, biased.weight().value().storage(), 0, weight.size());
        setBias(node, biased, chain.constant(node, 1 - data), chain);
        chain.replaceLast(linear, biased);
    }

    private static void requireRank2Input(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        int[] shape = chain.shape();
        if (shape.length != 1) {
            throw unsupported(node, "reads a value of shape [batch, " + join(shape)
                    + "]; Lanes reads it as a product of [batch, features] (add a Flatten before it)");
        }
    }

    private static Linear linear(NodeProto node, ChainBuilder chain, TensorProto b, boolean outByIn, boolean bias)
            throws OnnxFormatException {
        int[] shape = OnnxTensors.shape(b);
        if (shape.length != 2) {
            throw unsupported(node, "has a weight '" + b.getName() + "' of shape " + OnnxTensors.describe(shape) + ", not a matrix");
        }
        int in = outByIn ? shape[1] : shape[0];
        int out = outByIn ? shape[0] : shape[1];
        if (in != chain.features()) {
            throw unsupported(node, "has a weight '" + b.getName() + "' of shape " + OnnxTensors.describe(shape)
                    + (outByIn ? " (out × in)" : " (in × out)") + " for an input of " + chain.features() + " features");
        }
        if (out == 0) {
            throw unsupported(node, "has a weight '" + b.getName() + "' of shape " + OnnxTensors.describe(shape) + ": no output");
        }
        // The weight is read, and so its size checked against the bytes the file holds, before the layer is built.
        Tensor w = OnnxTensors.read(b, chain.dtype());
        Linear linear = new Linear(in, out, bias, chain.dtype());
        Tensor target = linear.weight().value();
        if (outByIn) {
            System.arraycopy(w.storage(), 0, target.storage(), 0, in * out);
        } else {
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    target.setFlat(o * in + i, w.getFlat(i * out + o));      // through double: exact for both dtypes
                }
            }
        }
        chain.setShape(out);
        return linear;
    }

    private static void setBias(NodeProto node, Linear linear, TensorProto c, ChainBuilder chain) throws OnnxFormatException {
        int[] shape = OnnxTensors.shape(c);
        int out = linear.outFeatures();
        boolean row = shape.length == 1 && shape[0] == out || shape.length == 2 && shape[0] == 1 && shape[1] == out;
        if (!row) {
            throw unsupported(node, "adds '" + c.getName() + "' of shape " + OnnxTensors.describe(shape)
                    + ", not a bias of " + out + " features ([" + out + "] or [1, " + out + "])");
        }
        Tensor b = OnnxTensors.read(c, chain.dtype());
        System.arraycopy(b.storage(), 0, linear.bias().value().storage(), 0, out);
    }

    private static String join(int[] shape) {
        String s = OnnxTensors.describe(shape);
        return s.substring(1, s.length() - 1);
    }
}
