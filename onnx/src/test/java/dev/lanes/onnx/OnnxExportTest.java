package dev.lanes.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.Sigmoid;
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
    record Architecture(String name, Supplier<Layer[]> layers) {
        Sequential build(DType dtype, long seed) {
            Layer[] built = layers.get();
            SeededRandom random = new SeededRandom(seed);
            Layer[] typed = new Layer[built.length];
            for (int i = 0; i < built.length; i++) {
                typed[i] = built[i] instanceof Linear l
                        ? new Linear(l.inFeatures(), l.outFeatures(), dtype).initialize(Initializers.pytorchDefault(), random)
                        : built[i];
            }
            return new Sequential(typed);
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
                    new ReLU(), new Linear(128, 10)}));

    static Stream<Arguments> models() {
        return ARCHITECTURES.stream().flatMap(a -> Stream.of(DType.F32, DType.F64).map(d -> Arguments.of(a, d)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void onnxRuntimeComputesWhatLanesComputes(Architecture architecture, DType dtype) throws Exception {
        Sequential model = architecture.build(dtype, 11);
        model.eval();
        byte[] file = OnnxExport.toBytes(model);
        Files.createDirectories(EXPORTED);
        OnnxExport.save(model, EXPORTED.resolve(architecture.name() + "-" + dtype + ".onnx"));
        int in = ((Linear) model.layers().stream().filter(l -> l instanceof Linear).findFirst().orElseThrow()).inFeatures();
        try (OrtRunner ort = new OrtRunner(file)) {
            // One session, several batch sizes: the batch dimension is symbolic.
            for (int batch : new int[] {1, 7, 64}) {
                Tensor x = randomInput(dtype, batch, in, 100 + batch);
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

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void readingTheFileBackGivesEveryParameterBit(Architecture architecture, DType dtype) throws Exception {
        Sequential model = architecture.build(dtype, 5);
        Sequential back = OnnxImport.fromBytes(Path.of(architecture.name() + ".onnx"), OnnxExport.toBytes(model));

        assertEquals(model.describe(), back.describe());
        Map<String, Parameter> expected = model.namedParameters();
        Map<String, Parameter> actual = back.namedParameters();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name).value();
            Tensor a = actual.get(name).value();
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
