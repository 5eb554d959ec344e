package dev.lanes.onnx;

import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.LogSoftmax;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.layers.Softmax;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;
import dev.lanes.onnx.proto.OnnxProto.NodeProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static dev.lanes.onnx.Decomposition.step;

/**
 * The one table of what Lanes writes and reads: for each layer type the way it is exported, for each ONNX operator
 * the way it is imported, and the decompositions (layers that exporters write as several nodes) matched as a whole.
 * A new layer type is one entry here (an element-wise activation without parameters) or one mapping class and its
 * entries (a layer with parameters, as {@link LinearMapping}).
 */
final class Mappings {

    /** The opset exports declare by default (PyTorch 1.13's default too): {@code Softmax}'s last-axis meaning and
     *  today's Gemm start here. */
    static final int BASE_OPSET = 13;
    /** The highest opset an export may declare. */
    static final int MAX_EXPORT_OPSET = 21;
    /** The default-domain opsets an import reads: from Gemm's and Dropout's present form (7) to opset 21, as none of
     *  the operators read here changed meaning in between (later versions only added element types). */
    static final int MIN_IMPORT_OPSET = 7;
    static final int MAX_IMPORT_OPSET = 21;

    private static final Map<Class<? extends Layer>, LayerExport<Layer>> EXPORTS = new LinkedHashMap<>();
    private static final Map<String, NodeImport> IMPORTS = new LinkedHashMap<>();
    /** Tried in order at each value before its single reader is read alone: longer templates first. */
    private static final List<Decomposition> DECOMPOSITIONS = new ArrayList<>();

    static {
        export(Linear.class, LinearMapping::write);
        read("Gemm", LinearMapping::readGemm);
        read("MatMul", LinearMapping::readMatMul);
        read("Add", LinearMapping::readAdd);

        activation(ReLU.class, "Relu", ReLU::new);
        activation(Sigmoid.class, "Sigmoid", Sigmoid::new);
        activation(Tanh.class, "Tanh", Tanh::new);
        export(LeakyReLU.class, ActivationMapping::writeLeakyRelu);
        read("LeakyRelu", ActivationMapping::readLeakyRelu);
        export(ELU.class, ActivationMapping::writeElu);
        read("Elu", ActivationMapping::readElu);
        export(GELU.class, ActivationMapping::writeGelu);
        read("Gelu", ActivationMapping::readGelu);
        export(SiLU.class, ActivationMapping::writeSilu);
        export(Softplus.class, ActivationMapping::writeSoftplus);
        read("Softplus", ActivationMapping::readSoftplus);
        export(Softmax.class, ActivationMapping::writeSoftmax);
        read("Softmax", ActivationMapping::readSoftmax);
        export(LogSoftmax.class, ActivationMapping::writeLogSoftmax);
        read("LogSoftmax", ActivationMapping::readLogSoftmax);
        export(Dropout.class, ActivationMapping::writeDropout);
        read("Dropout", ActivationMapping::readDropout);

        export(BatchNorm1d.class, NormalizationMapping::writeBatchNorm);
        read("BatchNormalization", NormalizationMapping::readBatchNorm);
        export(LayerNorm.class, NormalizationMapping::writeLayerNorm);
        read("LayerNormalization", NormalizationMapping::readLayerNorm);

        // PyTorch 1.13's LayerNorm before opset 17, affine, then without the weight and bias.
        List<Decomposition.Step> layerNorm = List.of(
                step("ReduceMean", "mean", "x"), step("Sub", "centred", "x", "mean"), step("Pow", "squared", "centred", "#two"),
                step("ReduceMean", "variance", "squared"), step("Add", "shifted", "variance", "#eps"),
                step("Sqrt", "std", "shifted"), step("Div", "out", "centred", "std"));
        List<Decomposition.Step> affineLayerNorm = new ArrayList<>(layerNorm);
        affineLayerNorm.add(step("Mul", "scaled", "out", "#weight"));
        affineLayerNorm.add(step("Add", "shifted_out", "scaled", "#bias"));
        decomposition("LayerNorm (affine)", affineLayerNorm, NormalizationMapping::buildLayerNorm);
        decomposition("LayerNorm", layerNorm, NormalizationMapping::buildLayerNorm);
        // GELU's tanh form: ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), node for node as PyTorch 1.13 writes it.
        decomposition("GELU (tanh form)", List.of(
                step("Mul", "square", "x", "x"), step("Mul", "cube", "x", "square"), step("Mul", "cubic", "#cubic", "cube"),
                step("Add", "inner", "x", "cubic"), step("Mul", "scaled", "#scale", "inner"), step("Tanh", "tanh", "scaled"),
                step("Add", "plus1", "#one", "tanh"), step("Mul", "times_x", "x", "plus1"), step("Mul", "out", "#half", "times_x")),
                ActivationMapping::buildGeluTanh);
        // GELU's erf form: x·½(1 + erf(x/√2)).
        decomposition("GELU (erf form)", List.of(
                step("Div", "scaled", "x", "#sqrt2"), step("Erf", "erf", "scaled"), step("Add", "plus1", "erf", "#one"),
                step("Mul", "times_x", "x", "plus1"), step("Mul", "out", "times_x", "#half")),
                ActivationMapping::buildGeluErf);
        // Softplus with a finite threshold (Lanes' export), then with β ≠ 1 (PyTorch's, which drops the threshold).
        decomposition("Softplus (β, threshold)", List.of(
                step("Mul", "scaled", "x", "#beta"), step("Softplus", "soft", "scaled"), step("Div", "divided", "soft", "#beta2"),
                step("Greater", "linear", "scaled", "#threshold"), step("Where", "out", "linear", "x", "divided")),
                ActivationMapping::buildSoftplusThreshold);
        decomposition("Softplus (β)", List.of(
                step("Mul", "scaled", "x", "#beta"), step("Softplus", "soft", "scaled"), step("Div", "out", "soft", "#beta2")),
                ActivationMapping::buildSoftplusBeta);
        decomposition("SiLU", List.of(step("Sigmoid", "sigmoid", "x"), step("Mul", "out", "x", "sigmoid")),
                ActivationMapping::buildSilu);

        read("Identity", ShapeMapping::readIdentity);
        read("Flatten", ShapeMapping::readFlatten);
        read("Reshape", ShapeMapping::readReshape);
    }

    private Mappings() {
    }

    /** How {@code layer}'s type is exported, or null if it is not. */
    static LayerExport<Layer> exportOf(Layer layer) {
        return EXPORTS.get(layer.getClass());
    }

    /** The exported layer types, for messages. */
    static List<String> exportedTypes() {
        return EXPORTS.keySet().stream().map(Class::getSimpleName).toList();
    }

    /** How {@code opType} is imported, or null if it is not. */
    static NodeImport importOf(String opType) {
        return IMPORTS.get(opType);
    }

    /** The decompositions, in the order they are tried. */
    static List<Decomposition> decompositions() {
        return DECOMPOSITIONS;
    }

    /** The imported operators, for messages. */
    static Set<String> importedOperators() {
        return IMPORTS.keySet();
    }

    @SuppressWarnings("unchecked")
    private static <L extends Layer> void export(Class<L> type, LayerExport<L> export) {
        EXPORTS.put(type, (LayerExport<Layer>) export);
    }

    private static void decomposition(String layer, List<Decomposition.Step> steps, Decomposition.Builder build) {
        DECOMPOSITIONS.add(new Decomposition(layer, List.copyOf(steps), build));
    }

    private static void read(String opType, NodeImport read) {
        IMPORTS.put(opType, read);
    }

    /** A parameterless element-wise layer that is one ONNX operator of the same meaning, both ways. */
    private static <L extends Layer> void activation(Class<L> type, String opType, Supplier<L> create) {
        export(type, (layer, name, graph) -> graph.node(name, opType, BASE_OPSET, List.of()));
        read(opType, (NodeProto node, ChainBuilder chain) -> {
            ChainBuilder.requireAttributes(node, Set.of());
            chain.dataInput(node, 0);
            chain.add(create.get());
        });
    }
}
