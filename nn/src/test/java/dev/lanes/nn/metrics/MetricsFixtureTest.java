package dev.lanes.nn.metrics;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.lanes.nn.metrics.ConfusionMatrix.Average.MACRO;
import static dev.lanes.nn.metrics.ConfusionMatrix.Average.WEIGHTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric against scikit-learn 1.2's value on the same data (written by {@code nn/scripts/metric_fixtures.py}):
 * zero divisions, ties, clipping of certain wrong probabilities and constant regression targets included.
 */
class MetricsFixtureTest {

    /** Last bits only: both sides sum the same terms, in orders that may differ. */
    private static final double TOLERANCE = 1e-12;

    /** One case: its kind, name, header numbers and each line's numbers by key. */
    record Case(String kind, String name, int[] header, Map<String, double[]> values) {
        @Override
        public String toString() {
            return kind + " " + name;
        }

        double[] get(String key) {
            return values.get(key);
        }

        int[] ints(String key) {
            return Arrays.stream(values.get(key)).mapToInt(v -> (int) v).toArray();
        }

        double one(String key) {
            return values.get(key)[0];
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = MetricsFixtureTest.class.getResourceAsStream("sklearn-metrics.txt")) {
            assertNotNull(in, "the fixture is missing");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Case current = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] words = line.split(" ");
                if (words[0].equals("case")) {
                    int[] header = Arrays.stream(words, 3, words.length).mapToInt(Integer::parseInt).toArray();
                    cases.add(current = new Case(words[1], words[2], header, new LinkedHashMap<>()));
                } else if (current != null) {
                    current.values().put(words[0], Arrays.stream(words, 1, words.length).mapToDouble(Double::parseDouble).toArray());
                }
            }
        }
        return cases;
    }

    static Stream<Case> ofKind(String kind) throws IOException {
        return cases().stream().filter(c -> c.kind().equals(kind));
    }

    static Stream<Case> classification() throws IOException {
        return ofKind("classification");
    }

    static Stream<Case> logloss() throws IOException {
        return ofKind("logloss");
    }

    static Stream<Case> auc() throws IOException {
        return ofKind("auc");
    }

    static Stream<Case> regression() throws IOException {
        return ofKind("regression");
    }

    @Test
    void theFixtureHoldsEveryKind() throws IOException {
        for (String kind : List.of("classification", "logloss", "auc", "regression")) {
            assertTrue(ofKind(kind).count() >= 2, kind);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classification")
    void confusionMatrixFiguresMatchScikitLearn(Case c) {
        int classes = c.header()[1];
        ConfusionMatrix m = ConfusionMatrix.of(c.ints("truth"), c.ints("predicted"), classes);
        long[] cells = new long[classes * classes];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = m.count(i / classes, i % classes);
        }
        assertArrayEquals(Arrays.stream(c.get("confusion")).mapToLong(v -> (long) v).toArray(), cells, "confusion matrix");
        assertEquals(c.one("accuracy"), m.accuracy(), TOLERANCE, "accuracy");
        for (int k = 0; k < classes; k++) {
            assertEquals(c.get("precision")[k], m.precision(k), TOLERANCE, "precision of " + k);
            assertEquals(c.get("recall")[k], m.recall(k), TOLERANCE, "recall of " + k);
            assertEquals(c.get("f1")[k], m.f1(k), TOLERANCE, "F1 of " + k);
        }
        assertArrayEquals(c.get("macro"), new double[] {m.precision(MACRO), m.recall(MACRO), m.f1(MACRO)}, TOLERANCE, "macro");
        assertArrayEquals(c.get("weighted"), new double[] {m.precision(WEIGHTED), m.recall(WEIGHTED), m.f1(WEIGHTED)},
                TOLERANCE, "weighted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logloss")
    void logLossMatchesScikitLearn(Case c) {
        Tensor p = Tensor.of(c.get("probabilities"), c.header()[0], c.header()[1]);
        assertEquals(c.one("value"), LogLoss.of(c.ints("truth"), p), TOLERANCE * Math.max(1, c.one("value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("auc")
    void rocAucMatchesScikitLearn(Case c) {
        assertEquals(c.one("value"), RocAuc.of(c.ints("truth"), c.get("scores")), TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regression")
    void regressionMetricsMatchScikitLearn(Case c) {
        int n = c.header()[0], outputs = c.header()[1];
        RegressionMetrics m = RegressionMetrics.of(Tensor.of(c.get("truth"), n, outputs), Tensor.of(c.get("predicted"), n, outputs));
        assertEquals(c.one("mse"), m.mse(), TOLERANCE * Math.max(1, c.one("mse")), "MSE");
        assertEquals(c.one("rmse"), m.rmse(), TOLERANCE * Math.max(1, c.one("rmse")), "RMSE");
        assertEquals(c.one("mae"), m.mae(), TOLERANCE * Math.max(1, c.one("mae")), "MAE");
        assertEquals(c.one("r2"), m.r2(), TOLERANCE, "R²");
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("a class out of range", (Executable) () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3),
                        "true class 3 or predicted class 1 is not in [0, 3)"),
                Arguments.of("lengths that differ", (Executable) () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 2),
                        "1 true classes but 2 predicted ones"),
                Arguments.of("one class for AUC", (Executable) () -> RocAuc.of(new int[] {1, 1}, new double[] {0.2, 0.4}),
                        "only one class (1) among the 2 samples"),
                Arguments.of("a third class for AUC", (Executable) () -> RocAuc.of(new int[] {0, 2}, new double[] {0.2, 0.4}),
                        "class 2 of sample 1 is not 0 or 1"),
                Arguments.of("a NaN score", (Executable) () -> RocAuc.of(new int[] {0, 1}, new double[] {Double.NaN, 0.4}),
                        "score NaN of sample 0"),
                Arguments.of("probabilities for other samples", (Executable) () -> LogLoss.of(new int[] {0}, Tensor.zeros(DType.F64, 2, 2)),
                        "probabilities F64[2, 2] for 1 samples"),
                Arguments.of("a label beyond the probabilities", (Executable) () -> LogLoss.of(new int[] {2}, Tensor.zeros(DType.F64, 1, 2)),
                        "class 2 of sample 0 is not in [0, 2)"),
                Arguments.of("regression shapes that differ", (Executable) () -> RegressionMetrics.of(Tensor.zeros(DType.F64, 3, 1),
                        Tensor.zeros(DType.F64, 3, 2)), "truth F64[3, 1] and predictions F64[3, 2]"),
                Arguments.of("no regression sample", (Executable) () -> RegressionMetrics.of(Tensor.zeros(DType.F64, 0, 1),
                        Tensor.zeros(DType.F64, 0, 1)), "no samples"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsRejectedWithTheReason(String what, Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
