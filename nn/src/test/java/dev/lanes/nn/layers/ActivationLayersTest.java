package dev.lanes.nn.layers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.spi.KernelsProvider;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.check.GradientCheck;
import dev.lanes.nn.io.Architecture;
import dev.lanes.nn.loss.HalfSquaredError;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activation layers: float64 gradient checks of every one (relative error &lt; 1e-7), agreement with the values
 * PyTorch 1.13 computed (nn/scripts/activation_fixtures.py, kept as activations.json) in both dtypes and on every
 * provider that runs here, and their argument checks.
 */
class ActivationLayersTest {

    private static final double H = 1e-5;
    private static final double MAX_ERROR = 1e-7;

    /** Each layer, with inputs drawn at a scale where its interesting part is: both regimes, kinks avoided. */
    private record Case(String name, Supplier<Layer> layer, double scale) { }

    private static List<Case> cases() {
        return List.of(
                new Case("Tanh", Tanh::new, 1.5),
                new Case("GELU", GELU::new, 2),
                new Case("GELU(tanh)", () -> new GELU(GELU.Approximation.TANH), 2),
                new Case("LeakyReLU", LeakyReLU::new, 1),
                new Case("LeakyReLU(0.3)", () -> new LeakyReLU(0.3), 1),
                new Case("ELU", ELU::new, 1.5),
                new Case("ELU(0.5)", () -> new ELU(0.5), 1.5),
                new Case("SiLU", SiLU::new, 2),
                new Case("Softplus", Softplus::new, 2),
                // β = 2, threshold 3: inputs beyond 1.5 are in the linear regime.
                new Case("Softplus(2, 3)", () -> new Softplus(2, 3), 2),
                new Case("Softmax", Softmax::new, 2),
                new Case("LogSoftmax", LogSoftmax::new, 2));
    }

    /**
     * Uniform inputs in [−scale, scale], each kept 0.01 from the kinks (0 for LeakyReLU and ELU, 1.5 for
     * Softplus(2, 3)'s threshold) and 0.05 from the zeros of GELU's and SiLU's derivatives (−0.75, −1.28), where a
     * gradient near 0 would make the relative error measure only the finite differences' rounding.
     */
    private static Tensor inputs(long seed, double scale) {
        SeededRandom r = new SeededRandom(seed);
        Tensor x = Tensor.zeros(DType.F64, 3, 5);
        for (int i = 0; i < x.size(); i++) {
            double v;
            do {
                v = scale * (2 * r.nextDouble() - 1);
            } while (Math.abs(v) < 0.01 || Math.abs(v - 1.5) < 0.01 || Math.abs(v + 0.7518) < 0.05 || Math.abs(v + 1.2785) < 0.05);
            x.setFlat(i, v);
        }
        return x;
    }

    @TestFactory
    Stream<DynamicTest> everyLayerPassesAFloat64GradientCheck() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Layer layer = c.layer().get();
            Tensor x = inputs(c.name().hashCode(), c.scale());
            // The target a little off the output: the loss stays small, so the finite differences' rounding
            // (about 1e-16·loss/h) stays far below the gradients, which are 0.3·f′ in size.
            Tensor target = layer.forward(x).copy(), noise = inputs(7, 0.3);
            for (int i = 0; i < target.size(); i++) {
                target.setFlat(i, target.getFlat(i) + noise.getFlat(i));
            }
            GradientCheck.Report report = GradientCheck.check(layer, x, new HalfSquaredError(layer), target, null, H);
            assertTrue(report.maxRelativeError() < MAX_ERROR, c.name() + ": " + report);
        }));
    }

    @Test
    void badHyperParametersAreRejected() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(bad)).getMessage().contains("slope"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> new ELU(bad)).getMessage().contains("alpha"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> new Softplus(bad, 20)).getMessage().contains("beta"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Softplus(0, 20)).getMessage().contains("beta"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Softplus(1, Double.NaN)).getMessage().contains("threshold"));
        assertThrows(NullPointerException.class, () -> new GELU(null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GELU.Approximation.fromPytorchName("erf"))
                .getMessage().contains("'erf'"));
        Tensor image = Tensor.zeros(DType.F32, 2, 3, 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Softmax().forward(image)).getMessage().contains("[batch, features]"));
        assertThrows(IllegalStateException.class, () -> new Tanh().backward(Tensor.zeros(DType.F32, 1, 1)));
    }

    @Test
    void backwardWorksFromWhatTheForwardKept() {
        // Tanh and the softmaxes keep their output, the others their input: changing neither between the passes
        // is the caller's contract, and the gradient must match a fresh forward-backward either way.
        for (Case c : cases()) {
            Layer layer = c.layer().get();
            Tensor x = inputs(3, c.scale());
            Tensor dy = inputs(4, 1);
            layer.forward(x);
            Tensor once = layer.backward(dy).copy();
            layer.forward(inputs(5, c.scale()));
            layer.forward(x);
            assertTrue(once.contentEquals(layer.backward(dy)), c.name());
        }
    }

    // ----------------------------------------- PyTorch's values -----------------------------------------

    /** The providers that can run in this JVM (the vector one needs --add-modules jdk.incubator.vector). */
    private static List<Kernels> providers() {
        List<Kernels> kernels = new ArrayList<>();
        for (KernelsProvider p : Kernels.providers()) {
            if (p.unavailableReason().isEmpty() && (p.name().equals("scalar") || p.name().equals("vector"))) {
                kernels.add(Kernels.withProvider(p.name()));
            }
        }
        return kernels;
    }

    /**
     * Lanes against PyTorch's float64 values (the fixture also holds PyTorch's float32 ones, for reading), per
     * element: within 32 units of roundoff u of the dtype, relative, plus 32u·|x| (times |dy| for the gradient),
     * which covers the float32 input being x rounded, plus 8 double-precision ulps of 1 + |x| and the smallest
     * normal number. The last terms are PyTorch's own error: it forms GELU as x·½(1 + erf(x/√2)) and its tanh form
     * as ½x(1 + tanh(…)), which cancel for large negative x (gelu(−12) is −0 in PyTorch's float64, −2.1e-32
     * exactly), and ELU with e^x − 1 where Lanes takes expm1 (at x = −0.001 they differ by 3e-17); its float32 values
     * carry the same cancellations at float32's roundoff, which is why they are not the reference.
     */
    @TestFactory
    Stream<DynamicTest> valuesAndGradientsMatchPyTorch() throws IOException {
        List<Object> cases = fixtureCases();
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels kernels : providers()) {
            for (DType dtype : DType.values()) {
                for (Object o : cases) {
                    Map<?, ?> c = (Map<?, ?>) o;
                    String spec = toJson((Map<?, ?>) c.get("layer"));
                    tests.add(DynamicTest.dynamicTest(spec + ", " + dtype + ", " + kernels.providerName(), () -> {
                        Sequential model = Architecture.build("[" + spec + "]", dtype);
                        model.setKernels(kernels);
                        Tensor x = matrix(dtype, (List<?>) c.get("x")), dy = matrix(dtype, (List<?>) c.get("dy"));
                        Map<?, ?> torch = (Map<?, ?>) c.get("float64");
                        Tensor expectedY = matrix(DType.F64, (List<?>) torch.get("y"));
                        Tensor expectedDx = matrix(DType.F64, (List<?>) torch.get("dx"));
                        Tensor y = model.forward(x).copy();
                        Tensor dx = model.backward(dy).copy();
                        double u = dtype == DType.F32 ? 0x1p-24 : 0x1p-53, tiny = dtype == DType.F32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
                        for (int i = 0; i < x.size(); i++) {
                            double xi = Math.abs(x.getFlat(i)), dyi = Math.abs(dy.getFlat(i));
                            double ty = expectedY.getFlat(i), tdx = expectedDx.getFlat(i);
                            double pytorch = 8 * 0x1p-53 * (1 + xi) + tiny;
                            assertEquals(ty, y.getFlat(i), 32 * u * (Math.abs(ty) + xi) + pytorch, spec + " y at x = " + x.getFlat(i));
                            assertEquals(tdx, dx.getFlat(i), 32 * u * (Math.abs(tdx) + dyi * (1 + xi)) + dyi * pytorch,
                                    spec + " dx at x = " + x.getFlat(i));
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    private static Tensor matrix(DType dtype, List<?> rows) {
        int r = rows.size(), c = ((List<?>) rows.get(0)).size();
        Tensor t = Tensor.zeros(dtype, r, c);
        for (int i = 0; i < r; i++) {
            List<?> row = (List<?>) rows.get(i);
            for (int j = 0; j < c; j++) {
                t.setFlat(i * c + j, ((Number) row.get(j)).doubleValue());
            }
        }
        return t;
    }

    private static List<Object> fixtureCases() throws IOException {
        try (InputStream in = ActivationLayersTest.class.getResourceAsStream("activations.json");
             JsonParser p = new JsonFactory().createParser(in)) {
            p.nextToken();
            Map<?, ?> root = (Map<?, ?>) read(p);
            List<?> cases = (List<?>) root.get("cases");
            assertEquals(13, cases.size(), "activations.json: every layer and hyper-parameter set");
            return new ArrayList<>(cases);
        }
    }

    /** The JSON value at the parser's current token: maps, lists, doubles, strings. */
    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                map.put(name, read(p));
            }
            return map;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(read(p));
            }
            return list;
        }
        return t == JsonToken.VALUE_STRING ? p.getText() : p.getDoubleValue();
    }

    /** A fixture's layer spec back as the architecture JSON of one layer. */
    private static String toJson(Map<?, ?> spec) {
        List<String> fields = new ArrayList<>();
        for (Map.Entry<?, ?> e : spec.entrySet()) {
            Object v = e.getValue();
            String value = v instanceof String s ? "\"" + s + "\"" : e.getKey().equals("dim") ? String.valueOf((long) (double) (Double) v) : v.toString();
            fields.add("\"" + e.getKey() + "\":" + value);
        }
        return "{" + String.join(",", fields) + "}";
    }
}
