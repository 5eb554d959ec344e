package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.LogSoftmax;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Softmax;
import dev.lanes.nn.layers.Softplus;
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
import static dev.lanes.onnx.GraphWriter.floatAttribute;
import static dev.lanes.onnx.GraphWriter.intAttribute;

/**
 * The activations with settings or without one ONNX operator of their own, both ways: LeakyReLU ({@code LeakyRelu}),
 * ELU ({@code Elu}), GELU ({@code Gelu} from opset 20, before that PyTorch's decompositions of the erf and tanh
 * forms), SiLU (x·Sigmoid(x)), Softplus ({@code Softplus}, with Mul/Div for β ≠ 1 and Greater/Where for a finite
 * threshold), Softmax and LogSoftmax (over the features) and Dropout (the identity in inference, kept as a layer so
 * that its rate survives a round trip). Their decompositions are templates in {@link Mappings}; the builders here
 * check the templates' constants.
 */
final class ActivationMapping {

    /** Where PyTorch's constants may be FLOAT in a DOUBLE model: a constant equal to the exact value or its float. */
    private static boolean isConstant(double value, double exact) {
        return value == exact || (float) value == (float) exact;
    }

    private ActivationMapping() {
    }

    // ---- export ----

    static void writeLeakyRelu(LeakyReLU layer, String name, GraphWriter graph) {
        graph.node(name, "LeakyRelu", 6, List.of(floatAttribute("alpha", (float) layer.slope())));
    }

    static void writeElu(ELU layer, String name, GraphWriter graph) {
        graph.node(name, "Elu", 6, List.of(floatAttribute("alpha", (float) layer.alpha())));
    }

    /** Gelu at opset 20 and later; before, the nodes PyTorch 1.13 writes. */
    static void writeGelu(GELU layer, String name, GraphWriter graph) {
        boolean tanh = layer.approximation() == GELU.Approximation.TANH;
        if (graph.opset() >= 20) {
            graph.node(name, "Gelu", 20, List.of(GraphWriter.stringAttribute("approximate", tanh ? "tanh" : "none")));
            return;
        }
        String x = graph.current();
        String out;
        if (!tanh) {
            String a = graph.compute(name, "Div", 7, List.of(), x, graph.scalar(name + ".sqrt2", Math.sqrt(2)));
            String b = graph.compute(name, "Erf", 9, List.of(), a);
            String c = graph.compute(name, "Add", 7, List.of(), b, graph.scalar(name + ".one", 1));
            String d = graph.compute(name, "Mul", 7, List.of(), x, c);
            out = graph.compute(name, "Mul", 7, List.of(), d, graph.scalar(name + ".half", 0.5));
        } else {
            String a = graph.compute(name, "Mul", 7, List.of(), x, x);
            String b = graph.compute(name, "Mul", 7, List.of(), x, a);
            String c = graph.compute(name, "Mul", 7, List.of(), graph.scalar(name + ".cubic", GELU_TANH_CUBIC), b);
            String d = graph.compute(name, "Add", 7, List.of(), x, c);
            String e = graph.compute(name, "Mul", 7, List.of(), graph.scalar(name + ".scale", GELU_TANH_SCALE), d);
            String f = graph.compute(name, "Tanh", 6, List.of(), e);
            String g = graph.compute(name, "Add", 7, List.of(), graph.scalar(name + ".one", 1), f);
            String h = graph.compute(name, "Mul", 7, List.of(), x, g);
            out = graph.compute(name, "Mul", 7, List.of(), graph.scalar(name + ".half", 0.5), h);
        }
        graph.moveTo(out);
    }

    /** 0.044715, the cubic coefficient of GELU's tanh form. */
    static final double GELU_TANH_CUBIC = 0.044715;
    /** √(2/π), the scale of GELU's tanh form. */
    static final double GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);

    static void writeSilu(SiLU layer, String name, GraphWriter graph) {
        String x = graph.current();
        String s = graph.compute(name, "Sigmoid", 6, List.of(), x);
        graph.moveTo(graph.compute(name, "Mul", 7, List.of(), x, s));
    }

    /**
     * ONNX's Softplus is log(1 + eˣ), without β or a threshold. β ≠ 1 is written as PyTorch writes it,
     * Softplus(β·x)/β; a finite threshold (PyTorch ignores it in export) as Where(β·x &gt; threshold, x, …), so that
     * the file computes what the layer computes.
     */
    static void writeSoftplus(Softplus layer, String name, GraphWriter graph) {
        boolean thresholded = !Double.isInfinite(layer.threshold());
        if (layer.beta() == 1 && !thresholded) {
            graph.node(name, "Softplus", 1, List.of());
            return;
        }
        String x = graph.current();
        String beta = graph.scalar(name + ".beta", layer.beta());
        String scaled = graph.compute(name, "Mul", 7, List.of(), x, beta);
        String soft = graph.compute(name, "Softplus", 1, List.of(), scaled);
        String out = graph.compute(name, "Div", 7, List.of(), soft, beta);
        if (thresholded) {
            String linear = graph.compute(name, "Greater", 9, List.of(), scaled, graph.scalar(name + ".threshold", layer.threshold()));
            out = graph.compute(name, "Where", 9, List.of(), linear, x, out);
        }
        graph.moveTo(out);
    }

    static void writeSoftmax(Softmax layer, String name, GraphWriter graph) {
        graph.node(name, "Softmax", 13, List.of(intAttribute("axis", -1)));
    }

    static void writeLogSoftmax(LogSoftmax layer, String name, GraphWriter graph) {
        graph.node(name, "LogSoftmax", 13, List.of(intAttribute("axis", -1)));
    }

    /** A Dropout node with its ratio (the identity in inference, as ONNX defines it without training_mode). */
    static void writeDropout(Dropout layer, String name, GraphWriter graph) {
        graph.node(name, "Dropout", 12, List.of(), graph.scalar(name + ".ratio", layer.p()));
    }

    // ---- import: single operators ----

    static void readLeakyRelu(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("alpha"));
        chain.dataInput(node, 0);
        chain.add(new LeakyReLU(ChainBuilder.decimal(floatAttribute(node, "alpha", 0.01f))));
    }

    static void readElu(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("alpha"));
        chain.dataInput(node, 0);
        float alpha = floatAttribute(node, "alpha", 1f);
        if (!(alpha >= 0) || Float.isInfinite(alpha)) {
            throw unsupported(node, "has alpha = " + alpha + "; Lanes' ELU takes a finite alpha ≥ 0");
        }
        chain.add(new ELU(ChainBuilder.decimal(alpha)));
    }

    static void readGelu(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("approximate"));
        chain.dataInput(node, 0);
        String approximate = "none";
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals("approximate")) {
                approximate = a.getS().toStringUtf8();
            }
        }
        switch (approximate) {
            case "none" -> chain.add(new GELU(GELU.Approximation.NONE));
            case "tanh" -> chain.add(new GELU(GELU.Approximation.TANH));
            default -> throw unsupported(node, "has approximate = '" + approximate + "', not 'none' or 'tanh'");
        }
    }

    /** ONNX's Softplus has no threshold: the exact log(1 + eˣ), Lanes' Softplus(1, ∞). */
    static void readSoftplus(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of());
        chain.dataInput(node, 0);
        chain.add(new Softplus(1, Double.POSITIVE_INFINITY));
    }

    static void readSoftmax(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireFeatureAxis(node, chain);
        chain.add(new Softmax());
    }

    static void readLogSoftmax(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireFeatureAxis(node, chain);
        chain.add(new LogSoftmax());
    }

    /**
     * Softmax over the features of a [batch, features] value: axis 1 or −1 (at opsets before 13 the default axis 1
     * meant "flatten from 1", the same thing for rank 2).
     */
    private static void requireFeatureAxis(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("axis"));
        chain.dataInput(node, 0);
        long axis = intAttribute(node, "axis", chain.opset() >= 13 ? -1 : 1);
        int rank = chain.shape().length + 1;
        if (rank != 2 || axis != 1 && axis != -1) {
            throw unsupported(node, "normalises over axis " + axis + " of a value of rank " + rank
                    + "; Lanes' " + node.getOpType() + " normalises the features of [batch, features] (axis 1 or -1)");
        }
    }

    /**
     * Dropout, the identity in inference: kept as a Lanes Dropout of its ratio. Opset 12 moved the ratio and added
     * training_mode to the inputs; before, is_test and ratio were attributes.
     */
    static void readDropout(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("ratio", "seed", "is_test"));
        chain.dataInput(node, 0);
        if (hasInput(node, 2)) {
            long[] training = OnnxTensors.readBool(chain.constant(node, 2));
            if (training.length != 1 || training[0] != 0) {
                throw unsupported(node, "runs in training mode (training_mode is true); Lanes imports models for inference");
            }
        }
        double ratio = hasInput(node, 1) ? scalar(node, chain.constant(node, 1)) : ChainBuilder.decimal(floatAttribute(node, "ratio", 0.5f));
        if (!(ratio >= 0 && ratio <= 1)) {
            throw unsupported(node, "has ratio " + ratio + ", not in [0, 1]");
        }
        chain.add(new Dropout(ratio));
    }

    // ---- import: decompositions (templates in Mappings) ----

    /** Div(x, √2), Erf, Add 1, Mul x, Mul ½: x·Φ(x). */
    static void buildGeluErf(Decomposition.Match m, ChainBuilder chain) throws OnnxFormatException {
        requireScalar(m, "sqrt2", Math.sqrt(2), "GELU's √2");
        requireScalar(m, "one", 1, "GELU's 1");
        requireScalar(m, "half", 0.5, "GELU's ½");
        noAttributes(m);
        chain.add(new GELU(GELU.Approximation.NONE));
    }

    /** ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as PyTorch 1.13 writes it. */
    static void buildGeluTanh(Decomposition.Match m, ChainBuilder chain) throws OnnxFormatException {
        requireScalar(m, "cubic", GELU_TANH_CUBIC, "GELU's 0.044715");
        requireScalar(m, "scale", GELU_TANH_SCALE, "GELU's √(2/π)");
        requireScalar(m, "one", 1, "GELU's 1");
        requireScalar(m, "half", 0.5, "GELU's ½");
        noAttributes(m);
        chain.add(new GELU(GELU.Approximation.TANH));
    }

    static void buildSilu(Decomposition.Match m, ChainBuilder chain) throws OnnxFormatException {
        noAttributes(m);
        chain.add(new SiLU());
    }

    /** Softplus(β·x)/β: PyTorch's export of beta ≠ 1 (its threshold is dropped: the exact form, threshold ∞). */
    static void buildSoftplusBeta(Decomposition.Match m, ChainBuilder chain) throws OnnxFormatException {
        noAttributes(m);
        chain.add(new Softplus(beta(m), Double.POSITIVE_INFINITY));
    }

    /** Where(β·x &gt; threshold, x, Softplus(β·x)/β): Lanes' export of a finite threshold. */
    static void buildSoftplusThreshold(Decomposition.Match m, ChainBuilder chain) throws OnnxFormatException {
        noAttributes(m);
        double threshold = scalar(m.readerOf("threshold"), m.constant("threshold"));
        if (Double.isNaN(threshold)) {
            throw unsupported(m.readerOf("threshold"), "compares with NaN");
        }
        chain.add(new Softplus(beta(m), threshold));
    }

    private static double beta(Decomposition.Match m) throws OnnxFormatException {
        double beta = scalar(m.readerOf("beta"), m.constant("beta"));
        double divisor = scalar(m.readerOf("beta2"), m.constant("beta2"));
        if (beta != divisor || !(beta > 0) || Double.isInfinite(beta)) {
            throw unsupported(m.readerOf("beta2"), "divides by " + divisor + " after Softplus of x·" + beta
                    + "; Lanes' Softplus(β) needs the same finite β > 0 in both");
        }
        return beta;
    }

    /** The element of a one-element FLOAT or DOUBLE constant; a FLOAT one as its {@link ChainBuilder#decimal}. */
    static double scalar(NodeProto reader, TensorProto constant) throws OnnxFormatException {
        Tensor t = OnnxTensors.read(constant, DType.F64);
        if (t.size() != 1) {
            throw unsupported(reader, "reads '" + constant.getName() + "' of shape " + constant.getDimsList()
                    + " where Lanes expects a single number");
        }
        return constant.getDataType() == TensorProto.DataType.FLOAT_VALUE ? ChainBuilder.decimal((float) t.getFlat(0)) : t.getFlat(0);
    }

    private static void requireScalar(Decomposition.Match m, String name, double exact, String what) throws OnnxFormatException {
        NodeProto reader = m.readerOf(name);
        double value = scalar(reader, m.constant(name));
        if (!isConstant(value, exact)) {
            throw unsupported(reader, "reads " + value + " ('" + m.constant(name).getName() + "') where " + what
                    + " (" + exact + ") belongs");
        }
    }

    private static void noAttributes(Decomposition.Match m) throws OnnxFormatException {
        for (NodeProto n : m.nodes().values()) {
            requireAttributes(n, Set.of());
        }
    }
}
