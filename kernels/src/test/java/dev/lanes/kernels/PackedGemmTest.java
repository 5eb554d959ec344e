package dev.lanes.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Kernels#pack} and the packed GEMM through the public API, for each provider: the product of the plain GEMM,
 * a copy that later changes to B do not reach, and clear errors for a matrix from another provider or precision and
 * for bad shapes. (The vector layout's bits, edge by edge, are {@code FloatGemmTest}'s.)
 */
class PackedGemmTest {
    private static final Transpose N = Transpose.NONE, T = Transpose.TRANSPOSE;

    private static float[] random(int size, long seed) {
        Random random = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }

    private static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }

    /**
     * On the shapes where the plain GEMM packs B too (the blocked path: enough rows, or a B stored as is), the packed
     * GEMM gives its bits, float and double, for every activation, fused in the epilogue or not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void givesThePlainProductsBits(String provider) {
        Kernels kernels = Kernels.withProvider(provider);
        int[][] shapes = {{100, 70, 50}, {33, 17, 9}, {64, 256, 784}};
        for (Transpose tb : new Transpose[]{N, T}) {
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2], ldb = tb == N ? n : k;
                float[] a = random(m * k, 1), b = random(k * n, 2), bias = random(n, 3), c0 = random(m * n, 4);
                for (Activation act : Activation.values()) {
                    float[] plain = c0.clone(), packed = c0.clone();
                    kernels.gemm(N, tb, m, n, k, 1.5f, a, 0, k, b, 0, ldb, 0.5f, plain, 0, n, bias, act);
                    kernels.gemm(N, m, 1.5f, a, 0, k, kernels.pack(tb, k, n, b, 0, ldb), 0.5f, packed, 0, n, bias, act);
                    assertArrayEquals(plain, packed, provider + " float " + tb + " " + m + "×" + n + "×" + k + " " + act);

                    double[] plainD = widen(c0), packedD = widen(c0);
                    kernels.gemm(N, tb, m, n, k, 1.5, widen(a), 0, k, widen(b), 0, ldb, 0.5, plainD, 0, n, widen(bias), act);
                    kernels.gemm(N, m, 1.5, widen(a), 0, k, kernels.pack(tb, k, n, widen(b), 0, ldb), 0.5, packedD, 0, n,
                            widen(bias), act);
                    assertArrayEquals(plainD, packedD, provider + " double " + tb + " " + m + "×" + n + "×" + k + " " + act);
                }
            }
        }
    }

    @Test
    void holdsACopyOfB() {
        Kernels kernels = Kernels.withProvider("vector");
        int m = 8, n = 20, k = 30;
        float[] a = random(m * k, 5), b = random(n * k, 6);
        PackedMatrix packed = kernels.pack(T, k, n, b, 0, k);
        float[] before = new float[m * n], after = new float[m * n];
        kernels.gemm(N, m, 1f, a, 0, k, packed, 0f, before, 0, n, null, Activation.IDENTITY);
        b[0] = 1e6f;
        kernels.gemm(N, m, 1f, a, 0, k, packed, 0f, after, 0, n, null, Activation.IDENTITY);
        assertArrayEquals(before, after);
        assertEquals(k, packed.rows());
        assertEquals(n, packed.columns());
    }

    @Test
    void emptyShapes() {
        Kernels kernels = Kernels.withProvider("vector");
        float[] c = {7f, 7f, 7f, 7f};
        // k = 0: C = act(beta·C + bias), A and B not read.
        kernels.gemm(N, 2, 1f, new float[0], 0, 1, kernels.pack(N, 0, 2, new float[0], 0, 2), 0.5f, c, 0, 2,
                new float[]{1f, -10f}, Activation.RELU);
        assertArrayEquals(new float[]{4.5f, 0f, 4.5f, 0f}, c);
        // n = 0 and m = 0: nothing written.
        float[] untouched = {3f};
        kernels.gemm(N, 1, 1f, new float[]{1f}, 0, 1, kernels.pack(N, 1, 0, new float[0], 0, 1), 0f, untouched, 0, 1,
                null, Activation.IDENTITY);
        kernels.gemm(N, 0, 1f, new float[0], 0, 1, kernels.pack(N, 1, 1, new float[]{2f}, 0, 1), 0f, untouched, 0, 1,
                null, Activation.IDENTITY);
        assertArrayEquals(new float[]{3f}, untouched);
    }

    @Test
    void rejectsAMatrixFromAnotherProviderOrPrecision() {
        Kernels vector = Kernels.withProvider("vector"), scalar = Kernels.withProvider("scalar");
        float[] a = random(12, 7), c = new float[12];
        PackedMatrix fromVector = vector.pack(N, 3, 4, random(12, 8), 0, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scalar.gemm(N, 3, 1f, a, 0, 3, fromVector, 0f, c, 0, 4, null, Activation.IDENTITY));
        assertTrue(e.getMessage().contains("packed by"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> vector.gemm(N, 3, 1.0, new double[12], 0, 3, fromVector, 0.0, new double[12], 0, 4, null,
                        Activation.IDENTITY));
        assertTrue(e.getMessage().contains("holds floats"), e.getMessage());
        // Kernels of the same provider with another thread budget share the layout.
        float[] one = new float[12], two = new float[12];
        vector.gemm(N, 3, 1f, a, 0, 3, fromVector, 0f, one, 0, 4, null, Activation.IDENTITY);
        vector.withThreads(2).gemm(N, 3, 1f, a, 0, 3, fromVector, 0f, two, 0, 4, null, Activation.IDENTITY);
        assertArrayEquals(one, two);
    }

    @Test
    void badArgumentsAreNamedBeforeCIsTouched() {
        Kernels kernels = Kernels.withProvider("vector");
        PackedMatrix b = kernels.pack(T, 5, 4, random(20, 9), 0, 5);   // op(B) 5 × 4
        float[] c = new float[12];
        float[] before = c.clone();
        assertMessage(IllegalArgumentException.class, "a",
                () -> kernels.gemm(N, 3, 1f, new float[14], 0, 5, b, 0f, c, 0, 4, null, Activation.IDENTITY));
        assertMessage(IllegalArgumentException.class, "c",
                () -> kernels.gemm(N, 3, 1f, new float[15], 0, 5, b, 0f, new float[11], 0, 4, null, Activation.IDENTITY));
        assertMessage(IllegalArgumentException.class, "bias",
                () -> kernels.gemm(N, 3, 1f, new float[15], 0, 5, b, 0f, c, 0, 4, new float[3], Activation.IDENTITY));
        assertMessage(IllegalArgumentException.class, "m",
                () -> kernels.gemm(N, -1, 1f, new float[15], 0, 5, b, 0f, c, 0, 4, null, Activation.IDENTITY));
        assertMessage(NullPointerException.class, "packed matrix",
                () -> kernels.gemm(N, 3, 1f, new float[15], 0, 5, null, 0f, c, 0, 4, null, Activation.IDENTITY));
        assertMessage(IllegalArgumentException.class, "b",
                () -> kernels.pack(T, 5, 4, new float[19], 0, 5));
        assertMessage(IllegalArgumentException.class, "k",
                () -> kernels.pack(N, -2, 4, new float[8], 0, 4));
        assertArrayEquals(before, c);
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String names, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage().contains(names), () -> "'" + e.getMessage() + "' does not name " + names);
    }
}
