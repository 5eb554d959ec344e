package dev.lanes.onnx;

import dev.lanes.nn.DType;
import dev.lanes.nn.io.AtomicFile;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.onnx.proto.OnnxProto.GraphProto;
import dev.lanes.onnx.proto.OnnxProto.ModelProto;
import dev.lanes.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.lanes.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.lanes.onnx.proto.OnnxProto.TensorShapeProto;
import dev.lanes.onnx.proto.OnnxProto.TypeProto;
import dev.lanes.onnx.proto.OnnxProto.ValueInfoProto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Lanes {@link Sequential} written as an ONNX model that any ONNX runtime can serve.
 *
 * <p>The model has one input, {@value #INPUT} of shape [batch, inFeatures], and one output, {@value #OUTPUT} of
 * shape [batch, outFeatures], where batch is the symbolic dimension {@value #BATCH} (any size). Its element type
 * is the model's: FLOAT for F32, DOUBLE for F64. Each {@link Linear} is a {@code Gemm} (transB = 1) reading the
 * initializers {@code "<layer>.weight"} and {@code "<layer>.bias"}, named as in the model and as PyTorch names
 * them, holding the parameters' exact bits. Every layer type of {@code dev.lanes.nn.layers} is written: ReLU,
 * Sigmoid, Tanh, LeakyReLU, ELU, Softmax, LogSoftmax as their operators; GELU as {@code Gelu} from opset 20, before
 * that as PyTorch 1.13's decomposition; SiLU as Sigmoid and Mul; Softplus as {@code Softplus} (with Mul/Div for
 * β ≠ 1, Greater/Where for a finite threshold); Dropout as {@code Dropout} (the identity in inference);
 * BatchNorm1d as {@code BatchNormalization} on its running statistics; LayerNorm as {@code LayerNormalization}
 * from opset 17, before that as PyTorch 1.13's decomposition. The file declares ONNX IR version
 * {@value #IR_VERSION} and the opset asked for, {@value #OPSET} of the default domain unless stated.
 */
public final class OnnxExport {

    /** The name of the graph's input. */
    public static final String INPUT = "input";
    /** The name of the graph's output. */
    public static final String OUTPUT = "output";
    /** The symbolic batch dimension of the input and output. */
    public static final String BATCH = "batch";
    /** The ONNX IR version written: that of ONNX 1.12, read by every ONNX Runtime since 1.12. */
    public static final int IR_VERSION = 8;
    /** The opset of the default ONNX domain declared unless another is asked for (PyTorch 1.13's default). */
    public static final int OPSET = Mappings.BASE_OPSET;
    /** The highest opset an export declares (ONNX 1.16's; ONNX Runtime reads it since 1.18). */
    public static final int MAX_OPSET = Mappings.MAX_EXPORT_OPSET;

    private OnnxExport() {
    }

    /**
     * Writes {@code model} to {@code path} as an ONNX model, atomically as every Lanes file ({@link AtomicFile}): a
     * failed save leaves the old file.
     *
     * @param model the model: layers of the types of {@code dev.lanes.nn.layers} (nested Sequentials written flat),
     *              the first parameterised one a Linear, whose input width becomes the graph's
     * @param path the file to write
     * @throws IllegalArgumentException if a layer cannot be exported, naming it, or the model has no Linear
     * @throws IOException if the file cannot be written
     */
    public static void save(Sequential model, Path path) throws IOException {
        save(model, path, Map.of());
    }

    /**
     * Writes {@code model} to {@code path} as an ONNX model carrying {@code metadata} in its {@code metadata_props}
     * (what a reader needs besides the graph, such as the input's preprocessing).
     *
     * @param model the model, as for {@link #save(Sequential, Path)}
     * @param path the file to write
     * @param metadata string entries, in iteration order
     * @throws IllegalArgumentException if a layer cannot be exported, naming it, or the model has no Linear
     * @throws IOException if the file cannot be written
     */
    public static void save(Sequential model, Path path, Map<String, String> metadata) throws IOException {
        save(model, path, metadata, OPSET);
    }

    /**
     * Writes {@code model} to {@code path} as an ONNX model of the given opset.
     *
     * @param model the model, as for {@link #save(Sequential, Path)}
     * @param path the file to write
     * @param metadata string entries, in iteration order
     * @param opset the default-domain opset declared, {@value #OPSET} to {@value #MAX_OPSET}
     * @throws IllegalArgumentException if a layer cannot be exported, naming it, the model has no Linear, or the
     *                                  opset is out of range
     * @throws IOException if the file cannot be written
     */
    public static void save(Sequential model, Path path, Map<String, String> metadata, int opset) throws IOException {
        AtomicFile.write(path, toModel(model, metadata, opset).toByteArray());
    }

    /**
     * The ONNX model {@link #save} writes, in its serialised form.
     *
     * @param model the model, as for {@link #save}
     * @return the bytes of the .onnx file
     * @throws IllegalArgumentException if a layer cannot be exported, naming it, or the model has no Linear
     */
    public static byte[] toBytes(Sequential model) {
        return toBytes(model, OPSET);
    }

    /**
     * The ONNX model {@link #save(Sequential, Path, Map, int)} writes at {@code opset}, in its serialised form.
     *
     * @param model the model, as for {@link #save}
     * @param opset the default-domain opset declared, {@value #OPSET} to {@value #MAX_OPSET}
     * @return the bytes of the .onnx file
     * @throws IllegalArgumentException if a layer cannot be exported, naming it, the model has no Linear, or the
     *                                  opset is out of range
     */
    public static byte[] toBytes(Sequential model, int opset) {
        return toModel(model, Map.of(), opset).toByteArray();
    }

    static ModelProto toModel(Sequential model) {
        return toModel(model, Map.of(), OPSET);
    }

    static ModelProto toModel(Sequential model, Map<String, String> metadata) {
        return toModel(model, metadata, OPSET);
    }

    static ModelProto toModel(Sequential model, Map<String, String> metadata, int opset) {
        if (opset < OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("OnnxExport: opset " + opset + "; Lanes writes opsets " + OPSET + " to " + MAX_OPSET);
        }
        Linear first = firstLinear(model);
        if (first == null) {
            throw new IllegalArgumentException("OnnxExport: " + model.describe()
                    + " has no Linear layer, so the width of its input is unknown");
        }
        DType dtype = first.dtype();
        int inFeatures = first.inFeatures();
        int outFeatures = model.outputFeatures(inFeatures);
        GraphWriter graph = new GraphWriter(dtype, INPUT, opset);
        write(model, "", graph);
        GraphProto.Builder g = graph.finish(OUTPUT).setName("lanes")
                .addInput(value(INPUT, dtype, inFeatures))
                .addOutput(value(OUTPUT, dtype, outFeatures));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("Lanes")
                .setProducerVersion(producerVersion())
                .setDocString(model.describe())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(graph.opset()))
                .setGraph(g)
                .addAllMetadataProps(metadata.entrySet().stream().map(e -> StringStringEntryProto.newBuilder()
                        .setKey(e.getKey()).setValue(e.getValue()).build()).toList())
                .build();
    }

    /** Each layer in order, named by its path in the model ("0", "2.1", …) as namedParameters() names it. */
    private static void write(Sequential sequential, String prefix, GraphWriter graph) {
        for (int i = 0; i < sequential.size(); i++) {
            Layer layer = sequential.get(i);
            String name = prefix + i;
            if (layer instanceof Sequential inner) {
                write(inner, name + ".", graph);
                continue;
            }
            LayerExport<Layer> export = Mappings.exportOf(layer);
            if (export == null) {
                throw new IllegalArgumentException("OnnxExport: layer " + name + ", " + layer.describe()
                        + ", has no ONNX export (exported: " + String.join(", ", Mappings.exportedTypes()) + ")");
            }
            DType layerType = layer instanceof Linear l ? l.dtype() : layer instanceof BatchNorm1d b ? b.dtype()
                    : layer instanceof LayerNorm n ? n.dtype() : graph.dtype();
            if (layerType != graph.dtype()) {
                throw new IllegalArgumentException("OnnxExport: layer " + name + ", " + layer.describe() + ", is "
                        + layerType + " in a model whose first Linear is " + graph.dtype());
            }
            export.write(layer, name, graph);
        }
    }

    private static Linear firstLinear(Sequential sequential) {
        for (Layer layer : sequential.layers()) {
            if (layer instanceof Linear linear) {
                return linear;
            }
            if (layer instanceof Sequential inner) {
                Linear found = firstLinear(inner);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static ValueInfoProto value(String name, DType dtype, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features))
                .build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(OnnxTensors.dataType(dtype).getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static String producerVersion() {
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
