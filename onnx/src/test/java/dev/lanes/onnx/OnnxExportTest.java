package dev.lanes.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
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
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.layers.Softmax;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;
import dev.lanes.onnx.proto.OnnxProto.ModelProto;
import dev.lanes.onnx.proto.OnnxProto.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lanes models written as ONNX: ONNX Runtime computes from the file what Lanes computes, within {@link ErrorBound};
 * the file has the documented names, types, batch dimension and opset; reading it back gives every parameter's
 * bits. Every exported model is also left in {@code target/exported/}, where {@code onnx/scripts/check_exports.py}
 * runs ONNX's own checker on it (CI does, where python3-onnx installs).
 */
class OnnxExportTest {

    /** Where the exported files are left for ONNX's checker (onnx/scripts/check_exports.py). */
    static final Path EXPORTED = Path.of("target", "exported");

    /** A named architecture: the model, built fresh in a dtype with seeded parameters. */
    record Architecture(String name, Function<DType, Layer[]> layers) {
        Architecture(String name, Supplier<Layer[]> untyped) {
            this(name, dtype -> retype(untyped.get(), dtype));
        }

        Sequential build(DType dtype, long seed) {
            Layer[] built = layers.apply(dtype);
            SeededRandom random = new SeededRandom(seed);
            for (Layer layer : built) {
                if (layer instanceof Linear l) {
                    l.initialize(Initializers.pytorchDefault(), random);
                } else {
                    // Normalisation layers: weights around 1, shifts and means around 0, variances in [0.25, 2.25].
                    layer.namedParameters().forEach((name, p) -> fill(p.value(), random, name.endsWith("weight") ? 1 : 0, 0.5));
                    layer.namedBuffers().forEach((name, t) -> {
                        if (name.equals("running_var")) {
                            fill(t, random, 0, 1);
                            for (int i = 0; i < t.size(); i++) {
                                t.setFlat(i, 0.25 + t.getFlat(i) * t.getFlat(i));
                            }
                        } else if (name.equals("running_mean")) {
                            fill(t, random, 0, 0.5);
                        }
                    });
                }
            }
            return new Sequential(built);
        }

        private static Layer[] retype(Layer[] layers, DType dtype) {
            Layer[] typed = layers.clone();
            for (int i = 0; i < typed.length; i++) {
                if (typed[i] instanceof Linear l) {
                    typed[i] = new Linear(l.inFeatures(), l.outFeatures(), l.bias() != null, dtype);
                }
            }
            return typed;
        }

        private static void fill(Tensor t, SeededRandom random, double mean, double spread) {
            for (int i = 0; i < t.size(); i++) {
                t.setFlat(i, mean + spread * random.nextGaussian());
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Architecture> ARCHITECTURES = List.of(
            new Architecture("linear", () -> new Layer[] {new Linear(5, 3)}),
            new Architecture("relu-mlp", () -> new Layer[] {new Linear(33, 17), new ReLU(), new Linear(17, 4)}),
            new Architecture("sigmoid-relu", () -> new Layer[] {new Linear(20, 16), new Sigmoid(), new Linear(16, 9),
                    new ReLU(), new Linear(9, 2)}),
            new Architecture("activation-first", () -> new Layer[] {new ReLU(), new Linear(8, 8), new Sigmoid()}),
            new Architecture("fashion-mnist", () -> new Layer[] {new Linear(784, 256), new ReLU(), new Linear(256, 128),
                    new ReLU(), new Linear(128, 10)}),
            // Every other layer type, between two Linears (or last, where it is a model's output layer).
            new Architecture("linear-no-bias", () -> new Layer[] {new Linear(10, 16, false, DType.F32), new ReLU(), new Linear(16, 4, false, DType.F32)}),
            between("tanh", Tanh::new),
            between("leaky-relu", LeakyReLU::new),
            between("leaky-relu-0.2", () -> new LeakyReLU(0.2)),
            between("elu", ELU::new),
            between("elu-0.7", () -> new ELU(0.7)),
            between("gelu", GELU::new),
            between("gelu-tanh", () -> new GELU(GELU.Approximation.TANH)),
            between("silu", SiLU::new),
            between("softplus", Softplus::new),
            between("softplus-beta-2", () -> new Softplus(2, Double.POSITIVE_INFINITY)),
            between("softplus-beta-0.5-threshold-1.5", () -> new Softplus(0.5, 1.5)),
            new Architecture("softmax", () -> new Layer[] {new Linear(10, 16), new ReLU(), new Linear(16, 6), new Softmax()}),
            new Architecture("log-softmax", () -> new Layer[] {new Linear(10, 16), new ReLU(), new Linear(16, 6), new LogSoftmax()}),
            between("dropout", () -> new Dropout(0.3)),
            new Architecture("batch-norm", d -> new Layer[] {new Linear(10, 16, d), new BatchNorm1d(16, 1e-5, 0.1, true, d), new ReLU(), new Linear(16, 4, d)}),
            new Architecture("batch-norm-plain", d -> new Layer[] {new Linear(10, 16, d), new BatchNorm1d(16, 1e-3, 0.2, false, d), new Linear(16, 4, d)}),
            new Architecture("layer-norm", d -> new Layer[] {new Linear(10, 16, d), new LayerNorm(16, 1e-5, true, d), new GELU(), new Linear(16, 4, d)}),
            new Architecture("layer-norm-plain", d -> new Layer[] {new Linear(10, 16, d), new LayerNorm(16, 0.5, false, d), new Linear(16, 4, d)}));

    /** Linear(10 → 16), the layer, Linear(16 → 4). */
    private static Architecture between(String name, Supplier<Layer> layer) {
        return new Architecture(name, () -> new Layer[] {new Linear(10, 16), layer.get(), new Linear(16, 4)});
    }

    /** The opsets where a layer's form changes: 13 (decompositions), 17 (LayerNormalization), 20 (Gelu). */
    static final int[] OPSETS = {13, 17, 20};

    static Stream<Arguments> models() {
        return ARCHITECTURES.stream().flatMap(a -> Stream.of(DType.F32, DType.F64).map(d -> Arguments.of(a, d)));
    }

    /**
     * The operators ONNX Runtime's CPU provider (1.23) implements for FLOAT only: a DOUBLE model using one cannot be
     * run there (Erf, Softplus, LeakyRelu, Elu: no DOUBLE kernel; Gelu: its 'none' form expands to Erf, its 'tanh'
     * form computes to float accuracy, 3e-9 relative), so those models are judged by ONNX Runtime in FLOAT and in
     * DOUBLE by the round trip (and, for the decompositions, the same file's FLOAT twin).
     */
    static final Set<String> FLOAT_ONLY_IN_ORT = Set.of("Erf", "Softplus", "LeakyRelu", "Elu", "Gelu");

    static Stream<Arguments> runnableInOrt() {
        return modelsAndOpsets().filter(a -> {
            Architecture architecture = (Architecture) a.get()[0];
            DType dtype = (DType) a.get()[1];
            int opset = (Integer) a.get()[2];
            return dtype == DType.F32 || OnnxExport.toModel(architecture.build(dtype, 1), Map.of(), opset).getGraph().getNodeList()
                    .stream().noneMatch(n -> FLOAT_ONLY_IN_ORT.contains(n.getOpType()));
        });
    }

    static Stream<Arguments> modelsAndOpsets() {
        return models().flatMap(m -> java.util.Arrays.stream(OPSETS).mapToObj(o -> Arguments.of(m.get()[0], m.get()[1], o)));
    }

    @ParameterizedTest(name = "{0} {1} opset {2}")
    @MethodSource("runnableInOrt")
    void onnxRuntimeComputesWhatLanesComputes(Architecture architecture, DType dtype, int opset) throws Exception {
        Sequential model = architecture.build(dtype, 11);
        model.eval();
        byte[] file = OnnxExport.toBytes(model, opset);
        Files.createDirectories(EXPORTED);
        Files.write(EXPORTED.resolve(architecture.name() + "-" + dtype + "-opset" + opset + ".onnx"), file);
        int in = ((Linear) model.layers().stream().filter(l -> l instanceof Linear).findFirst().orElseThrow()).inFeatures();
        try (OrtRunner ort = new OrtRunner(file)) {
            // One session, several batch sizes: the batch dimension is symbolic.
            for (int batch : new int[] {1, 7, 64}) {
                Tensor x = randomInput(dtype, batch, in, 100 + batch);
                assertEquals(opset, ModelProto.parseFrom(file).getOpsetImport(0).getVersion());
                Tensor expected = model.forward(x).copy();
                Tensor actual = ort.run(x);
                assertWithin(architecture + " " + dtype + " batch " + batch, expected, actual, ErrorBound.of(model, x, dtype));
            }
        }
    }

    @Test
    void theGraphHasTheDocumentedInterface() throws Exception {
        for (DType dtype : DType.values()) {
            Sequential model = ARCHITECTURES.get(2).build(dtype, 3);
            ModelProto proto = ModelProto.parseFrom(OnnxExport.toBytes(model));
            assertEquals(OnnxExport.IR_VERSION, proto.getIrVersion());
            assertEquals(1, proto.getOpsetImportCount());
            assertEquals("", proto.getOpsetImport(0).getDomain());
            assertEquals(13, proto.getOpsetImport(0).getVersion());
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                    proto.getGraph().getInitializerList().stream().map(TensorProto::getName).toList());
            int elem = dtype == DType.F32 ? TensorProto.DataType.FLOAT_VALUE : TensorProto.DataType.DOUBLE_VALUE;
            proto.getGraph().getInitializerList().forEach(t -> assertEquals(elem, t.getDataType(), t.getName()));
            assertEquals(List.of("Gemm", "Sigmoid", "Gemm", "Relu", "Gemm"),
                    proto.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList());

            try (OrtRunner ort = new OrtRunner(proto.toByteArray())) {
                Map<String, NodeInfo> inputs = ort.session().getInputInfo();
                Map<String, NodeInfo> outputs = ort.session().getOutputInfo();
                assertEquals(List.of(OnnxExport.INPUT), List.copyOf(inputs.keySet()));
                assertEquals(List.of(OnnxExport.OUTPUT), List.copyOf(outputs.keySet()));
                TensorInfo input = (TensorInfo) inputs.get(OnnxExport.INPUT).getInfo();
                TensorInfo output = (TensorInfo) outputs.get(OnnxExport.OUTPUT).getInfo();
                assertArrayEquals(new long[] {-1, 20}, input.getShape());      // -1: the symbolic batch
                assertArrayEquals(new long[] {-1, 2}, output.getShape());
                assertEquals(OnnxExport.BATCH, input.getDimensionNames()[0]);
                assertEquals(dtype == DType.F32 ? "FLOAT" : "DOUBLE", input.type.name());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} opset {2}")
    @MethodSource("modelsAndOpsets")
    void readingTheFileBackGivesEveryParameterBit(Architecture architecture, DType dtype, int opset) throws Exception {
        Sequential model = architecture.build(dtype, 5);
        Sequential back = OnnxImport.fromBytes(Path.of(architecture.name() + ".onnx"), OnnxExport.toBytes(model, opset));

        assertEquals(model.describe(), back.describe());
        Map<String, Tensor> expected = tensors(model);
        Map<String, Tensor> actual = tensors(back);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            assertArrayEquals(e.shape(), a.shape(), name);
            assertEquals(e.dtype(), a.dtype(), name);
            if (dtype == DType.F32) {
                assertArrayEquals(bits(e.floats(), e.size()), bits(a.floats(), a.size()), name);
            } else {
                assertArrayEquals(bits(e.doubles(), e.size()), bits(a.doubles(), a.size()), name);
            }
        }
    }

    @Test
    void nestedSequentialsAreWrittenFlatWithTheirParameterNames() throws Exception {
        Sequential inner = new Sequential(new Linear(4, 3).initialize(Initializers.he(), new SeededRandom(1)), new ReLU());
        Sequential model = new Sequential(inner, new Linear(3, 2).initialize(Initializers.he(), new SeededRandom(2)));
        ModelProto proto = ModelProto.parseFrom(OnnxExport.toBytes(model));
        assertEquals(List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias"),
                proto.getGraph().getInitializerList().stream().map(TensorProto::getName).toList());
        Tensor x = randomInput(DType.F32, 3, 4, 9);
        try (OrtRunner ort = new OrtRunner(proto.toByteArray())) {
            assertWithin("nested", model.forward(x).copy(), ort.run(x), ErrorBound.of(model, x, DType.F32));
        }
    }

    @Test
    void aSaveReplacesTheFileWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = EXPORTED.resolve("replaced.onnx");
        Files.createDirectories(EXPORTED);
        Files.write(file, new byte[] {1, 2, 3});
        Sequential model = ARCHITECTURES.get(1).build(DType.F32, 8);
        OnnxExport.save(model, file, Map.of("lanes.note", "metadata_props"));
        assertArrayEquals(OnnxExport.toModel(model, Map.of("lanes.note", "metadata_props")).toByteArray(), Files.readAllBytes(file));
        assertEquals(Map.of("lanes.note", "metadata_props"), OnnxImport.read(file, model.kernels()).metadata());
        assertTrue(!Files.exists(dev.lanes.nn.io.AtomicFile.temporaryFile(file)));
    }

    /** What cannot be exported is refused before anything is written, naming the layer. */
    @Test
    void modelsThatCannotBeWrittenAreRefusedNamingTheLayer() {
        Layer custom = new Layer() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                return gradOutput;
            }

            @Override
            public String describe() {
                return "Custom()";
            }
        };
        record Case(Sequential model, String message) {
        }
        List<Case> cases = List.of(
                new Case(new Sequential(new Linear(3, 2), custom), "layer 1, Custom(), has no ONNX export"),
                new Case(new Sequential(new ReLU(), new Sigmoid()), "has no Linear layer"),
                new Case(new Sequential(new Linear(3, 2), new Linear(2, 2, DType.F64)), "layer 1, Linear(2 → 2), is F64 in a model whose first Linear is F32"));
        for (Case c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(c.model()));
            assertTrue(e.getMessage().contains(c.message()), e.getMessage());
        }
    }

    /** Parameters and the running statistics, by name (num_batches_tracked, training state, is not in ONNX). */
    private static Map<String, Tensor> tensors(Sequential model) {
        Map<String, Tensor> all = new java.util.TreeMap<>();
        model.namedParameters().forEach((name, p) -> all.put(name, p.value()));
        model.namedBuffers().forEach((name, t) -> {
            if (!name.endsWith("num_batches_tracked")) {
                all.put(name, t);
            }
        });
        return all;
    }

    static Tensor randomInput(DType dtype, int batch, int features, long seed) {
        SeededRandom random = new SeededRandom(seed);
        Tensor x = Tensor.zeros(dtype, batch, features);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        return x;
    }

    static void assertWithin(String what, Tensor expected, Tensor actual, double[] bound) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            double difference = Math.abs(expected.getFlat(i) - actual.getFlat(i));
            if (!(difference <= bound[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual.getFlat(i) + ", expected "
                        + expected.getFlat(i) + " within " + bound[i] + " (off by " + difference + ")");
            }
        }
    }

    private static int[] bits(float[] values, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static long[] bits(double[] values, int n) {
        return Arrays.stream(values, 0, n).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
