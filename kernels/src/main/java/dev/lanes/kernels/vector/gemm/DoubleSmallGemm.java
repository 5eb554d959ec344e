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
 * order once compiled), so results do not depend on the thread count or on warm-up.
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
        double[] products = workspace.doubleTile(ROWS * COLS + L);
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
                    dot4x4(k, aRows, aRow0, aRow0 + aLd, aRow0 + 2 * aLd, aRow0 + 3 * aLd, bRows, b0, b1, b2, b3, products);
                } else {
                    for (int r = 0; r < rows; r++) {
                        dot1x4(k, aRows, aRow0 + r * aLd, bRows, b0, b1, b2, b3, products, r * COLS);
                    }
                }
                DoubleEpilogue.store(products, COLS, rows, cols, c, cOffset + i0 * ldc + j0, ldc,
                        alpha, beta, true, true, bias, biasOffset + j0, relu);
            }
        }
    }

    /** Sums lanes pairwise: [first halves of x's chunks, of y's chunks] + [second halves of them]. */
    private static DoubleVector fold(DoubleVector x, DoubleVector y, DoubleVector firstHalves, DoubleVector secondHalves) {
        return firstHalves.selectFrom(x, y).add(secondHalves.selectFrom(x, y));
    }

    /** products[r·4 + j] = Σₚ a[a_r + p]·b[b_j + p] for 4 rows of A and 4 rows of B. */
    static void dot4x4(int k, double[] a, int a0, int a1, int a2, int a3,
                       double[] b, int b0, int b1, int b2, int b3, double[] products) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int p = 0;
        for (; p <= k - L; p += L) {
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
        if (p < k) {
            VectorMask<Double> inside = SPECIES.indexInRange(p, k);
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, b, b0 + p, inside), y1 = DoubleVector.fromArray(SPECIES, b, b1 + p, inside);
            DoubleVector y2 = DoubleVector.fromArray(SPECIES, b, b2 + p, inside), y3 = DoubleVector.fromArray(SPECIES, b, b3 + p, inside);
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p, inside);
            c00 = x.fma(y0, c00); c01 = x.fma(y1, c01); c02 = x.fma(y2, c02); c03 = x.fma(y3, c03);
            x = DoubleVector.fromArray(SPECIES, a, a1 + p, inside);
            c10 = x.fma(y0, c10); c11 = x.fma(y1, c11); c12 = x.fma(y2, c12); c13 = x.fma(y3, c13);
            x = DoubleVector.fromArray(SPECIES, a, a2 + p, inside);
            c20 = x.fma(y0, c20); c21 = x.fma(y1, c21); c22 = x.fma(y2, c22); c23 = x.fma(y3, c23);
            x = DoubleVector.fromArray(SPECIES, a, a3 + p, inside);
            c30 = x.fma(y0, c30); c31 = x.fma(y1, c31); c32 = x.fma(y2, c32); c33 = x.fma(y3, c33);
        }
        if (L == 2) {                    // one level: each fold is one row's pair of columns
            DoubleVector f = DoubleVector.fromArray(SPECIES, FIRST_HALVES[0], 0), s = DoubleVector.fromArray(SPECIES, SECOND_HALVES[0], 0);
            fold(c00, c01, f, s).intoArray(products, 0); fold(c02, c03, f, s).intoArray(products, 2);
            fold(c10, c11, f, s).intoArray(products, 4); fold(c12, c13, f, s).intoArray(products, 6);
            fold(c20, c21, f, s).intoArray(products, 8); fold(c22, c23, f, s).intoArray(products, 10);
            fold(c30, c31, f, s).intoArray(products, 12); fold(c32, c33, f, s).intoArray(products, 14);
            return;
        }
        DoubleVector f = DoubleVector.fromArray(SPECIES, FIRST_HALVES[0], 0), s = DoubleVector.fromArray(SPECIES, SECOND_HALVES[0], 0);
        DoubleVector h00 = fold(c00, c01, f, s), h01 = fold(c02, c03, f, s);
        DoubleVector h10 = fold(c10, c11, f, s), h11 = fold(c12, c13, f, s);
        DoubleVector h20 = fold(c20, c21, f, s), h21 = fold(c22, c23, f, s);
        DoubleVector h30 = fold(c30, c31, f, s), h31 = fold(c32, c33, f, s);
        f = DoubleVector.fromArray(SPECIES, FIRST_HALVES[1], 0);
        s = DoubleVector.fromArray(SPECIES, SECOND_HALVES[1], 0);
        DoubleVector q0 = fold(h00, h01, f, s), q1 = fold(h10, h11, f, s);   // row r: [c_r0, c_r1, c_r2, c_r3] chunks
        DoubleVector q2 = fold(h20, h21, f, s), q3 = fold(h30, h31, f, s);
        if (L == 4) {
            q0.intoArray(products, 0); q1.intoArray(products, 4); q2.intoArray(products, 8); q3.intoArray(products, 12);
            return;
        }
        f = DoubleVector.fromArray(SPECIES, FIRST_HALVES[2], 0);
        s = DoubleVector.fromArray(SPECIES, SECOND_HALVES[2], 0);
        DoubleVector t01 = fold(q0, q1, f, s), t23 = fold(q2, q3, f, s);    // rows 0-1, rows 2-3
        if (L == 8) {
            t01.intoArray(products, 0); t23.intoArray(products, 8);
            return;
        }
        f = DoubleVector.fromArray(SPECIES, FIRST_HALVES[3], 0);
        s = DoubleVector.fromArray(SPECIES, SECOND_HALVES[3], 0);
        DoubleVector all = fold(t01, t23, f, s);                             // 16 chunks, row-major
        for (int level = 4; (L >> level) > 1; level++) {                    // wider than 512 bits
            all = fold(all, all, DoubleVector.fromArray(SPECIES, FIRST_HALVES[level], 0),
                    DoubleVector.fromArray(SPECIES, SECOND_HALVES[level], 0));
        }
        all.intoArray(products, 0, SPECIES.indexInRange(0, ROWS * COLS));
    }

    /**
     * products[at + j] = Σₚ a[a0 + p]·b[b_j + p] for one row of A and 4 rows of B: the same sums, summed in the
     * same order, as one row of {@link #dot4x4}.
     */
    static void dot1x4(int k, double[] a, int a0, double[] b, int b0, int b1, int b2, int b3, double[] products, int at) {
        DoubleVector c0 = DoubleVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0;
        int p = 0;
        for (; p <= k - L; p += L) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p);
            c0 = x.fma(DoubleVector.fromArray(SPECIES, b, b0 + p), c0);
            c1 = x.fma(DoubleVector.fromArray(SPECIES, b, b1 + p), c1);
            c2 = x.fma(DoubleVector.fromArray(SPECIES, b, b2 + p), c2);
            c3 = x.fma(DoubleVector.fromArray(SPECIES, b, b3 + p), c3);
        }
        if (p < k) {
            VectorMask<Double> inside = SPECIES.indexInRange(p, k);
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p, inside);
            c0 = x.fma(DoubleVector.fromArray(SPECIES, b, b0 + p, inside), c0);
            c1 = x.fma(DoubleVector.fromArray(SPECIES, b, b1 + p, inside), c1);
            c2 = x.fma(DoubleVector.fromArray(SPECIES, b, b2 + p, inside), c2);
            c3 = x.fma(DoubleVector.fromArray(SPECIES, b, b3 + p, inside), c3);
        }
        DoubleVector f = DoubleVector.fromArray(SPECIES, FIRST_HALVES[0], 0), s = DoubleVector.fromArray(SPECIES, SECOND_HALVES[0], 0);
        DoubleVector h0 = fold(c0, c1, f, s), h1 = fold(c2, c3, f, s);
        if (L == 2) {
            h0.intoArray(products, at);
            h1.intoArray(products, at + 2);
            return;
        }
        DoubleVector q = fold(h0, h1, DoubleVector.fromArray(SPECIES, FIRST_HALVES[1], 0),
                DoubleVector.fromArray(SPECIES, SECOND_HALVES[1], 0));
        for (int level = 2; (L >> level) > 1; level++) {
            q = fold(q, q, DoubleVector.fromArray(SPECIES, FIRST_HALVES[level], 0),
                    DoubleVector.fromArray(SPECIES, SECOND_HALVES[level], 0));
        }
        q.intoArray(products, at, SPECIES.indexInRange(0, COLS));
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
