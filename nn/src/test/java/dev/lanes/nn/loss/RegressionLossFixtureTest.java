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
 * The regression losses against PyTorch 1.13's {@code MSELoss}, {@code L1Loss}, {@code HuberLoss} and
 * {@code SmoothL1Loss} (reduction "mean"): value and gradient, in float64 and float32, on random data and on
 * differences exactly at 0 and at the kinks. The fixture is written by {@code nn/scripts/regression_loss_fixtures.py}.
 */
class RegressionLossFixtureTest {

    /** One case of the fixture. */
    record Case(String loss, double param, DType dtype, int rows, int cols, String label,
                double[] prediction, double[] target, double value, double[] gradient) {
        @Override
        public String toString() {
            return loss + (Double.isNaN(param) ? "" : "(" + param + ")") + " " + dtype + " " + label;
        }

        Loss<Tensor> make(Layer model) {
            return switch (loss) {
                case "mse" -> new MeanSquaredError(model);
                case "l1" -> new MeanAbsoluteError(model);
                case "huber" -> new HuberLoss(model, param);
                case "smooth_l1" -> new SmoothL1Loss(model, param);
                default -> throw new AssertionError("unknown loss in the fixture: " + loss);
            };
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = RegressionLossFixtureTest.class.getResourceAsStream("pytorch-regression-losses.txt")) {
            assertNotNull(in, "the fixture is missing");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("case ")) {
                    continue;
                }
                String[] h = line.split(" ");
                cases.add(new Case(h[1], h[2].equals("-") ? Double.NaN : Double.parseDouble(h[2]), DType.valueOf(h[3]),
                        Integer.parseInt(h[4]), Integer.parseInt(h[5]), h[6], numbers(reader, "prediction"),
                        numbers(reader, "target"), numbers(reader, "loss")[0], numbers(reader, "gradient")));
            }
        }
        return cases;
    }

    private static double[] numbers(BufferedReader reader, String key) throws IOException {
        String line = reader.readLine();
        assertTrue(line != null && line.startsWith(key + " "), "expected " + key + ", got " + line);
        return Arrays.stream(line.substring(key.length() + 1).split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void theFixtureCoversEveryLossInBothPrecisions() throws IOException {
        assertEquals(8 * 3 * 2, cases().size(), "8 losses × 3 inputs × 2 dtypes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueAndGradientMatchPyTorch(Case c) {
        Layer model = new Linear(1, 1, c.dtype());
        Loss<Tensor> loss = c.make(model);
        Tensor prediction = tensor(c.dtype(), c.prediction(), c.rows(), c.cols());
        Tensor target = tensor(c.dtype(), c.target(), c.rows(), c.cols());
        double value = loss.forward(prediction, target);
        // float64: a few roundings in a sum of 15 terms. float32: both sum in float, in different orders.
        double tolerance = c.dtype() == DType.F64 ? 1e-14 : 1e-6;
        assertEquals(c.value(), value, tolerance * Math.max(1, Math.abs(c.value())), "loss");
        assertArrayEquals(c.gradient(), loss.backward().toDoubleArray(), c.dtype() == DType.F64 ? 1e-15 : 1e-7, "gradient");
        assertEquals(-1, loss.correct(prediction, target), "no notion of right");
    }

    private static Tensor tensor(DType dtype, double[] values, int rows, int cols) {
        return Tensor.of(values, rows, cols).to(dtype);
    }

    @Test
    void badArgumentsAreRejectedNamingThem() {
        Layer model = new Linear(1, 1, DType.F64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new HuberLoss(model, 0)).getMessage()
                .contains("delta must be finite and positive, got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(model, -1)).getMessage()
                .contains("beta must be finite and >= 0, got -1.0"));
        Loss<Tensor> mse = new MeanSquaredError(model);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> mse.forward(Tensor.zeros(DType.F64, 2, 3), Tensor.zeros(DType.F64, 2, 2))).getMessage()
                .contains("prediction F64[2, 3] and target F64[2, 2] differ"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mse.checkTargets("fit: training", Tensor.zeros(DType.F64, 4, 2), 1))
                .getMessage().contains("fit: training targets F64[4, 2] have 2 values per sample, but the model has 1 outputs"));
        Tensor nan = Tensor.zeros(DType.F64, 3, 1);
        nan.setFlat(2, Double.NaN);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mse.checkTargets("fit: training", nan, 1))
                .getMessage().contains("target 2 holds NaN"));
        assertThrows(IllegalStateException.class, () -> new MeanAbsoluteError(model).backward());
    }
}
