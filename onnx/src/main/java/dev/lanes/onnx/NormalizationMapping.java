package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.LayerNorm;
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
 * {@link BatchNorm1d} and {@link LayerNorm} ↔ ONNX, in inference.
 *
 * <p>BatchNorm1d is {@code BatchNormalization} over the running statistics ({@code <layer>.running_mean},
 * {@code .running_var}, bit for bit; ONNX's momentum is 1 − PyTorch's). LayerNorm is {@code LayerNormalization}
 * from opset 17, before that the nodes PyTorch 1.13 writes (ReduceMean, Sub, Pow, ReduceMean, Add eps, Sqrt, Div,
 * then Mul weight and Add bias when affine), read back from either. A layer without affine parameters gets a scale
 * of ones (and a shift of zeros) named {@code <layer>.unit_scale} / {@code .zero_shift}, which an import reads as
 * "not affine". eps is a FLOAT attribute in both operators, so an eps that is not a float (1e-5) comes back as
 * its float (9.99999975e-6); in the decomposition it is a constant of the model's dtype, exact. BatchNorm1d's
 * {@code num_batches_tracked} (training state) is not in ONNX and comes back 0.
 */
final class NormalizationMapping {

    private static final String UNIT_SCALE = ".unit_scale";
    private static final String ZERO_SHIFT = ".zero_shift";

    private NormalizationMapping() {
    }

    static void writeBatchNorm(BatchNorm1d layer, String name, GraphWriter graph) {
        int n = layer.features();
        String scale = layer.affine() ? graph.initializer(name + ".weight", layer.weight().value())
                : graph.initializer(name + UNIT_SCALE, filled(layer.dtype(), n, 1));
        String shift = layer.affine() ? graph.initializer(name + ".bias", layer.bias().value())
                : graph.initializer(name + ZERO_SHIFT, filled(layer.dtype(), n, 0));
        String mean = graph.initializer(name + ".running_mean", layer.runningMean());
        String var = graph.initializer(name + ".running_var", layer.runningVar());
        graph.node(name, "BatchNormalization", 9, List.of(GraphWriter.floatAttribute("epsilon", (float) layer.eps()),
                GraphWriter.floatAttribute("momentum", (float) (1 - layer.momentum()))), scale, shift, mean, var);
    }

    static void writeLayerNorm(LayerNorm layer, String name, GraphWriter graph) {
        int n = layer.features();
        boolean affine = layer.elementwiseAffine();
        if (graph.opset() >= 17) {
            String scale = affine ? graph.initializer(name + ".weight", layer.weight().value())
                    : graph.initializer(name + UNIT_SCALE, filled(layer.dtype(), n, 1));
            List<String> inputs = affine ? List.of(scale, graph.initializer(name + ".bias", layer.bias().value())) : List.of(scale);
            graph.node(name, "LayerNormalization", 17, List.of(GraphWriter.intAttribute("axis", -1),
                    GraphWriter.floatAttribute("epsilon", (float) layer.eps())), inputs.toArray(String[]::new));
            return;
        }
        String x = graph.current();
        List<dev.lanes.onnx.proto.OnnxProto.AttributeProto> lastAxis = List.of(GraphWriter.intsAttribute("axes", -1));
        String mean = graph.compute(name, "ReduceMean", 13, lastAxis, x);
        String centred = graph.compute(name, "Sub", 7, List.of(), x, mean);
        String squared = graph.compute(name, "Pow", 13, List.of(), centred, graph.scalar(name + ".two", 2));
        String variance = graph.compute(name, "ReduceMean", 13, lastAxis, squared);
        String shifted = graph.compute(name, "Add", 7, List.of(), variance, graph.scalar(name + ".eps", layer.eps()));
        String std = graph.compute(name, "Sqrt", 6, List.of(), shifted);
        String out = graph.compute(name, "Div", 7, List.of(), centred, std);
        if (affine) {
            out = graph.compute(name, "Mul", 7, List.of(), out, graph.initializer(name + ".weight", layer.weight().value()));
            out = graph.compute(name, "Add", 7, List.of(), out, graph.initializer(name + ".bias", layer.bias().value()));
        }
        graph.moveTo(out);
    }

    private static Tensor filled(DType dtype, int n, double value) {
        Tensor t = Tensor.zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            t.setFlat(i, value);
        }
        return t;
    }

    static void readBatchNorm(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("epsilon", "momentum", "spatial", "training_mode"));
        chain.dataInput(node, 0);
        if (intAttribute(node, "training_mode", 0) != 0) {
            throw unsupported(node, "has training_mode = 1; Lanes imports models for inference");
        }
        if (intAttribute(node, "spatial", 1) != 1) {
            throw unsupported(node, "has spatial = 0, which Lanes does not support");
        }
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty()) {
                throw unsupported(node, "writes the running statistics (output " + i + "), as in training; Lanes imports models for inference");
            }
        }
        int features = featuresOf(node, chain);
        double eps = ChainBuilder.decimal(floatAttribute(node, "epsilon", 1e-5f));
        // ONNX's momentum is the weight of the running statistic, PyTorch's that of the batch: 1 − it, in decimal.
        double momentum = java.math.BigDecimal.ONE.subtract(new java.math.BigDecimal(Float.toString(floatAttribute(node, "momentum", 0.9f))))
                .doubleValue();
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw unsupported(node, "has epsilon = " + eps + "; Lanes needs a finite epsilon > 0");
        }
        Tensor scale = vector(node, chain, 1, features);
        Tensor shift = vector(node, chain, 2, features);
        Tensor mean = vector(node, chain, 3, features);
        Tensor var = vector(node, chain, 4, features);
        boolean affine = !chain.constant(node, 1).getName().endsWith(UNIT_SCALE)
                || !chain.constant(node, 2).getName().endsWith(ZERO_SHIFT) || !isConstant(scale, 1) || !isConstant(shift, 0);
        BatchNorm1d layer = new BatchNorm1d(features, eps, Math.min(1, Math.max(0, momentum)), affine, chain.dtype());
        if (affine) {
            copy(scale, layer.weight().value());
            copy(shift, layer.bias().value());
        }
        copy(mean, layer.runningMean());
        copy(var, layer.runningVar());
        chain.add(layer);
    }

    static void readLayerNorm(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("axis", "epsilon", "stash_type"));
        chain.dataInput(node, 0);
        long axis = intAttribute(node, "axis", -1);
        requireFeatureAxis(node, chain, axis);
        int features = featuresOf(node, chain);
        double eps = ChainBuilder.decimal(floatAttribute(node, "epsilon", 1e-5f));
        Tensor scale = vector(node, chain, 1, features);
        Tensor shift = hasInput(node, 2) ? vector(node, chain, 2, features) : null;
        boolean affine = !chain.constant(node, 1).getName().endsWith(UNIT_SCALE) || !isConstant(scale, 1)
                || shift != null && !isConstant(shift, 0);
        chain.add(layerNorm(node, chain, features, eps, affine ? scale : null, shift));
    }

    /** PyTorch 1.13's LayerNorm before opset 17, with (affine) or without the final Mul and Add. */
    static void buildLayerNorm(Decomposition.Match m, ChainBuilder chain) throws OnnxFormatException {
        for (String reduce : List.of("mean", "variance")) {
            NodeProto node = m.node(reduce);
            requireAttributes(node, Set.of("axes", "keepdims"));
            if (intAttribute(node, "keepdims", 1) != 1) {
                throw unsupported(node, "has keepdims = 0; LayerNorm's decomposition keeps the reduced axis");
            }
            List<Long> axes = null;
            for (var a : node.getAttributeList()) {
                if (a.getName().equals("axes")) {
                    axes = a.getIntsList();
                }
            }
            if (axes == null || axes.size() != 1) {
                throw unsupported(node, "reduces over axes " + axes + "; LayerNorm's decomposition reduces the last axis");
            }
            requireFeatureAxis(node, chain, axes.getFirst());
        }
        for (String step : List.of("centred", "squared", "shifted", "std", "out")) {
            requireAttributes(m.node(step), Set.of());
        }
        double two = ActivationMapping.scalar(m.readerOf("two"), m.constant("two"));
        if (two != 2) {
            throw unsupported(m.readerOf("two"), "raises to the power " + two + " where LayerNorm squares");
        }
        NodeProto epsReader = m.readerOf("eps");
        double eps = ActivationMapping.scalar(epsReader, m.constant("eps"));
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw unsupported(epsReader, "adds " + eps + " to the variance; Lanes needs a finite eps > 0");
        }
        int features = chain.features();
        Tensor scale = null;
        Tensor shift = null;
        if (m.nodes().containsKey("scaled")) {
            requireAttributes(m.node("scaled"), Set.of());
            requireAttributes(m.node("shifted_out"), Set.of());
            scale = vector(m.readerOf("weight"), m.constant("weight"), chain, features);
            shift = vector(m.readerOf("bias"), m.constant("bias"), chain, features);
        }
        chain.add(layerNorm(m.node("mean"), chain, features, eps, scale, shift));
    }

    private static LayerNorm layerNorm(NodeProto node, ChainBuilder chain, int features, double eps, Tensor scale, Tensor shift)
            throws OnnxFormatException {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw unsupported(node, "has epsilon = " + eps + "; Lanes needs a finite epsilon > 0");
        }
        LayerNorm layer = new LayerNorm(features, eps, scale != null, chain.dtype());
        if (scale != null) {
            copy(scale, layer.weight().value());
            if (shift != null) {
                copy(shift, layer.bias().value());
            }
        }
        return layer;
    }

    private static void requireFeatureAxis(NodeProto node, ChainBuilder chain, long axis) throws OnnxFormatException {
        int rank = chain.shape().length + 1;
        if (rank != 2 || axis != 1 && axis != -1) {
            throw unsupported(node, "normalises over axis " + axis + " of a value of rank " + rank
                    + "; Lanes normalises the features of [batch, features] (axis 1 or -1)");
        }
    }

    private static int featuresOf(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        int[] shape = chain.shape();
        if (shape.length != 1) {
            throw unsupported(node, "reads a value of shape [batch, " + OnnxTensors.describe(shape).replaceAll("[\\[\\]]", "")
                    + "]; Lanes normalises [batch, features] (add a Flatten before it)");
        }
        return shape[0];
    }

    private static Tensor vector(NodeProto node, ChainBuilder chain, int input, int features) throws OnnxFormatException {
        return vector(node, chain.constant(node, input), chain, features);
    }

    /** A per-feature constant, [features] (or [1, features]), checked before it is read. */
    private static Tensor vector(NodeProto node, TensorProto c, ChainBuilder chain, int features) throws OnnxFormatException {
        int[] shape = OnnxTensors.shape(c);
        boolean ok = shape.length == 1 && shape[0] == features || shape.length == 2 && shape[0] == 1 && shape[1] == features;
        if (!ok) {
            throw unsupported(node, "reads '" + c.getName() + "' of shape " + OnnxTensors.describe(shape)
                    + ", not one value per feature ([" + features + "])");
        }
        return OnnxTensors.read(c, chain.dtype());
    }

    private static boolean isConstant(Tensor t, double value) {
        for (int i = 0; i < t.size(); i++) {
            if (t.getFlat(i) != value) {
                return false;
            }
        }
        return true;
    }

    private static void copy(Tensor from, Tensor to) {
        System.arraycopy(from.storage(), 0, to.storage(), 0, to.size());
    }
}
