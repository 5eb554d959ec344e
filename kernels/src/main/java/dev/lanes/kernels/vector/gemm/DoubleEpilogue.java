// Generated from FloatEpilogue.java by PrecisionTwins — do not edit; edit FloatEpilogue.java and run: java kernels/src/test/java/dev/lanes/kernels/codegen/PrecisionTwins.java
package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.vector.VectorGelu;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one trip through C (double): C = act(alpha·AB + beta·C + bias),
 * applied as a block of products is stored.
 *
 * <p>With K cut into blocks, the first block stores alpha·AB₁ + beta·C (C is not read when beta is 0), later
 * blocks add alpha·ABₚ to C, and the last one also adds the bias and applies the activation. Every element goes
 * through the same operations in the same order whichever path or thread computed its products.
 */
final class DoubleEpilogue {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final int NR = BlockSizes.DOUBLE.nr();

    private DoubleEpilogue() {
    }

    /**
     * Stores the {@code rows × cols} top-left corner of {@code products} (rows {@code stride} apart) into C at
     * {@code cIndex}, for the K block that is the {@code first} and/or {@code last} of the product.
     */
    static void store(double[] products, int stride, int rows, int cols,
                      double[] c, int cIndex, int ldc, double alpha, double beta, boolean first, boolean last,
                      double[] bias, int biasOffset, Activation activation) {
        boolean relu = activation == Activation.RELU;
        boolean gelu = last && (activation == Activation.GELU || activation == Activation.GELU_TANH);
        for (int r = 0; r < rows; r++, cIndex += ldc) {
            int t = r * stride, j = 0;
            // Whole vectors unmasked, then at most one masked one: masked loads and stores on every vector made
            // this pass a fifth of the weight-gradient product (TN:256x784x64, JMH stack profiler).
            for (; j + L <= cols; j += L) {
                DoubleVector v = DoubleVector.fromArray(SPECIES, products, t + j).mul(alpha);
                if (!first) {
                    v = DoubleVector.fromArray(SPECIES, c, cIndex + j).add(v);
                } else if (beta != 0d) {
                    v = DoubleVector.fromArray(SPECIES, c, cIndex + j).fma(DoubleVector.broadcast(SPECIES, beta), v);
                }
                if (last) {
                    if (bias != null) {
                        v = v.add(DoubleVector.fromArray(SPECIES, bias, biasOffset + j));
                    }
                    if (relu) {
                        v = v.lanewise(VectorOperators.MAX, 0d);
                    }
                }
                v.intoArray(c, cIndex + j);
            }
            if (j < cols) {
                VectorMask<Double> inside = SPECIES.indexInRange(j, cols);
                DoubleVector v = DoubleVector.fromArray(SPECIES, products, t + j, inside).mul(alpha);
                if (!first) {
                    v = DoubleVector.fromArray(SPECIES, c, cIndex + j, inside).add(v);
                } else if (beta != 0d) {
                    v = DoubleVector.fromArray(SPECIES, c, cIndex + j, inside).fma(DoubleVector.broadcast(SPECIES, beta), v);
                }
                if (last) {
                    if (bias != null) {
                        v = v.add(DoubleVector.fromArray(SPECIES, bias, biasOffset + j, inside));
                    }
                    if (relu) {
                        v = v.lanewise(VectorOperators.MAX, 0d);
                    }
                }
                v.intoArray(c, cIndex + j, inside);
            }
            if (gelu) {
                gelu(c, cIndex, cols, activation);
            }
        }
    }

    /** Rows of C per transposed block of {@link #storeTransposed}: four blocks of lanes, a 16 KiB tile in L1. */
    static final int TRANSPOSED_ROWS = 4 * L;

    /**
     * Stores an m × n product held transposed ({@code products}: n rows of m, {@code ld} apart, readable up to n
     * rounded up to whole vectors) into C at {@code cIndex}, as {@link #store} stores a product of one K block:
     * {@link #TRANSPOSED_ROWS} × L blocks of C transposed in registers into {@code tile} (rows NR apart), then the
     * same operations on the same values. m is a multiple of L.
     */
    static void storeTransposed(double[] products, int ld, int m, int n, double[] c, int cIndex, int ldc,
                                double alpha, double beta, double[] bias, int biasOffset, Activation activation,
                                double[] tile, double[] scratch) {
        for (int j = 0; j < n; j += L) {
            int cols = Math.min(L, n - j);
            for (int i = 0; i < m; i += TRANSPOSED_ROWS) {
                int rows = Math.min(TRANSPOSED_ROWS, m - i);
                DoublePacking.transposeBlocks(products, j * ld + i, ld, rows / L, tile, 0, NR, scratch);
                store(tile, NR, rows, cols, c, cIndex + i * ldc + j, ldc, alpha, beta, true, true,
                        bias, biasOffset + j, activation);
            }
        }
    }

    /**
     * GELU (either form) over a finished row of C, {@code n} elements from {@code from}, while it is in L1: the same
     * {@link VectorGelu} loop on the same values as the element-wise kernel, so the same bits. A pass of its own,
     * on arrays, because inlined into the loops above its code pushed C2 past its inlining budget and the loops'
     * vectors were boxed (an allocation in every GEMM, ReLU or not).
     */
    private static void gelu(double[] c, int from, int n, Activation activation) {
        if (activation == Activation.GELU) {
            VectorGelu.gelu(c, c, from, from + n);
        } else {
            VectorGelu.geluTanh(c, c, from, from + n);
        }
    }

    /** C = act(beta·C + bias) for an m × n block: the whole GEMM when alpha or k is 0 (A and B are not read). */
    static void scaleOnly(int m, int n, double beta, double[] c, int cIndex, int ldc,
                          double[] bias, int biasOffset, Activation activation) {
        boolean relu = activation == Activation.RELU;
        boolean gelu = activation == Activation.GELU || activation == Activation.GELU_TANH;
        for (int i = 0; i < m; i++, cIndex += ldc) {
            for (int j = 0; j < n; j += L) {
                VectorMask<Double> inside = SPECIES.indexInRange(j, n);
                DoubleVector v = beta == 0d ? DoubleVector.zero(SPECIES)
                        : DoubleVector.fromArray(SPECIES, c, cIndex + j, inside).mul(beta);
                if (bias != null) {
                    v = v.add(DoubleVector.fromArray(SPECIES, bias, biasOffset + j, inside));
                }
                if (relu) {
                    v = v.lanewise(VectorOperators.MAX, 0d);
                }
                v.intoArray(c, cIndex + j, inside);
            }
            if (gelu) {
                gelu(c, cIndex, n, activation);
            }
        }
    }
}
