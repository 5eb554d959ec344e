package dev.lanes.nn.loss;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CrossEntropyLoss} and {@link BCEWithLogitsLoss} against PyTorch 1.13's {@code CrossEntropyLoss} (class
 * weights, label smoothing, both) and {@code BCEWithLogitsLoss} (with and without {@code pos_weight}), value and
 * gradient in float64 and float32. The fixture is written by {@code nn/scripts/loss_fixtures.py}.
 *
 * <p>Tolerances: PyTorch and Lanes each compute every term within γ_K of its exact value relative to the terms'
 * magnitudes (K = rows + cols + 10 roundings at most: the row sums, the mean, a few products), so they differ by
 * at most 2γ_K times the sum of those magnitudes: for cross-entropy Σᵢ aᵢ·(2·max|x| + log C + 1) / Σᵢ w[yᵢ] with
 * aᵢ = (1 − ε)·w[yᵢ] + (ε/C)·Σⱼ wⱼ (each ℓⱼ ≤ 2·max|x| + log C), for the gradient (aᵢ + the target's weight) / Σ w[y];
 * for BCE Σ (1 + |c|)·(2|x| + 1) / n with c = (p − 1)·y, and (1 + 2|c|) / n for the gradient.
 */
class ClassificationLossFixtureTest {

    /** One case of the fixture: a cross-entropy case has labels and weights, a BCE case targets and pos_weight. */
    record Case(String loss, DType dtype, int rows, int cols, String label, double smoothing, double[] logits,
                int[] labels, double[] targets, double[] weights, double value, double[] gradient) {
        @Override
        public String toString() {
            return loss + " " + dtype + " " + label + (loss.equals("cross_entropy") ? " smoothing " + smoothing : "")
                    + (weights == null ? "" : " weighted");
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = ClassificationLossFixtureTest.class.getResourceAsStream("pytorch-classification-losses.txt")) {
            assertNotNull(in, "the fixture is missing");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("case ")) {
                    continue;
                }
                String[] h = line.split(" ");
                boolean crossEntropy = h[1].equals("cross_entropy");
                double[] logits = numbers(reader, "logits");
                int[] labels = null;
                double[] targets = null;
                if (crossEntropy) {
                    labels = Arrays.stream(field(reader, "labels").split(" ")).mapToInt(Integer::parseInt).toArray();
                } else {
                    targets = numbers(reader, "targets");
                }
                String weights = field(reader, crossEntropy ? "weights" : "pos_weight");
                cases.add(new Case(h[1], DType.valueOf(h[2]), Integer.parseInt(h[3]), Integer.parseInt(h[4]), h[5],
                        crossEntropy ? Double.parseDouble(h[6]) : 0, logits, labels, targets,
                        weights.equals("-") ? null : parse(weights), numbers(reader, "loss")[0], numbers(reader, "gradient")));
            }
        }
        return cases;
    }

    private static String field(BufferedReader reader, String key) throws IOException {
        String line = reader.readLine();
        assertTrue(line != null && line.startsWith(key + " "), "expected " + key + ", got " + line);
        return line.substring(key.length() + 1);
    }

    private static double[] numbers(BufferedReader reader, String key) throws IOException {
        return parse(field(reader, key));
    }

    private static double[] parse(String numbers) {
        return Arrays.stream(numbers.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void theFixtureCoversEveryCaseInBothPrecisions() throws IOException {
        List<Case> cases = cases();
        assertEquals(2 * (9 + 3), cases.size(), "9 cross-entropy and 3 BCE cases × 2 dtypes");
        assertTrue(cases.stream().anyMatch(c -> c.weights() != null && c.smoothing() > 0), "weights with smoothing");
        assertTrue(cases.stream().anyMatch(c -> c.loss().equals("bce_with_logits") && c.weights() != null), "pos_weight");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueAndGradientMatchPyTorch(Case c) {
        Layer model = new Linear(1, 1, c.dtype());
        Tensor logits = Tensor.of(c.logits(), c.rows(), c.cols()).to(c.dtype());
        double u = c.dtype() == DType.F64 ? 0x1p-53 : 0x1p-24;
        int k = c.rows() + c.cols() + 10;
        double gamma = k * u / (1 - k * u);
        double value;
        Tensor gradient;
        double valueTolerance;
        double[] gradientTolerance = new double[c.rows() * c.cols()];
        if (c.loss().equals("cross_entropy")) {
            CrossEntropyLoss loss = new CrossEntropyLoss(model, c.weights(), c.smoothing());
            value = loss.forward(logits, c.labels());
            gradient = loss.backward();
            double maxAbs = Arrays.stream(c.logits()).map(Math::abs).max().orElse(0);
            double weightSum = 0, labelWeights = 0, magnitudes = 0;
            for (int j = 0; j < c.cols(); j++) {
                weightSum += c.weights() == null ? 1 : c.weights()[j];
            }
            for (int i = 0; i < c.rows(); i++) {
                labelWeights += c.weights() == null ? 1 : c.weights()[c.labels()[i]];
            }
            for (int i = 0; i < c.rows(); i++) {
                double labelWeight = c.weights() == null ? 1 : c.weights()[c.labels()[i]];
                double a = (1 - c.smoothing()) * labelWeight + c.smoothing() / c.cols() * weightSum;
                magnitudes += a * (2 * maxAbs + Math.log(c.cols()) + 1);
                for (int j = 0; j < c.cols(); j++) {
                    gradientTolerance[i * c.cols() + j] = 2 * gamma * (a + (c.weights() == null ? 1 : c.weights()[j]) + labelWeight) / labelWeights;
                }
            }
            valueTolerance = 2 * gamma * magnitudes / labelWeights;
        } else {
            BCEWithLogitsLoss loss = new BCEWithLogitsLoss(model, c.weights());
            value = loss.forward(logits, Tensor.of(c.targets(), c.rows(), c.cols()).to(c.dtype()));
            gradient = loss.backward();
            int n = c.rows() * c.cols();
            double magnitudes = 0;
            for (int i = 0; i < n; i++) {
                double extra = c.weights() == null ? 0 : Math.abs((c.weights()[i % c.cols()] - 1) * c.targets()[i]);
                magnitudes += (1 + extra) * (2 * Math.abs(c.logits()[i]) + 1);
                gradientTolerance[i] = 2 * gamma * (1 + 2 * extra) / n;
            }
            valueTolerance = 2 * gamma * magnitudes / n;
        }
        assertEquals(c.value(), value, valueTolerance, "loss");
        double[] actual = gradient.toDoubleArray();
        for (int i = 0; i < actual.length; i++) {
            assertEquals(c.gradient()[i], actual[i], gradientTolerance[i], "gradient element " + i);
        }
    }

    @Test
    void withoutOptionsCrossEntropyIsSoftmaxCrossEntropyBitForBit() {
        Layer model = new Linear(1, 1, DType.F32);
        Tensor logits = Tensor.of(new double[] {3, -1, 0.5, 2, 7, -4}, 2, 3).to(DType.F32);
        int[] labels = {0, 0};
        CrossEntropyLoss general = new CrossEntropyLoss(model);
        SoftmaxCrossEntropy plain = new SoftmaxCrossEntropy(model);
        assertEquals(plain.forward(logits, labels), general.forward(logits, labels));
        assertArrayEquals(plain.backward().toDoubleArray(), general.backward().toDoubleArray());
        assertEquals(plain.describe(), general.describe(), "one loss, one name: either resumes the other's checkpoints");
        assertEquals(1, general.correct(logits, labels), "row 0 is right; row 1's largest logit is at 1, not at its label 0");
    }

    @Test
    void describeNamesTheSettingsSoAResumeCanCompareThem() {
        Layer model = new Linear(1, 3, DType.F64);
        assertEquals("cross_entropy(label_smoothing=0.1)", new CrossEntropyLoss(model, null, 0.1).describe());
        assertEquals("cross_entropy(weight=[1.0, 2.0, 0.5], label_smoothing=0.0)",
                new CrossEntropyLoss(model, new double[] {1, 2, 0.5}, 0).describe());
        assertEquals("bce_with_logits", new BCEWithLogitsLoss(model).describe());
        assertEquals("bce_with_logits(pos_weight=[2.0, 1.0, 3.0])", new BCEWithLogitsLoss(model, new double[] {2, 1, 3}).describe());
    }

    @Test
    void balancedWeightsMakeEveryClassCountAlike() {
        assertArrayEquals(new double[] {6.0 / (3 * 3), 6.0 / (3 * 1), 6.0 / (3 * 2)},
                CrossEntropyLoss.balancedClassWeights(new int[] {0, 0, 0, 1, 2, 2}, 3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.balancedClassWeights(new int[] {0, 2}, 3))
                .getMessage().contains("class 1 has no sample"));
    }

    @Test
    void badArgumentsAreRejectedNamingThem() {
        Layer model = new Linear(1, 3, DType.F64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(model, null, 1.5)).getMessage()
                .contains("labelSmoothing must be in [0, 1], got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(model, new double[] {1, -2, 1}, 0))
                .getMessage().contains("classWeights[1] = -2.0 is not finite and >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(model, new double[] {0, 0}, 0))
                .getMessage().contains("every one of the 2 classWeights is 0"));
        CrossEntropyLoss weighted = new CrossEntropyLoss(model, new double[] {1, 2}, 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> weighted.forward(Tensor.zeros(DType.F64, 2, 3), new int[] {0, 1}))
                .getMessage().contains("2 classWeights for logits F64[2, 3] of 3 classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> weighted.checkTargets("fit: training", new int[] {0}, 3))
                .getMessage().contains("fit: training: CrossEntropyLoss has 2 classWeights, but the model has 3 classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(model).checkTargets("fit: training", new int[] {0, 3}, 3))
                .getMessage().contains("fit: training label 1 is 3, but the model has 3 classes"));

        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BCEWithLogitsLoss(model, new double[] {Double.NaN}))
                .getMessage().contains("posWeight[0] = NaN is not finite and >= 0"));
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss(model);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> bce.forward(Tensor.zeros(DType.F64, 2, 3), Tensor.zeros(DType.F64, 2, 2))).getMessage()
                .contains("logits F64[2, 3] and targets F64[2, 2] are not both [batch, outputs] of one dtype"));
        Tensor outside = Tensor.zeros(DType.F64, 2, 3);
        outside.setFlat(4, 1.5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bce.checkTargets("fit: training", outside, 3))
                .getMessage().contains("fit: training target 1 holds 1.5, not a probability in [0, 1]"));
        assertThrows(IllegalStateException.class, bce::backward);
        assertThrows(IllegalStateException.class, () -> new CrossEntropyLoss(model).backward());
    }
}
