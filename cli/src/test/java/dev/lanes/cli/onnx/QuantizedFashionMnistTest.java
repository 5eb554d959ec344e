package dev.lanes.cli.onnx;

import dev.lanes.cli.data.DataSplits;
import dev.lanes.cli.data.Examples;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.Pixels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.quant.NarrowWeight;
import dev.lanes.nn.quant.Precision;
import dev.lanes.nn.quant.QuantizedLinear;
import dev.lanes.nn.quant.Quantizer;
import dev.lanes.nn.train.Predictor;
import dev.lanes.onnx.OnnxImport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reduced-precision inference on the real Fashion-MNIST test set: PyTorch's trained 784-256-128-10 network (the ONNX
 * fixture, imported — so ONNX-imported models quantize as Lanes' own do), quantized to each {@link Precision}, keeps
 * its test accuracy within 0.3 points of float32 on all 10,000 images, and its logits within a bound derived below
 * of the float32 model's on the first {@value #COMPARED} images.
 *
 * <h2>The logit bound</h2>
 * Per layer, with h the float32 model's exact activations (computed in double), e a bound on how far the quantized
 * model's activations are from them, W the float32 weight and Ŵ the quantized one:
 * <pre>  |ẑ − z| ≤ |Ŵ − W|·(|h| + e) + |W|·e + γ_{k+3}·(|Ŵ|·(|h| + e) + |W|·|h| + 2|b|)</pre>
 * — the weights' rounding, the error carried in, and the float32 rounding of both runs (k + 2 roundings each, as in
 * the kernels' conformance bound, one spare). ReLU is 1-Lipschitz, so e passes through it. Elementwise,
 * |Ŵ − W| ≤ 2⁻⁸·|W| for bfloat16 (8 significant bits, round to nearest), ≤ 2⁻¹¹·|W| + 2⁻²⁵ for binary16 (11 bits;
 * half an ulp of its subnormals), and ≤ s·(1/2 + 2⁻¹⁶) for int8 (q = rint(fl(w/s)): half a step, plus the
 * division's rounding).
 */
class QuantizedFashionMnistTest {

    static final int COMPARED = 200;

    static Examples test;
    static Sequential model;
    static Tensor images;
    static double floatAccuracy;
    static Tensor floatLogits;

    @BeforeAll
    static void load() throws Exception {
        DataLocator.Location location = DataLocator.forThisMachine(null).locate(DataSetSpec.FASHION_MNIST, null);
        test = DataSplits.loadTest(DataSetSpec.FASHION_MNIST, location, Pixels.SCALED, Integer.MAX_VALUE);
        model = OnnxImport.fromBytes(Path.of("fashion_mnist_mlp.onnx"), FashionMnistOnnxTest.fixture("fashion_mnist_mlp.onnx"));
        images = Tensor.of(test.features(), test.count(), test.width());
        floatAccuracy = accuracy(new Predictor(model, 1000).classes(images));
        floatLogits = new Predictor(model).values(images.firstRows(COMPARED));
        assertEquals(0.8236, floatAccuracy, 0.0005, "the float32 model's accuracy, as PyTorch measured it");
    }

    static double accuracy(int[] classes) {
        int right = 0;
        for (int i = 0; i < classes.length; i++) {
            right += classes[i] == test.labels()[i] ? 1 : 0;
        }
        return right / (double) classes.length;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void accuracyWithinAThirdOfAPointAndLogitsWithinTheirBound(Precision precision) {
        Sequential quantized = Quantizer.quantize(model, precision);
        double accuracy = accuracy(new Predictor(quantized, 1000).classes(images));
        assertTrue(Math.abs(accuracy - floatAccuracy) <= 0.003,
                precision + ": accuracy " + accuracy + " against float32's " + floatAccuracy);

        Tensor logits = new Predictor(quantized).values(images.firstRows(COMPARED));
        for (int i = 0; i < COMPARED; i++) {
            double[][] bound = bound(quantized, precision, i);
            for (int c = 0; c < 10; c++) {
                double difference = Math.abs(logits.get(i, c) - floatLogits.get(i, c));
                assertTrue(difference <= bound[1][c], precision + ", image " + i + ", class " + c + ": logits differ by "
                        + difference + ", bound " + bound[1][c]);
            }
        }
    }

    /** [0]: the float32 model's exact logits; [1]: the bound on the quantized model's distance from the float32 one's. */
    static double[][] bound(Sequential quantized, Precision precision, int image) {
        double[] h = new double[test.width()];
        for (int p = 0; p < h.length; p++) {
            h[p] = test.features()[image * test.width() + p];
        }
        double[] e = new double[h.length];
        for (int l = 0; l < model.size(); l++) {
            Layer layer = model.get(l);
            if (layer instanceof ReLU) {
                for (int j = 0; j < h.length; j++) {
                    h[j] = Math.max(h[j], 0);
                }
                continue;
            }
            Linear linear = (Linear) layer;
            NarrowWeight narrow = ((QuantizedLinear) quantized.get(l)).weight();
            float[] w = linear.weight().value().floats(), b = linear.bias().value().floats();
            int in = linear.inFeatures(), out = linear.outFeatures();
            double gamma = (in + 3) * 0x1p-24 / (1 - (in + 3) * 0x1p-24);
            double[] z = new double[out], ez = new double[out];
            for (int j = 0; j < out; j++) {
                double sum = b[j], weightError = 0, carried = 0, magnitude = 2 * Math.abs(b[j]);
                for (int p = 0; p < in; p++) {
                    double wjp = w[j * in + p], abs = Math.abs(wjp);
                    double dw = switch (precision) {
                        case BF16 -> 0x1p-8 * abs;
                        case F16 -> 0x1p-11 * abs + 0x1p-25;
                        case INT8 -> narrow.scales()[j] * (0.5 + 0x1p-16);
                    };
                    sum += wjp * h[p];
                    weightError += dw * (Math.abs(h[p]) + e[p]);
                    carried += abs * e[p];
                    magnitude += (abs + dw) * (Math.abs(h[p]) + e[p]) + abs * Math.abs(h[p]);
                }
                z[j] = sum;
                ez[j] = weightError + carried + gamma * magnitude;
            }
            h = z;
            e = ez;
        }
        return new double[][] {h, e};
    }
}
