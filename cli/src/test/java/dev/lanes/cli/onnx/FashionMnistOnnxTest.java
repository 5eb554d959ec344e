package dev.lanes.cli.onnx;

import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.cli.data.DataSplits;
import dev.lanes.cli.data.Examples;
import dev.lanes.nn.datasets.Pixels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.onnx.ErrorBound;
import dev.lanes.onnx.OnnxExport;
import dev.lanes.onnx.OnnxImport;
import dev.lanes.onnx.OrtRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX in and out on the real Fashion-MNIST test set (Debian's dataset-fashion-mnist, as CI installs it; or
 * $LANES_DATA or the cache, as the command line finds it): PyTorch's export of a trained 784-256-128-10 network,
 * imported, predicts PyTorch's class for every test image and computes ONNX Runtime's logits within
 * {@link ErrorBound}; exported again by Lanes, ONNX Runtime computes Lanes' logits within the same bound.
 */
class FashionMnistOnnxTest {

    /** Logits are compared, against a bound computed in plain Java, on this many images; classes on all 10,000. */
    static final int COMPARED = 2_000;

    static Examples test;
    static Sequential pytorchModel;
    static Tensor images;
    static Tensor compared;
    static double[] bound;

    @BeforeAll
    static void load() throws Exception {
        DataLocator.Location location = DataLocator.forThisMachine(null).locate(DataSetSpec.FASHION_MNIST, null);
        test = DataSplits.loadTest(DataSetSpec.FASHION_MNIST, location, Pixels.SCALED, Integer.MAX_VALUE);
        assertEquals(10_000, test.count());
        pytorchModel = OnnxImport.fromBytes(Path.of("fashion_mnist_mlp.onnx"), fixture("fashion_mnist_mlp.onnx"));
        images = Tensor.of(test.features(), test.count(), test.width());
        compared = images.firstRows(COMPARED).copy();
        bound = ErrorBound.of(pytorchModel, compared, DType.F32);
    }

    @Test
    void importedPyTorchModelPredictsPyTorchsClassesAndOnnxRuntimesLogits() throws Exception {
        try (OrtRunner runner = new OrtRunner(fixture("fashion_mnist_mlp.onnx"))) {
            assertWithin("imported against ONNX Runtime", runner.run(compared), pytorchModel.forward(compared).copy(), bound);
        }
        Tensor logits = pytorchModel.forward(images).copy();

        byte[] pytorchClasses = fixture("fashion_mnist_mlp.classes");
        assertEquals(test.count(), pytorchClasses.length);
        int correct = 0;
        int disagreements = 0;
        for (int i = 0; i < test.count(); i++) {
            int lanes = argmax(logits, i);
            // A different class would have to come from a near-tie (logits apart by less than the bound); there is none.
            if (lanes != pytorchClasses[i]) {
                disagreements++;
                double gap = logits.get(i, lanes) - logits.get(i, pytorchClasses[i]);
                Tensor image = Tensor.of(java.util.Arrays.copyOfRange(test.features(), i * test.width(), (i + 1) * test.width()),
                        1, test.width());
                double[] rowBound = ErrorBound.of(pytorchModel, image, DType.F32);
                assertTrue(gap <= rowBound[lanes] + rowBound[pytorchClasses[i]],
                        "image " + i + ": Lanes predicts " + lanes + ", PyTorch " + pytorchClasses[i] + ", logits apart by " + gap);
            }
            correct += lanes == test.labels()[i] ? 1 : 0;
        }
        assertEquals(0, disagreements, "images where Lanes and PyTorch predict different classes (near-ties)");
        // The script printed PyTorch's accuracy for this model: 82.36%.
        assertEquals(0.8236, correct / 10_000.0, 0.0005);
    }

    @Test
    void exportedAgainOnnxRuntimeComputesLanesLogits() throws Exception {
        Tensor logits = pytorchModel.forward(compared).copy();
        try (OrtRunner runner = new OrtRunner(OnnxExport.toBytes(pytorchModel))) {
            assertWithin("exported by Lanes, run by ONNX Runtime", logits, runner.run(compared), bound);
        }
    }

    private static int argmax(Tensor logits, int row) {
        int best = 0;
        for (int c = 1; c < logits.cols(); c++) {
            if (logits.get(row, c) > logits.get(row, best)) {
                best = c;
            }
        }
        return best;
    }

    private static void assertWithin(String what, Tensor expected, Tensor actual, double[] bound) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            double difference = Math.abs(expected.getFlat(i) - actual.getFlat(i));
            assertTrue(difference <= bound[i], what + ": element " + i + " off by " + difference + ", bound " + bound[i]);
        }
    }

    /** A fixture's bytes: from lanes-onnx's test-jar, or its test-classes folder in a reactor build. */
    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FashionMnistOnnxTest.class.getResourceAsStream("/dev/lanes/onnx/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name + " on the test class path (lanes-onnx's test-jar)");
            }
            return in.readAllBytes();
        }
    }
}
