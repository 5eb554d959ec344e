package dev.lanes.nn.quant;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.io.QuantizedModelFile;
import dev.lanes.nn.io.SafeTensors;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.train.Predictor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lanes' quantisation against files PyTorch 1.13 wrote ({@code nn/scripts/quantized_fixtures.py}): the bf16 and f16
 * state dicts of a 37-20-3 net load as quantized models and compute the float32 net with PyTorch's rounded
 * parameters; Lanes rounds float32 weights to bf16 and f16 exactly as PyTorch does, and to int8 exactly as
 * {@code torch.quantize_per_channel} with scale max|w_row|/127 does.
 */
class QuantizedPyTorchFixtureTest {

    static Map<String, Tensor> reference;

    @BeforeAll
    static void read() throws IOException {
        reference = SafeTensors.read(fixture("reference.safetensors")).tensors();
    }

    static Path fixture(String name) {
        try {
            return Path.of(QuantizedPyTorchFixtureTest.class.getResource("/dev/lanes/nn/quant/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Sequential architecture() {
        return new Sequential(new Linear(37, 20), new ReLU(), new Linear(20, 3));
    }

    /** The float32 net PyTorch started from. */
    static Sequential pytorchFloatModel() {
        Sequential model = architecture();
        for (Map.Entry<String, Tensor> e : ModelFile.tensors(model).entrySet()) {
            e.getValue().copyFrom(reference.get("fp32." + e.getKey()));
        }
        return model;
    }

    /**
     * The bound on |y − y_exact| for the float32 evaluation of y = W₂·relu(W₁x + b₁) + b₂ (PyTorch's rounded
     * parameters, exact in float32): each layer's sums are within γ_{k+2}·(|W||h| + |b|) of exact (k products, k − 1
     * additions, the bias: k + 1 roundings, one spare), and ReLU is 1-Lipschitz, so the first layer's error e₁ reaches
     * the output as at most |W₂|·e₁. The sum of the two is below 2·γ_{k₁+k₂+4}·M with M = |W₂|(|W₁||x| + |b₁|) + |b₂|.
     */
    static double bound(double[][] w1, double[] b1, double[][] w2, double[] b2, double[] x) {
        double[] h = new double[b1.length];
        for (int j = 0; j < h.length; j++) {
            h[j] = Math.abs(b1[j]);
            for (int p = 0; p < x.length; p++) {
                h[j] += Math.abs(w1[j][p] * x[p]);
            }
        }
        double max = 0;
        for (int c = 0; c < b2.length; c++) {
            double m = Math.abs(b2[c]);
            for (int j = 0; j < h.length; j++) {
                m += Math.abs(w2[c][j]) * h[j];
            }
            max = Math.max(max, m);
        }
        int n = 37 + 20 + 4;
        double u = 0x1p-24;
        return 2 * n * u / (1 - n * u) * max;
    }

    static double[][] rows(Tensor t) {
        double[][] r = new double[t.dim(0)][t.dim(1)];
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] = t.get(i, j);
            }
        }
        return r;
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "F16"})
    void pytorchWrittenStateDictLoadsAndComputesTheNetWithItsRoundedParameters(Precision precision) throws IOException {
        String name = precision == Precision.BF16 ? "bf16" : "f16";
        Sequential model = QuantizedModelFile.load(fixture("pytorch-" + name + ".safetensors"), architecture());
        assertEquals(precision, QuantizedModelFile.precisionOf(model));

        Tensor x = reference.get("x");
        Tensor y = new Predictor(model).values(x);
        Tensor expected = reference.get(name + ".y");
        QuantizedLinear first = (QuantizedLinear) model.get(0), second = (QuantizedLinear) model.get(2);
        double[][] w1 = rows(first.weight().widen()), w2 = rows(second.weight().widen());
        double[] b1 = first.bias().value().toDoubleArray(), b2 = second.bias().value().toDoubleArray();
        for (int i = 0; i < x.rows(); i++) {
            double[] xi = new double[37];
            for (int p = 0; p < 37; p++) {
                xi[p] = x.get(i, p);
            }
            double bound = bound(w1, b1, w2, b2, xi);
            for (int c = 0; c < 3; c++) {
                double error = Math.abs(y.get(i, c) - expected.get(i, c));
                assertTrue(error <= bound, name + " row " + i + " class " + c + ": " + y.get(i, c) + " vs PyTorch's "
                        + expected.get(i, c) + ", off by " + error + " > " + bound);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "F16"})
    void quantizingTheFloatNetRoundsAsPyTorchDoes(Precision precision) throws IOException {
        String name = precision == Precision.BF16 ? "bf16" : "f16";
        Sequential pytorchRounded = QuantizedModelFile.load(fixture("pytorch-" + name + ".safetensors"), architecture());
        Sequential ours = Quantizer.quantize(pytorchFloatModel(), precision);
        for (int i : new int[] {0, 2}) {
            assertArrayEquals(((QuantizedLinear) pytorchRounded.get(i)).weight().halves(),
                    ((QuantizedLinear) ours.get(i)).weight().halves(), name + " weight of layer " + i);
        }
    }

    @Test
    void int8MatchesTorchQuantizePerChannel() {
        Sequential ours = Quantizer.quantize(pytorchFloatModel(), Precision.INT8);
        Map<String, SafeTensors.NarrowTensor> narrow;
        try {
            narrow = SafeTensors.read(fixture("reference.safetensors")).narrowTensors();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (int i : new int[] {0, 2}) {
            NarrowWeight w = ((QuantizedLinear) ours.get(i)).weight();
            assertArrayEquals(reference.get("int8." + i + ".scale").floats(), w.scales(), "scales of layer " + i);
            assertArrayEquals(narrow.get("int8." + i + ".q").bytes(), w.int8(), "int8 values of layer " + i);
        }
    }
}
