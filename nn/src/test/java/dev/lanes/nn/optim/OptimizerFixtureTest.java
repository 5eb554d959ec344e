package dev.lanes.nn.optim;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.Parameter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Five steps of every optimiser against the values PyTorch 1.13 computed in float64
 * ({@code torch-optimizers.txt}, from {@code nn/scripts/optimizer_fixtures.py}), with the same initial parameters
 * and gradients, in float64 and in float32; and gradient clipping against {@code clip_grad_norm_} and
 * {@code clip_grad_value_}.
 *
 * <p>Tolerances. Both sides evaluate the same formulas on the same inputs and may differ only in the order and
 * number of roundings: at most about 20 per element per step (the decay, the moment updates, the square root,
 * the division, the update), each relative to the parameter or to the update (|p| ≤ 1 and the five updates
 * together ≤ 1 here), and the adaptive denominators carry a relative error of v into the update as a relative
 * error, not more. Five steps therefore stay within 5 · 20 · 2 · u = 200u of PyTorch: 200·2⁻⁵³ ≈ 2.2·10⁻¹⁴ in
 * float64, 200·2⁻²⁴ ≈ 1.2·10⁻⁵ in float32 (where the inputs' rounding to float is among the counted roundings).
 * Measured: 1 ulp in float64, about 10⁻⁷ in float32. A wrong rule is far outside the float64 bound: ε inside rather than outside
 * the square root moves a parameter by about lr·ε/√v ≈ 10⁻⁸ in the smallest case, a missing bias correction or
 * decay by ~lr.
 */
class OptimizerFixtureTest {

    private static final double F64_TOLERANCE = 200 * 0x1p-53;
    private static final double F32_TOLERANCE = 200 * 0x1p-24;

    /** How Lanes builds each PyTorch case; biases are decayed only where PyTorch's case decays them. */
    private static final Map<String, Function<Linear, Optimizer>> CASES = Map.ofEntries(
            Map.entry("sgd-nesterov", l -> new Sgd(l, 0.1, 0.9, 0, true)),
            Map.entry("sgd-momentum-decay-all", l -> new Sgd(l, 0.05, 0.5, 0.1).decayBiases(true)),
            Map.entry("sgd-nesterov-weights-only", l -> new Sgd(l, 0.1, 0.8, 0.05, true)),
            Map.entry("adam-coupled-decay-all", l -> new Adam(l, 0.01, 0.9, 0.999, 1e-8, 0.1).decayBiases(true)),
            Map.entry("adamw-defaults", l -> new AdamW(l, 1e-3).decayBiases(true)),
            Map.entry("adamw-weights-only", l -> new AdamW(l, 0.01, 0.8, 0.99, 1e-6, 0.1)),
            Map.entry("rmsprop-defaults", l -> new RmsProp(l, 0.01)),
            Map.entry("rmsprop-centered-momentum-decay-all", l -> new RmsProp(l, 0.01, 0.9, 1e-6, 0.01, 0.9, true).decayBiases(true)),
            Map.entry("rmsprop-momentum-weights-only", l -> new RmsProp(l, 0.001, 0.99, 1e-8, 0.1, 0.5, false)),
            Map.entry("adagrad-defaults", l -> new Adagrad(l, 0.01)),
            Map.entry("adagrad-decay-all", l -> new Adagrad(l, 0.1, 0.1, 0.01, 0.1, 1e-8).decayBiases(true)));

    private static final List<TorchFixtures.Line> LINES = TorchFixtures.read("torch-optimizers.txt");

    /** The fixture's lines of one case: "opt case what [step tensor]" → numbers. */
    private static Map<String, double[]> lines(String kind, String name) {
        Map<String, double[]> byKey = new LinkedHashMap<>();
        for (TorchFixtures.Line line : LINES) {
            if (line.word(0).equals(kind) && line.word(1).equals(name)) {
                byKey.put(String.join(" ", line.words().subList(2, line.words().size())), line.numbers());
            }
        }
        return byKey;
    }

    @Test
    void everyFixtureCaseHasALanesOptimiserAndViceVersa() {
        TreeSet<String> inFixture = new TreeSet<>();
        LINES.stream().filter(l -> l.word(0).equals("opt")).forEach(l -> inFixture.add(l.word(1)));
        assertEquals(new TreeSet<>(CASES.keySet()), inFixture);
    }

    @TestFactory
    Stream<DynamicTest> fiveStepsAsPyTorch() {
        return CASES.keySet().stream().sorted().flatMap(name -> Stream.of(DType.F64, DType.F32).map(dtype ->
                DynamicTest.dynamicTest(name + " " + dtype, () -> replay(name, dtype))));
    }

    private static void replay(String name, DType dtype) {
        Map<String, double[]> fixture = lines("opt", name);
        Linear layer = new Linear(3, 2, dtype);
        Map<String, Parameter> parameters = layer.namedParameters();
        parameters.forEach((tensor, p) -> set(p.value(), fixture.get("init " + tensor)));
        Optimizer optimizer = CASES.get(name).apply(layer);
        double tolerance = dtype == DType.F64 ? F64_TOLERANCE : F32_TOLERANCE;
        for (int step = 1; step <= 5; step++) {
            optimizer.zeroGrad();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                set(e.getValue().grad(), fixture.get("grad " + step + " " + e.getKey()));
            }
            optimizer.step();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                double[] expected = fixture.get("after " + step + " " + e.getKey());
                Tensor actual = e.getValue().value();
                for (int i = 0; i < expected.length; i++) {
                    if (!(Math.abs(expected[i] - actual.getFlat(i)) <= tolerance)) {
                        fail(name + " " + dtype + ": after step " + step + ", " + e.getKey() + "[" + i + "] = "
                                + actual.getFlat(i) + ", PyTorch " + expected[i] + " (tolerance " + tolerance + ")");
                    }
                }
            }
        }
    }

    private static void set(Tensor t, double[] values) {
        assertEquals(t.size(), values.length, "fixture size");
        for (int i = 0; i < values.length; i++) {
            t.setFlat(i, values[i]);
        }
    }

    @TestFactory
    Stream<DynamicTest> clippingAsPyTorch() {
        Map<String, GradientClipping> clippings = Map.of(
                "norm-1", GradientClipping.byNorm(1.0),
                "norm-100", GradientClipping.byNorm(100.0),
                "value-0.5", GradientClipping.byValue(0.5));
        TreeSet<String> inFixture = new TreeSet<>();
        LINES.stream().filter(l -> l.word(0).equals("clip")).forEach(l -> inFixture.add(l.word(1)));
        assertEquals(new TreeSet<>(clippings.keySet()), inFixture);
        return inFixture.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Map<String, double[]> fixture = lines("clip", name);
            Linear layer = new Linear(3, 2, DType.F64);
            Map<String, Parameter> parameters = layer.namedParameters();
            parameters.forEach((tensor, p) -> set(p.grad(), fixture.get("before " + tensor)));
            double norm = clippings.get(name).clip(layer);
            double[] expectedNorm = fixture.get("norm");
            if (expectedNorm == null) {
                assertTrue(Double.isNaN(norm), "clipping by value returns NaN");
            } else {
                assertEquals(expectedNorm[0], norm, 1e-15 * expectedNorm[0], "total norm");
            }
            parameters.forEach((tensor, p) -> {
                double[] expected = fixture.get("after " + tensor);
                for (int i = 0; i < expected.length; i++) {
                    // Scaling is one multiplication by a coefficient that may differ in its last bit: 2u relative.
                    assertEquals(expected[i], p.grad().getFlat(i), 2.3e-16 * Math.abs(expected[i]), name + " " + tensor + "[" + i + "]");
                }
            });
        }));
    }
}
