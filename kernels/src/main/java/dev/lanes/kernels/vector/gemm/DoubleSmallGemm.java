package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The shapes the register tile serves badly (double; the twin of {@link FloatSmallGemm}, line for line).
 *
 * <p><b>Dot products, for N ≤ {@value BlockSizes#SMALL_N} (a 10-class output layer) and for M = 1 with B
 * stored transposed (single-sample inference, y = W·x).</b> A tile of NR columns would be mostly padding; here
 * each element of C is a dot product of a row of op(A) with a column of op(B), vectorised along K: 4 rows × 4
 * columns at a time, 16 vector accumulators, 8 loads per 16 FMAs. Both operands are read in place when they
 * are contiguous along K (A not transposed, B transposed — the forward pass of a Linear layer); otherwise the
 * rows are first copied contiguous. The 16 accumulators are then summed across their lanes together by a
 * transposing tree of two-vector shuffles ({@code selectFrom}) and adds: log₂(lanes) levels, each adding the
 * first half of every accumulator's lanes to the second half. That tree is exact lane arithmetic, the same for
 * every element and in the interpreter as in compiled code (a {@code reduceLanes(ADD)} may sum in another
 * order once compiled), so results do not depend on the thread count or on warm-up. The last k mod L products of each
 * dot product are added in scalar after the tree (see {@link #addTail}): the same for every element.
 *
 * <p><b>One row times a matrix, for M = 1 with B stored as is.</b> The row of C is a sum of rows of B scaled by
 * the elements of A: B is streamed once, in place, 4 vectors of columns at a time.
 */
final class DoubleSmallGemm {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final int ROWS = BlockSizes.DOT_ROWS;
    private static final int COLS = BlockSizes.DOT_COLS;
    /** Index vectors for {@link #fold}: at level ℓ (chunks of L >> ℓ lanes), the first and second halves. */
    private static final double[][] FIRST_HALVES = halves(0), SECOND_HALVES = halves(1);

    private DoubleSmallGemm() {
    }

    private static double[][] halves(int second) {
        int levels = Integer.numberOfTrailingZeros(L);
        double[][] index = new double[Math.max(levels, 1)][L];
        for (int level = 0; level < levels; level++) {
            int width = L >> level, half = width / 2;
            for (int t = 0; t < L; t++) {
                int source = t < L / 2 ? 0 : L;               // lanes [0, L/2) from x, [L/2, L) from y
                int u = t % (L / 2);
                index[level][t] = source + (u / half) * width + u % half + second * half;
            }
        }
        return index;
    }

    /** The dot-product path for C[0, m) × [0, n), alpha ≠ 0, k &gt; 0. */
    static void dot(Transpose transA, Transpose transB, int m, int n, int k,
                    double alpha, double[] a, int aOffset, int lda,
                    double[] b, int bOffset, int ldb,
                    double beta, double[] c, int cOffset, int ldc,
                    double[] bias, int biasOffset, boolean relu) {
        Workspace workspace = Workspace.get();
        int stride = (n + COLS - 1) / COLS * COLS;            // products of a block of rows, row by row
        double[] products = workspace.doubleTile(ROWS * stride + L);
        double[] spill = workspace.doubleScratch(ROWS * COLS * L);
        // Columns of op(B) as rows contiguous along K.
        double[] bRows = b;
        int bRow0 = bOffset, bLd = ldb;
        if (transB == Transpose.NONE) {
            bRows = workspace.doubleB(n * k);
            DoublePacking.packRows(b, bOffset, ldb, n, k, bRows);
            bRow0 = 0;
            bLd = k;
        }
        boolean packA = transA == Transpose.TRANSPOSE;
        double[] aRows = packA ? workspace.doubleA(ROWS * k) : a;
        for (int i0 = 0; i0 < m; i0 += ROWS) {
            int rows = Math.min(ROWS, m - i0);
            int aRow0 = aOffset + i0 * lda, aLd = lda;
            if (packA) {
                DoublePacking.packRows(a, aOffset + i0, lda, rows, k, aRows);
                aRow0 = 0;
                aLd = k;
            }
            for (int j0 = 0; j0 < n; j0 += COLS) {
                int cols = Math.min(COLS, n - j0), lastCol = cols - 1;
                int b0 = bRow0 + j0 * bLd;
                int b1 = b0 + Math.min(1, lastCol) * bLd, b2 = b0 + Math.min(2, lastCol) * bLd, b3 = b0 + Math.min(3, lastCol) * bLd;
                if (rows == ROWS) {
                    dot4x4(k, aRows, aRow0, aRow0 + aLd, aRow0 + 2 * aLd, aRow0 + 3 * aLd, bRows, b0, b1, b2, b3,
                            products, j0, stride, spill);
                } else {
                    for (int r = 0; r < rows; r++) {
                        dot1x4(k, aRows, aRow0 + r * aLd, bRows, b0, b1, b2, b3, products, r * stride + j0, spill);
                    }
                }
                if (k % L != 0) {
                    addTail(k, aRows, aRow0, aLd, rows, bRows, b0, bLd, cols, products, j0, stride);
                }
            }
            DoubleEpilogue.store(products, stride, rows, n, c, cOffset + i0 * ldc, ldc,
                    alpha, beta, true, true, bias, biasOffset, relu);
        }
    }

    /**
     * Adds the last k mod L products of each dot product, in scalar: a vector step there (masked, or
     * conditional) merges two versions of every accumulator, and C2 boxes the vectors at such a merge
     * (1.8 KB per 4 × 4 block, measured).
     */
    private static void addTail(int k, double[] a, int a0, int lda, int rows, double[] b, int b0, int ldb, int cols,
                                double[] products, int j0, int stride) {
        int from = k - k % L;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0d;
                for (int p = from, ai = a0 + r * lda, bi = b0 + j * ldb; p < k; p++) {
                    sum = Math.fma(a[ai + p], b[bi + p], sum);
                }
                products[r * stride + j0 + j] += sum;
            }
        }
    }

    /** Sums lanes pairwise: [first halves of x's chunks, of y's chunks] + [second halves of them]. */
    private static void fold(double[] spill, int x, int y, double[] firstHalves, double[] secondHalves, int to) {
        DoubleVector u = DoubleVector.fromArray(SPECIES, spill, x), v = DoubleVector.fromArray(SPECIES, spill, y);
        DoubleVector first = DoubleVector.fromArray(SPECIES, firstHalves, 0).selectFrom(u, v);
        DoubleVector second = DoubleVector.fromArray(SPECIES, secondHalves, 0).selectFrom(u, v);
        first.add(second).intoArray(spill, to);
    }

    /** products[at + r·stride + j] = Σₚ a[a_r + p]·b[b_j + p] over p &lt; k − k mod L, for 4 rows of A and 4 rows of B. */
    static void dot4x4(int k, double[] a, int a0, int a1, int a2, int a3,
                       double[] b, int b0, int b1, int b2, int b3, double[] products, int at, int stride, double[] spill) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int whole = k - k % L;
        for (int p = 0; p < whole; p += L) {
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, b, b0 + p), y1 = DoubleVector.fromArray(SPECIES, b, b1 + p);
            DoubleVector y2 = DoubleVector.fromArray(SPECIES, b, b2 + p), y3 = DoubleVector.fromArray(SPECIES, b, b3 + p);
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p);
            c00 = x.fma(y0, c00); c01 = x.fma(y1, c01); c02 = x.fma(y2, c02); c03 = x.fma(y3, c03);
            x = DoubleVector.fromArray(SPECIES, a, a1 + p);
            c10 = x.fma(y0, c10); c11 = x.fma(y1, c11); c12 = x.fma(y2, c12); c13 = x.fma(y3, c13);
            x = DoubleVector.fromArray(SPECIES, a, a2 + p);
            c20 = x.fma(y0, c20); c21 = x.fma(y1, c21); c22 = x.fma(y2, c22); c23 = x.fma(y3, c23);
            x = DoubleVector.fromArray(SPECIES, a, a3 + p);
            c30 = x.fma(y0, c30); c31 = x.fma(y1, c31); c32 = x.fma(y2, c32); c33 = x.fma(y3, c33);
        }
        c00.intoArray(spill, 0); c01.intoArray(spill, L); c02.intoArray(spill, 2 * L); c03.intoArray(spill, 3 * L);
        c10.intoArray(spill, 4 * L); c11.intoArray(spill, 5 * L); c12.intoArray(spill, 6 * L); c13.intoArray(spill, 7 * L);
        c20.intoArray(spill, 8 * L); c21.intoArray(spill, 9 * L); c22.intoArray(spill, 10 * L); c23.intoArray(spill, 11 * L);
        c30.intoArray(spill, 12 * L); c31.intoArray(spill, 13 * L); c32.intoArray(spill, 14 * L); c33.intoArray(spill, 15 * L);
        reduce(spill, ROWS * COLS, products, at, stride);
    }

    /**
     * The lane sums of {@code count} accumulators (4 or 16) left in {@code spill}, one vector each, into
     * products[at + r·stride + j] for accumulator r·4 + j. Each level folds pairs of vectors (or a vector with
     * itself once one is left), halving the lanes each accumulator occupies, until each occupies one; the
     * accumulators then sit in order in the first lanes of {@code spill}. Through memory and in a method of its
     * own: with the loop and the shuffles in one method, C2 ran out of its inlining budget for the Vector API's
     * intrinsics and boxed every accumulator (1.8 KB allocated per call, twice as slow).
     */
    private static void reduce(double[] spill, int count, double[] products, int at, int stride) {
        int vectors = count;
        for (int width = L, level = 0; width > 1; width /= 2, level++) {
            double[] first = FIRST_HALVES[level], second = SECOND_HALVES[level];
            if (vectors > 1) {
                for (int i = 0; i < vectors; i += 2) {
                    fold(spill, i * L, (i + 1) * L, first, second, i / 2 * L);
                }
                vectors /= 2;
            } else {
                fold(spill, 0, 0, first, second, 0);
            }
        }
        for (int a = 0; a < count; a++) {
            products[at + a / COLS * stride + a % COLS] = spill[a];
        }
    }

    /**
     * products[at + j] = Σₚ a[a0 + p]·b[b_j + p] for one row of A and 4 rows of B: the same sums, summed in the
     * same order, as one row of {@link #dot4x4}.
     */
    static void dot1x4(int k, double[] a, int a0, double[] b, int b0, int b1, int b2, int b3, double[] products, int at,
                       double[] spill) {
        DoubleVector c0 = DoubleVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0;
        int whole = k - k % L;
        for (int p = 0; p < whole; p += L) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p);
            c0 = x.fma(DoubleVector.fromArray(SPECIES, b, b0 + p), c0);
            c1 = x.fma(DoubleVector.fromArray(SPECIES, b, b1 + p), c1);
            c2 = x.fma(DoubleVector.fromArray(SPECIES, b, b2 + p), c2);
            c3 = x.fma(DoubleVector.fromArray(SPECIES, b, b3 + p), c3);
        }
        c0.intoArray(spill, 0); c1.intoArray(spill, L); c2.intoArray(spill, 2 * L); c3.intoArray(spill, 3 * L);
        reduce(spill, COLS, products, at, 0);
    }

    /** The single-row path for C[0, 1) × [0, n), B stored K × N, alpha ≠ 0, k &gt; 0. */
    static void row(Transpose transA, int n, int k, double alpha, double[] a, int aOffset, int lda,
                    double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset,
                    double[] bias, int biasOffset, boolean relu) {
        double[] products = Workspace.get().doubleTile(4 * L);
        int aStep = transA == Transpose.NONE ? 1 : lda;
        for (int j0 = 0; j0 < n; j0 += 4 * L) {
            int cols = Math.min(4 * L, n - j0);
            rowTimes(k, a, aOffset, aStep, b, bOffset + j0, ldb, cols, products);
            DoubleEpilogue.store(products, 0, 1, cols, c, cOffset + j0, 0, alpha, beta, true, true,
                    bias, biasOffset + j0, relu);
        }
    }

    /** products[j] = Σₚ a[a0 + p·aStep]·b[b0 + p·ldb + j] for j &lt; cols ≤ 4L. */
    private static void rowTimes(int k, double[] a, int a0, int aStep, double[] b, int b0, int ldb, int cols, double[] products) {
        VectorMask<Double> m0 = SPECIES.indexInRange(0, cols), m1 = SPECIES.indexInRange(L, cols);
        VectorMask<Double> m2 = SPECIES.indexInRange(2 * L, cols), m3 = SPECIES.indexInRange(3 * L, cols);
        DoubleVector c0 = DoubleVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0;
        if (cols == 4 * L) {
            for (int p = 0, ai = a0, bi = b0; p < k; p++, ai += aStep, bi += ldb) {
                DoubleVector x = DoubleVector.broadcast(SPECIES, a[ai]);
                c0 = DoubleVector.fromArray(SPECIES, b, bi).fma(x, c0);
                c1 = DoubleVector.fromArray(SPECIES, b, bi + L).fma(x, c1);
                c2 = DoubleVector.fromArray(SPECIES, b, bi + 2 * L).fma(x, c2);
                c3 = DoubleVector.fromArray(SPECIES, b, bi + 3 * L).fma(x, c3);
            }
        } else {
            for (int p = 0, ai = a0, bi = b0; p < k; p++, ai += aStep, bi += ldb) {
                DoubleVector x = DoubleVector.broadcast(SPECIES, a[ai]);
                c0 = DoubleVector.fromArray(SPECIES, b, bi, m0).fma(x, c0);
                c1 = DoubleVector.fromArray(SPECIES, b, bi + L, m1).fma(x, c1);
                c2 = DoubleVector.fromArray(SPECIES, b, bi + 2 * L, m2).fma(x, c2);
                c3 = DoubleVector.fromArray(SPECIES, b, bi + 3 * L, m3).fma(x, c3);
            }
        }
        c0.intoArray(products, 0); c1.intoArray(products, L); c2.intoArray(products, 2 * L); c3.intoArray(products, 3 * L);
    }
}
