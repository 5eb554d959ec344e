package dev.lanes.onnx;

import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.onnx.proto.OnnxProto.NodeProto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one table of what Lanes writes and reads: for each layer type the way it is exported, for each ONNX operator
 * the way it is imported. A new layer type is one entry here (an element-wise activation without parameters) or one
 * mapping class and its entries (a layer with parameters, as {@link LinearMapping}).
 */
final class Mappings {

    /** The opset every export declares at least: {@code Softmax}'s last-axis meaning and today's Gemm start here. */
    static final int BASE_OPSET = 13;
    /** The default-domain opsets an import reads: from Gemm's and Dropout's present form (7) to opset 21, as none of
     *  the operators read here changed meaning in between (later versions only added element types). */
    static final int MIN_IMPORT_OPSET = 7;
    static final int MAX_IMPORT_OPSET = 21;

    private static final Map<Class<? extends Layer>, LayerExport<Layer>> EXPORTS = new LinkedHashMap<>();
    private static final Map<String, NodeImport> IMPORTS = new LinkedHashMap<>();

    static {
        export(Linear.class, LinearMapping::write);
        read("Gemm", LinearMapping::readGemm);
        read("MatMul", LinearMapping::readMatMul);
        read("Add", LinearMapping::readAdd);

        activation(ReLU.class, "Relu", ReLU::new);
        activation(Sigmoid.class, "Sigmoid", Sigmoid::new);

        read("Identity", ShapeMapping::readIdentity);
        read("Dropout", ShapeMapping::readDropout);
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

    /** The imported operators, for messages. */
    static Set<String> importedOperators() {
        return IMPORTS.keySet();
    }

    @SuppressWarnings("unchecked")
    private static <L extends Layer> void export(Class<L> type, LayerExport<L> export) {
        EXPORTS.put(type, (LayerExport<Layer>) export);
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
