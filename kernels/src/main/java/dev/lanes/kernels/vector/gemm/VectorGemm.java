package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API, the entry point the {@code vector} provider calls with validated arguments.
 *
 * <p>This first version is the simple correct loop: op(B) is copied into a contiguous k×n panel, then each row
 * of C is built as beta·C plus a sum of broadcast op(A)[i][p] times rows of the panel, with the bias and the
 * activation applied as the row is stored. It is single-threaded ({@code threads} is accepted for the
 * blocked implementation that replaces it).
 */
public final class VectorGemm {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    private VectorGemm() {
    }

    public static void gemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                            float alpha, float[] a, int aOffset, int lda,
                            float[] b, int bOffset, int ldb,
                            float beta, float[] c, int cOffset, int ldc,
                            float[] bias, Activation activation) {
        boolean readAB = alpha != 0 && k > 0;
        float[] panel = readAB ? packB(transB, k, n, b, bOffset, ldb) : null;
        int aRowStride = transA == Transpose.NONE ? lda : 1, aColStride = transA == Transpose.NONE ? 1 : lda;
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, n);
                FloatVector sum = FloatVector.zero(FLOATS);
                if (readAB) {
                    for (int p = 0; p < k; p++) {
                        FloatVector bRow = FloatVector.fromArray(FLOATS, panel, p * n + j, lanes);
                        sum = bRow.fma(FloatVector.broadcast(FLOATS, a[aOffset + i * aRowStride + p * aColStride]), sum);
                    }
                }
                FloatVector value = sum.mul(alpha);
                if (beta != 0) {
                    value = FloatVector.fromArray(FLOATS, c, row + j, lanes).fma(FloatVector.broadcast(FLOATS, beta), value);
                }
                if (bias != null) {
                    value = value.add(FloatVector.fromArray(FLOATS, bias, j, lanes));
                }
                if (activation == Activation.RELU) {
                    value = value.lanewise(VectorOperators.MAX, 0f);
                }
                value.intoArray(c, row + j, lanes);
            }
        }
    }

    public static void gemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                            double alpha, double[] a, int aOffset, int lda,
                            double[] b, int bOffset, int ldb,
                            double beta, double[] c, int cOffset, int ldc,
                            double[] bias, Activation activation) {
        boolean readAB = alpha != 0 && k > 0;
        double[] panel = readAB ? packB(transB, k, n, b, bOffset, ldb) : null;
        int aRowStride = transA == Transpose.NONE ? lda : 1, aColStride = transA == Transpose.NONE ? 1 : lda;
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, n);
                DoubleVector sum = DoubleVector.zero(DOUBLES);
                if (readAB) {
                    for (int p = 0; p < k; p++) {
                        DoubleVector bRow = DoubleVector.fromArray(DOUBLES, panel, p * n + j, lanes);
                        sum = bRow.fma(DoubleVector.broadcast(DOUBLES, a[aOffset + i * aRowStride + p * aColStride]), sum);
                    }
                }
                DoubleVector value = sum.mul(alpha);
                if (beta != 0) {
                    value = DoubleVector.fromArray(DOUBLES, c, row + j, lanes).fma(DoubleVector.broadcast(DOUBLES, beta), value);
                }
                if (bias != null) {
                    value = value.add(DoubleVector.fromArray(DOUBLES, bias, j, lanes));
                }
                if (activation == Activation.RELU) {
                    value = value.lanewise(VectorOperators.MAX, 0d);
                }
                value.intoArray(c, row + j, lanes);
            }
        }
    }

    /** op(B) as a contiguous row-major k×n array. */
    private static float[] packB(Transpose transB, int k, int n, float[] b, int bOffset, int ldb) {
        float[] panel = new float[Math.multiplyExact(k, n)];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                panel[p * n + j] = transB == Transpose.NONE ? b[bOffset + p * ldb + j] : b[bOffset + j * ldb + p];
            }
        }
        return panel;
    }

    private static double[] packB(Transpose transB, int k, int n, double[] b, int bOffset, int ldb) {
        double[] panel = new double[Math.multiplyExact(k, n)];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                panel[p * n + j] = transB == Transpose.NONE ? b[bOffset + p * ldb + j] : b[bOffset + j * ldb + p];
            }
        }
        return panel;
    }
}
