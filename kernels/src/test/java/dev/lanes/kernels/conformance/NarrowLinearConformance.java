package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every provider's narrow-weight products ({@link Kernels#linearBFloat16}, {@link Kernels#linearFloat16},
 * {@link Kernels#linearInt8}) against the scalar reference, float only.
 *
 * <h2>Tolerance</h2>
 * Widening is exact (every bfloat16, binary16 and byte value is a float), so with w the widened weights and
 * M_ij = |s_j|·Σₚ |x_ip|·|w_jp| + |b_j| (s_j = 1 for the 16-bit formats), the reference's output passes through
 * at most in + 2 roundings (each product, in − 1 additions, the scale, the bias) and a fast path through at most
 * in + 2 as well (the int8 GEMM path rounds q·s once per weight instead of scaling the sum: product, q·s,
 * in − 1 additions, bias); any summation order has the same γ bound (Higham §4.2). Both are within γ_{in+3}·M of
 * the exact value, so |y − y_ref| ≤ 2·γ_{in+3}·M. Data is uniform in [−1, 1] and the scales around 1/127, far
 * from underflow. Exact cases (one non-zero term per output) are checked bit for bit instead.
 */
final class NarrowLinearConformance {

    private static final double U = 0x1p-24;

    private enum Format { BFLOAT16, FLOAT16, INT8 }

    private final List<Kernels> providers;

    NarrowLinearConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("agreesWithTheReference", agreesWithTheReference()),
                dynamicContainer("widensEveryBitPatternExactly", widensEveryBitPatternExactly()),
                dynamicTest("sameBitsWhateverTheThreadCount", this::sameBitsWhateverTheThreadCount),
                dynamicContainer("badArgumentsAreRejectedBeforeYIsWritten", badArguments()));
    }

    /** One product: the data derives from {@code seed}. */
    record Case(Format format, int rows, int in, int out, boolean bias, long seed) {
    }

    /** The operands of a case, made from its seed: weights are random bit patterns of finite values near [−1, 1]. */
    private static final class Operands {
        final float[] x, bias, scales;
        final short[] halves;
        final byte[] bytes;

        Operands(Case c) {
            SplittableRandom r = TestSeeds.random(c.seed);
            x = floats(r, c.rows * c.in, 1);
            bias = c.bias ? floats(r, c.out, 1) : null;
            scales = floats(r, c.out, 0);
            for (int j = 0; j < scales.length; j++) {
                scales[j] = (float) ((0.5 + r.nextDouble()) / 127);
            }
            halves = new short[c.out * c.in];
            bytes = new byte[c.out * c.in];
            for (int i = 0; i < halves.length; i++) {
                float w = (float) (2 * r.nextDouble() - 1);
                halves[i] = c.format == Format.BFLOAT16 ? (short) (Float.floatToRawIntBits(w) >>> 16) : Float.floatToFloat16(w);
                bytes[i] = (byte) (r.nextInt(256) - 128);
            }
        }

        private static float[] floats(SplittableRandom r, int n, double range) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) (range * (2 * r.nextDouble() - 1));
            }
            return f;
        }

        double weight(Format format, int index) {
            return switch (format) {
                case BFLOAT16 -> Float.intBitsToFloat(halves[index] << 16);
                case FLOAT16 -> Float.float16ToFloat(halves[index]);
                case INT8 -> bytes[index];
            };
        }
    }

    private static void run(Kernels k, Case c, Operands o, float[] y) {
        switch (c.format) {
            case BFLOAT16 -> k.linearBFloat16(c.rows, c.in, c.out, o.x, o.halves, o.bias, y);
            case FLOAT16 -> k.linearFloat16(c.rows, c.in, c.out, o.x, o.halves, o.bias, y);
            case INT8 -> k.linearInt8(c.rows, c.in, c.out, o.x, o.bytes, o.scales, o.bias, y);
        }
    }

    /**
     * Rows on both sides of the matrix-vector / GEMM switch, edge sizes for in and out (on both sides of the
     * 16-output switch to the dot-product GEMM), and larger products.
     */
    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int index = 0;
        for (Format f : Format.values()) {
            SplittableRandom r = TestSeeds.random(TestSeeds.of("narrowLinear.shapes", f.ordinal()));
            // The vector provider switches from matrix-vector products to its GEMM at 2, 4 or 8 rows by format and size.
            for (int rows : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 17}) {
                for (int i = 0; i < 8; i++) {
                    int in = Shapes.size(r, 300), out = Shapes.size(r, 70);
                    cases.add(new Case(f, rows, in, out, r.nextBoolean(), TestSeeds.of("narrowLinear", index++)));
                }
            }
            cases.add(new Case(f, 1, 784, 130, true, TestSeeds.of("narrowLinear", index++)));
            // A few rows with a long K: the vector provider's GEMM reads W in place (dot products), widened in chunks.
            cases.add(new Case(f, 16, 784, 100, true, TestSeeds.of("narrowLinear", index++)));
            cases.add(new Case(f, 10, 300, 70, false, TestSeeds.of("narrowLinear", index++)));
            // A W past the vector provider's cached size (BlockSizes.CACHED_B, 2^20 elements), where it switches earlier.
            cases.add(new Case(f, 5, 1100, 960, true, TestSeeds.of("narrowLinear", index++)));
            cases.add(new Case(f, 33, 600, 300, true, TestSeeds.of("narrowLinear", index++)));
            // Past one K block of the GEMM (800) and across several register tiles of 64 columns, odd everywhere.
            cases.add(new Case(f, 9, 1001, 70, true, TestSeeds.of("narrowLinear", index++)));
            cases.add(new Case(f, 67, 1700, 131, false, TestSeeds.of("narrowLinear", index++)));
            // No inputs past every switch: y is the bias, on both sides of the 16-output switch.
            cases.add(new Case(f, 17, 0, 3, true, TestSeeds.of("narrowLinear", index++)));
            cases.add(new Case(f, 17, 0, 30, true, TestSeeds.of("narrowLinear", index++)));
        }
        return cases;
    }

    Stream<DynamicTest> agreesWithTheReference() {
        Kernels reference = Agreement.reference();
        return providers.stream().map(k -> dynamicTest(k.providerName(), () -> {
            for (Case c : cases()) {
                Operands o = new Operands(c);
                float[] expected = new float[c.rows * c.out + 1], actual = new float[c.rows * c.out + 1];
                expected[c.rows * c.out] = actual[c.rows * c.out] = Float.NaN; // past y: must stay untouched
                run(reference, c, o, expected);
                run(k, c, o, actual);
                assertTrue(Float.isNaN(actual[c.rows * c.out]), () -> "wrote past y: " + c);
                double gamma = (c.in + 3) * U / (1 - (c.in + 3) * U);
                for (int i = 0; i < c.rows; i++) {
                    for (int j = 0; j < c.out; j++) {
                        double magnitude = 0;
                        for (int p = 0; p < c.in; p++) {
                            magnitude += Math.abs(o.x[i * c.in + p] * o.weight(c.format, j * c.in + p));
                        }
                        if (c.format == Format.INT8) {
                            magnitude *= o.scales[j];
                        }
                        if (o.bias != null) {
                            magnitude += Math.abs(o.bias[j]);
                        }
                        double bound = 2 * gamma * magnitude;
                        double error = Math.abs((double) actual[i * c.out + j] - expected[i * c.out + j]);
                        if (!(error <= bound)) {
                            fail("provider '" + k.providerName() + "' at [" + i + "][" + j + "] gives " + actual[i * c.out + j]
                                    + ", the reference " + expected[i * c.out + j] + ": error " + error + " > bound " + bound
                                    + " for " + c + " (seed " + TestSeeds.hex(c.seed) + ")");
                        }
                    }
                }
            }
        }));
    }

    /**
     * Every bfloat16 and binary16 bit pattern (infinities, NaN, subnormals, signed zeros) and every byte, each the
     * only non-zero weight of its output row, times x of ones: the output is the widened weight (times its scale
     * for int8) exactly, on the matrix-vector path (1 row) and the GEMM path (17 rows, past every switch). {@code in} spans two vectors
     * plus a tail, so the pattern passes through both the vector and the scalar widening.
     */
    Stream<DynamicTest> widensEveryBitPatternExactly() {
        return providers.stream().flatMap(k -> Stream.of(Format.values()).map(f -> dynamicTest(k.providerName() + ", " + f, () -> {
            int in = 2 * Shapes.FLOAT_LANES + 3;
            int patterns = f == Format.INT8 ? 256 : 65536;
            short[] halves = new short[patterns * in];
            byte[] bytes = new byte[patterns * in];
            float[] scales = new float[patterns];
            for (int j = 0; j < patterns; j++) {
                int column = j % in;
                halves[j * in + column] = (short) j;
                bytes[j * in + column] = (byte) j;
                scales[j] = 1f / (1 + j);
            }
            for (int rows : new int[] {1, 17}) {
                float[] x = new float[rows * in];
                Arrays.fill(x, 1f);
                float[] y = new float[rows * patterns];
                switch (f) {
                    case BFLOAT16 -> k.linearBFloat16(rows, in, patterns, x, halves, null, y);
                    case FLOAT16 -> k.linearFloat16(rows, in, patterns, x, halves, null, y);
                    case INT8 -> k.linearInt8(rows, in, patterns, x, bytes, scales, null, y);
                }
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < patterns; j++) {
                        float expected = switch (f) {
                            case BFLOAT16 -> Float.intBitsToFloat(j << 16);
                            case FLOAT16 -> Float.float16ToFloat((short) j);
                            case INT8 -> scales[j] * (byte) j;
                        };
                        float actual = y[i * patterns + j];
                        boolean same = Float.isNaN(expected) ? Float.isNaN(actual) : actual == expected;
                        if (!same) {
                            fail("provider '" + k.providerName() + "', " + f + ", " + rows + " row(s): pattern 0x"
                                    + Integer.toHexString(j) + " gives " + actual + ", expected " + expected);
                        }
                    }
                }
            }
        })));
    }

    /** The wide-batch path runs on the provider's GEMM, which may split the product over threads: the bits must not change. */
    void sameBitsWhateverTheThreadCount() {
        for (Kernels k : providers) {
            for (Format f : Format.values()) {
                Case c = new Case(f, 70, 300, 260, true, TestSeeds.of("narrowLinear.threads", f.ordinal()));
                Operands o = new Operands(c);
                float[] one = new float[c.rows * c.out], three = new float[c.rows * c.out];
                run(k.withThreads(1), c, o, one);
                run(k.withThreads(3), c, o, three);
                assertArrayEquals(one, three, "provider '" + k.providerName() + "', " + c);
            }
        }
    }

    /** A call that must throw {@code type} with a message naming {@code mentions}, and leave y as it was. */
    record BadCall(String name, Class<? extends RuntimeException> type, String mentions, Executable call) {
    }

    Stream<DynamicTest> badArguments() {
        return providers.stream().map(k -> dynamicTest(k.providerName(), () -> {
            float[] x = new float[6], y = new float[6], bias = new float[3], scales = new float[3];
            short[] halves = new short[6];
            byte[] bytes = new byte[6];
            Arrays.fill(y, 42f);
            List<BadCall> calls = List.of(
                    new BadCall("negative rows", IllegalArgumentException.class, "rows", () -> k.linearBFloat16(-1, 2, 3, x, halves, bias, y)),
                    new BadCall("negative in", IllegalArgumentException.class, "in", () -> k.linearFloat16(2, -1, 3, x, halves, bias, y)),
                    new BadCall("negative out", IllegalArgumentException.class, "out", () -> k.linearInt8(2, 3, -1, x, bytes, scales, bias, y)),
                    new BadCall("x too short", IllegalArgumentException.class, "x is 3x3", () -> k.linearBFloat16(3, 3, 2, x, new short[6], bias, y)),
                    new BadCall("weights too short", IllegalArgumentException.class, "weights is 4x3",
                            () -> k.linearFloat16(1, 3, 4, x, halves, new float[4], new float[6])),
                    new BadCall("y too short", IllegalArgumentException.class, "y is 3x3", () -> k.linearInt8(3, 2, 3, x, bytes, scales, bias, y)),
                    new BadCall("bias too short", IllegalArgumentException.class, "bias", () -> k.linearBFloat16(2, 3, 2, x, halves, new float[1], y)),
                    new BadCall("scales too short", IllegalArgumentException.class, "scales", () -> k.linearInt8(2, 3, 2, x, bytes, new float[1], bias, y)),
                    new BadCall("y is x", IllegalArgumentException.class, "y and x", () -> k.linearBFloat16(2, 3, 2, y, halves, bias, y)),
                    new BadCall("null x", NullPointerException.class, "x is null", () -> k.linearFloat16(2, 3, 2, null, halves, bias, y)),
                    new BadCall("null weights", NullPointerException.class, "weights is null", () -> k.linearBFloat16(2, 3, 2, x, null, bias, y)),
                    new BadCall("null scales", NullPointerException.class, "scales is null", () -> k.linearInt8(2, 3, 2, x, bytes, null, bias, y)),
                    new BadCall("null y", NullPointerException.class, "y is null", () -> k.linearInt8(2, 3, 2, x, bytes, scales, bias, null)));
            for (BadCall call : calls) {
                RuntimeException e = assertThrows(call.type(), call.call(), call.name());
                assertTrue(e.getMessage().contains(call.mentions()), () -> call.name() + ": message '" + e.getMessage()
                        + "' does not mention '" + call.mentions() + "'");
                for (float v : y) {
                    assertEquals(42f, v, call.name() + ": y was written");
                }
            }
        }));
    }
}
