package dev.lanes.nn.layers;

import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.check.GradientCheck;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.io.InvalidModelFileException;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.io.SafeTensors;
import dev.lanes.nn.loss.HalfSquaredError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dropout, BatchNorm1d, LayerNorm and Linear without bias: against values PyTorch 1.13 computed
 * ({@code nn/scripts/normalization_fixtures.py}), in float64 and in float32 on the default (vector) kernels;
 * float64 gradient checks of each (relative error &lt; 1e-7), BatchNorm in training and in evaluation mode;
 * training versus evaluation behaviour; and save/load round trips of a model with every layer type.
 */
class NormalizationLayersTest {

    private static final double H = 1e-5;
    private static final double MAX_ERROR = 1e-7;

    // ============================================ PyTorch's values ============================================

    private static Map<String, Tensor> fixture;

    private static synchronized Map<String, Tensor> fixture() throws IOException, URISyntaxException {
        if (fixture == null) {
            fixture = SafeTensors.read(Path.of(NormalizationLayersTest.class.getResource("normalization-pytorch.safetensors").toURI())).tensors();
        }
        return fixture;
    }

    private static Tensor fixture(String name, DType dtype) throws IOException, URISyntaxException {
        Tensor t = fixture().get(name);
        if (t == null) {
            throw new AssertionError("the fixture has no tensor '" + name + "'");
        }
        return t.to(dtype);
    }

    /**
     * How close Lanes must be: float64 agrees with PyTorch's float64 to rounding (a few hundred ulps of values of
     * order 1-10 after the normalisation's divisions); float32 is the same computation rounded to float32 at each
     * step, so it is off by some ulps of float32 relative to the magnitudes involved.
     */
    private static double tolerance(DType dtype) {
        return dtype == DType.F64 ? 1e-12 : 2e-5;
    }

    private static void assertClose(Tensor expected, Tensor actual, DType dtype, String what) {
        assertEquals(expected.size(), actual.size(), what + ": size");
        double scale = 1;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.getFlat(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i), a = actual.getFlat(i);
            assertTrue(Math.abs(e - a) <= tolerance(dtype) * scale,
                    what + "[" + i + "]: PyTorch " + e + ", Lanes " + a + " (" + dtype + ")");
        }
    }

    /** The fixture's BatchNorm1d runs: its prefix and the layer PyTorch ran. */
    static Stream<Arguments> batchNorms() {
        return Stream.of(DType.F64, DType.F32).flatMap(dtype -> Stream.of(
                Arguments.of("bn", dtype, (Supplier<BatchNorm1d>) () -> new BatchNorm1d(5, 1e-5, 0.1, true, dtype)),
                Arguments.of("bnx", dtype, (Supplier<BatchNorm1d>) () -> new BatchNorm1d(5, 1e-3, 0.3, false, dtype))));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("batchNorms")
    void batchNormMatchesPyTorchInTrainingAndEvaluation(String prefix, DType dtype, Supplier<BatchNorm1d> make) throws Exception {
        BatchNorm1d bn = make.get();
        Sequential model = new Sequential(bn);
        if (bn.affine()) {
            bn.weight().value().copyFrom(fixture(prefix + ".weight", dtype));
            bn.bias().value().copyFrom(fixture(prefix + ".bias", dtype));
        }
        model.train();
        for (int step = 0; step < 3; step++) {
            String p = prefix + ".step" + step + ".";
            model.zeroGrad();
            Tensor y = model.forward(fixture(p + "x", dtype));
            assertClose(fixture(p + "y", dtype), y, dtype, p + "y");
            assertClose(fixture(p + "dx", dtype), model.backward(fixture(p + "grad_out", dtype)), dtype, p + "dx");
            if (bn.affine()) {
                assertClose(fixture(p + "dweight", dtype), bn.weight().grad(), dtype, p + "dweight");
                assertClose(fixture(p + "dbias", dtype), bn.bias().grad(), dtype, p + "dbias");
            }
            assertClose(fixture(p + "running_mean", dtype), bn.runningMean(), dtype, p + "running_mean");
            assertClose(fixture(p + "running_var", dtype), bn.runningVar(), dtype, p + "running_var");
            assertEquals(fixture(p + "num_batches_tracked", DType.F64).getFlat(0), bn.batchesTracked(), p + "num_batches_tracked");
        }
        model.eval();
        model.zeroGrad();
        String p = prefix + ".eval.";
        Tensor y = model.forward(fixture(p + "x", dtype));
        assertClose(fixture(p + "y", dtype), y, dtype, p + "y");
        assertClose(fixture(p + "dx", dtype), model.backward(fixture(p + "grad_out", dtype)), dtype, p + "dx");
        if (bn.affine()) {
            assertClose(fixture(p + "dweight", dtype), bn.weight().grad(), dtype, p + "dweight");
            assertClose(fixture(p + "dbias", dtype), bn.bias().grad(), dtype, p + "dbias");
        }
        assertEquals(3, bn.batchesTracked(), "evaluation leaves the running statistics alone");
    }

    static Stream<Arguments> layerNorms() {
        return Stream.of(DType.F64, DType.F32).flatMap(dtype -> Stream.of(
                Arguments.of("ln", dtype, (Supplier<LayerNorm>) () -> new LayerNorm(6, 1e-5, true, dtype)),
                Arguments.of("lnx", dtype, (Supplier<LayerNorm>) () -> new LayerNorm(6, 1e-3, false, dtype))));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("layerNorms")
    void layerNormMatchesPyTorch(String prefix, DType dtype, Supplier<LayerNorm> make) throws Exception {
        LayerNorm ln = make.get();
        if (ln.elementwiseAffine()) {
            ln.weight().value().copyFrom(fixture(prefix + ".weight", dtype));
            ln.bias().value().copyFrom(fixture(prefix + ".bias", dtype));
        }
        for (boolean training : new boolean[] {true, false}) {
            if (training) {
                ln.train();
            } else {
                ln.eval();
            }
            ln.zeroGrad();
            assertClose(fixture(prefix + ".y", dtype), ln.forward(fixture(prefix + ".x", dtype)), dtype, prefix + ".y");
            assertClose(fixture(prefix + ".dx", dtype), ln.backward(fixture(prefix + ".grad_out", dtype)), dtype, prefix + ".dx");
            if (ln.elementwiseAffine()) {
                assertClose(fixture(prefix + ".dweight", dtype), ln.weight().grad(), dtype, prefix + ".dweight");
                assertClose(fixture(prefix + ".dbias", dtype), ln.bias().grad(), dtype, prefix + ".dbias");
            }
        }
    }

    // ============================================ gradient checks ============================================

    private static Tensor random(SeededRandom r, double offset, int... shape) {
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, offset + r.nextGaussian());
        }
        return t;
    }

    /**
     * A layer between two Linear layers (so that its input and parameter gradients all reach the loss), in float64.
     * Inputs of normalising layers are offset from 0, so that subtracting the mean matters; the others are not, since
     * a large offset only makes the loss large beside its input gradient, whose central differences then lose
     * digits to cancellation.
     */
    record Case(String name, Supplier<Layer> layer, boolean training, double inputOffset) {
        Case(String name, Supplier<Layer> layer, boolean training) {
            this(name, layer, training, 2);
        }

        @Override
        public String toString() {
            return name + (training ? ", training" : ", evaluation");
        }
    }

    static Stream<Case> layersToCheck() {
        return Stream.of(
                new Case("BatchNorm1d affine", () -> new BatchNorm1d(7, 1e-5, 0.1, true, DType.F64), true),
                new Case("BatchNorm1d affine", () -> new BatchNorm1d(7, 1e-5, 0.1, true, DType.F64), false),
                new Case("BatchNorm1d not affine", () -> new BatchNorm1d(7, 1e-3, 0.3, false, DType.F64), true),
                new Case("BatchNorm1d not affine", () -> new BatchNorm1d(7, 1e-3, 0.3, false, DType.F64), false),
                new Case("LayerNorm affine", () -> new LayerNorm(7, 1e-5, true, DType.F64), true),
                new Case("LayerNorm not affine", () -> new LayerNorm(7, 1e-3, false, DType.F64), true),
                new Case("Linear without bias", () -> new Linear(7, 7, false, DType.F64), true, 0),
                new Case("Dropout", () -> new Dropout(0.3), false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layersToCheck")
    void gradientsMatchCentralDifferences(Case c) {
        SeededRandom r = new SeededRandom(31);
        Layer layer = c.layer().get();
        Sequential model = new Sequential(new Linear(5, 7, DType.F64).initialize(Initializers.pytorchDefault(), r), layer,
                new Linear(7, 3, DType.F64).initialize(Initializers.pytorchDefault(), r));
        randomizeNormalization(layer, r);
        if (c.training()) {
            model.train();
        } else {
            model.eval();
        }
        Tensor input = random(r, c.inputOffset(), 6, 5);
        GradientCheck.Report report = GradientCheck.check(model, input, new HalfSquaredError(model), random(r, 0, 6, 3), null, H);
        assertTrue(report.maxRelativeError() < MAX_ERROR, c + ": " + report);
        assertTrue(report.relativeErrors().size() >= 4, "the input and every parameter are checked: " + report);
    }

    /** Parameters and running statistics away from their initial 1 and 0, so that a swapped term cannot hide. */
    private static void randomizeNormalization(Layer layer, SeededRandom r) {
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.value().size(); i++) {
                p.value().setFlat(i, p.value().getFlat(i) + 0.5 * r.nextGaussian());
            }
        }
        for (Map.Entry<String, Tensor> e : layer.namedBuffers().entrySet()) {
            if (e.getKey().startsWith("running")) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    e.getValue().setFlat(i, 1 + 0.5 * Math.abs(r.nextGaussian()));
                }
            }
        }
    }

    /** In training mode dropout draws a mask per forward pass: the check restores the generator before each one, as a fixed mask. */
    @Test
    void dropoutInTrainingModeBackPropagatesThroughItsMask() {
        SeededRandom r = new SeededRandom(32);
        Sequential model = new Sequential(new Linear(5, 9, DType.F64).initialize(Initializers.pytorchDefault(), r), new Dropout(0.4),
                new Linear(9, 3, DType.F64).initialize(Initializers.pytorchDefault(), r));
        Tensor input = random(r, 0, 6, 5), target = random(r, 0, 6, 3);
        HalfSquaredError loss = new HalfSquaredError(model);
        Supplier<Double> objective = () -> {
            model.setRandom(new SeededRandom(77));
            return loss.forward(model.forward(input), target);
        };
        model.zeroGrad();
        objective.get();
        Tensor dx = model.backward(loss.backward()).copy();
        assertTrue(GradientCheck.relativeError(dx, GradientCheck.numericalGradient(objective::get, input, H)) < MAX_ERROR, "input");
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor analytic = e.getValue().grad().copy();
            assertTrue(GradientCheck.relativeError(analytic, GradientCheck.numericalGradient(objective::get, e.getValue().value(), H)) < MAX_ERROR,
                    e.getKey());
        }
        Tensor hidden = ((Linear) model.get(0)).forward(input);
        model.setRandom(new SeededRandom(77));
        Tensor dropped = model.get(1).forward(hidden);
        int zeros = 0;
        for (int i = 0; i < dropped.size(); i++) {
            zeros += dropped.getFlat(i) == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < dropped.size(), "the checked mask drops some elements and keeps others: " + zeros);
    }

    /** A ReLU after a batch normalisation, then a Dropout: the fused plan's one pass gives the unfused plan's bits. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void reluThenDropoutRunsAsOnePassWithTheSameBits(DType dtype) {
        List<Sequential> models = List.of(true, false).stream().map(fuse -> {
            SeededRandom r = new SeededRandom(41);
            Sequential m = new Sequential(List.of(new Linear(6, 33, dtype).initialize(Initializers.pytorchDefault(), r),
                    new BatchNorm1d(33, 1e-5, 0.1, true, dtype), new ReLU(), new Dropout(0.4),
                    new Linear(33, 3, dtype).initialize(Initializers.pytorchDefault(), r)), fuse);
            m.setRandom(new SeededRandom(42));
            return m;
        }).toList();
        Sequential fused = models.get(0), unfused = models.get(1);
        assertTrue(fused.isFusedIntoPrevious(3) && !unfused.isFusedIntoPrevious(3));
        assertTrue(fused.describe().contains("Dropout(p=0.4) (in the ReLU's pass)"), fused.describe());
        Tensor x = random(new SeededRandom(43), 1, 10, 6).to(dtype), target = random(new SeededRandom(44), 0, 10, 3).to(dtype);
        for (boolean training : new boolean[] {true, false}) {
            List<Tensor> inputGradients = new java.util.ArrayList<>(), outputs = new java.util.ArrayList<>();
            for (Sequential m : models) {
                if (training) {
                    m.train();
                } else {
                    m.eval();
                }
                HalfSquaredError loss = new HalfSquaredError(m);
                m.zeroGrad();
                Tensor y = m.forward(x);
                outputs.add(y.copy());
                loss.forward(y, target);
                inputGradients.add(m.backward(loss.backward()).copy());
            }
            assertTrue(outputs.get(0).contentEquals(outputs.get(1)), "output, training " + training);
            assertTrue(inputGradients.get(0).contentEquals(inputGradients.get(1)), "input gradient, training " + training);
            for (String name : fused.namedParameters().keySet()) {
                assertTrue(fused.namedParameters().get(name).grad().contentEquals(unfused.namedParameters().get(name).grad()),
                        name + ", training " + training);
            }
        }
    }

    // ============================================ training and evaluation ============================================

    @ParameterizedTest
    @EnumSource(DType.class)
    void dropoutIsTheIdentityInEvaluationAndScalesWhatItKeepsInTraining(DType dtype) {
        Dropout dropout = new Dropout(0.25);
        Tensor x = Tensor.zeros(dtype, 64, 50);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, 1 + i % 7);
        }
        dropout.eval();
        assertSame(x, dropout.forward(x));
        Tensor g = x.copy();
        assertSame(g, dropout.backward(g));

        dropout.train();
        dropout.setRandom(new SeededRandom(5));
        Tensor y = dropout.forward(x).copy();
        int kept = 0;
        for (int i = 0; i < x.size(); i++) {
            if (y.getFlat(i) != 0) {
                kept++;
                assertEquals(x.getFlat(i) / 0.75, y.getFlat(i), 1e-6 * y.getFlat(i), "kept elements are scaled by 1/(1 - p)");
            }
        }
        double n = x.size(), sd = Math.sqrt(n * 0.25 * 0.75);
        assertEquals(0.75 * n, kept, 5 * sd, "kept " + kept + " of " + n);
        Tensor dx = dropout.backward(x);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(y.getFlat(i), dx.getFlat(i), "the backward pass applies the forward pass's mask");
        }
        Tensor next = dropout.forward(x);
        assertFalse(next.contentEquals(y), "each training forward pass draws a new mask");
        dropout.setRandom(new SeededRandom(5));
        assertTrue(dropout.forward(x).contentEquals(y), "the same generator state gives the same mask");
    }

    @Test
    void badSettingsAndShapesAreRejectedNamingThem() {
        List<Runnable> bad = List.of(
                () -> new Dropout(1.5),
                () -> new Dropout(Double.NaN),
                () -> new BatchNorm1d(0),
                () -> new BatchNorm1d(4, 0, 0.1, true, DType.F32),
                () -> new BatchNorm1d(4, 1e-5, 1.5, true, DType.F32),
                () -> new LayerNorm(-1),
                () -> new LayerNorm(4, -1e-5, true, DType.F32),
                () -> new BatchNorm1d(4).forward(Tensor.zeros(DType.F32, 3, 5)),
                () -> new BatchNorm1d(4).forward(Tensor.zeros(DType.F32, 1, 4)),
                () -> new LayerNorm(4).forward(Tensor.zeros(DType.F64, 3, 4)),
                () -> new Sequential(new Linear(3, 4), new BatchNorm1d(5)).outputFeatures(3));
        for (Runnable r : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().matches(".*(Dropout|BatchNorm1d|LayerNorm).*"), e.getMessage());
        }
        BatchNorm1d bn = new BatchNorm1d(4);
        assertThrows(IllegalStateException.class, () -> bn.backward(Tensor.zeros(DType.F32, 2, 4)));
        bn.forward(Tensor.zeros(DType.F32, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.backward(Tensor.zeros(DType.F32, 2, 4)));
        assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
        bn.eval();
        assertEquals(1, bn.forward(Tensor.zeros(DType.F32, 1, 4)).rows(), "a batch of one is fine in evaluation mode");
    }

    @Test
    void linearWithoutBiasHasNoBiasAndComputesXWTransposed() {
        Linear l = new Linear(3, 2, false, DType.F64);
        assertNull(l.bias());
        assertEquals(List.of("weight"), List.copyOf(l.namedParameters().keySet()));
        l.initialize(Initializers.pytorchDefault(), new SeededRandom(1));
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        Tensor y = l.forward(x);
        for (int o = 0; o < 2; o++) {
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                expected += x.getFlat(i) * l.weight().value().get(o, i);
            }
            assertEquals(expected, y.getFlat(o), 1e-15);
        }
    }

    // ============================================ model files ============================================

    /** A model with every layer type, trained a few steps so that parameters and running statistics are not initial. */
    static Sequential everyLayer(DType dtype) {
        SeededRandom r = new SeededRandom(3);
        Sequential model = new Sequential(
                new Linear(6, 8, dtype).initialize(Initializers.pytorchDefault(), r),
                new BatchNorm1d(8, 1e-5, 0.1, true, dtype),
                new ReLU(),
                new Dropout(0.2),
                new Linear(8, 7, false, dtype).initialize(Initializers.pytorchDefault(), r),
                new LayerNorm(7, 1e-5, true, dtype),
                new Sigmoid(),
                new BatchNorm1d(7, 1e-3, 0.3, false, dtype),
                new LayerNorm(7, 1e-4, false, dtype),
                new Linear(7, 3, dtype).initialize(Initializers.pytorchDefault(), r));
        HalfSquaredError loss = new HalfSquaredError(model);
        model.train();
        for (int step = 0; step < 3; step++) {
            Tensor x = random(r, 1, 10, 6).to(dtype);
            model.zeroGrad();
            loss.forward(model.forward(x), random(r, 0, 10, 3).to(dtype));
            model.backward(loss.backward());
            for (Parameter p : model.parameters()) {
                for (int i = 0; i < p.value().size(); i++) {
                    p.value().setFlat(i, p.value().getFlat(i) - 0.1 * p.grad().getFlat(i));
                }
            }
        }
        return model;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aModelWithEveryLayerTypeSurvivesASaveAndLoad(DType dtype, @TempDir Path dir) throws IOException {
        Sequential model = everyLayer(dtype);
        Path file = dir.resolve("every-layer.safetensors");
        ModelFile.save(model, file);
        Sequential loaded = ModelFile.load(file);
        assertEquals(model.describe(), loaded.describe());
        Map<String, Tensor> saved = ModelFile.tensors(model), back = ModelFile.tensors(loaded);
        assertEquals(saved.keySet(), back.keySet());
        assertTrue(saved.keySet().containsAll(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked", "7.running_mean")),
                "buffers are saved under PyTorch's names: " + saved.keySet());
        assertFalse(saved.containsKey("4.bias") || saved.containsKey("7.weight") || saved.containsKey("8.weight"),
                "layers without a bias or without affine parameters save none: " + saved.keySet());
        for (String name : saved.keySet()) {
            assertTrue(saved.get(name).contentEquals(back.get(name)), name);
        }
        assertEquals(3, ((BatchNorm1d) loaded.get(1)).batchesTracked());
        model.eval();
        loaded.eval();
        Tensor x = random(new SeededRandom(8), 1, 5, 6).to(dtype);
        assertTrue(model.forward(x).contentEquals(loaded.forward(x)), "the same predictions in evaluation mode");
    }

    @Test
    void loadingIntoAModelChecksBuffersAsStrictlyAsParameters(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bn.safetensors");
        Sequential withBuffers = new Sequential(new Linear(4, 3), new BatchNorm1d(3));
        ModelFile.save(withBuffers, file);
        InvalidModelFileException missing = assertThrows(InvalidModelFileException.class,
                () -> ModelFile.loadInto(file, new Sequential(new Linear(4, 3), new BatchNorm1d(3, 1e-5, 0.1, false, DType.F32))));
        assertTrue(missing.getMessage().contains("unexpected tensor '1.weight'"), missing.getMessage());
        Sequential other = new Sequential(new Linear(4, 3), new BatchNorm1d(3));
        ((BatchNorm1d) other.get(1)).runningMean().setFlat(0, 42);
        ModelFile.loadInto(file, other);
        assertEquals(0, ((BatchNorm1d) other.get(1)).runningMean().getFlat(0), "buffers are loaded too");
    }
}
