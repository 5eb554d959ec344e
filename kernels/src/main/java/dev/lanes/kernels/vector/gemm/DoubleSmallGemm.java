// Generated from FloatSmallGemm.java by PrecisionTwins — do not edit; edit FloatSmallGemm.java and run: java kernels/src/test/java/dev/lanes/kernels/codegen/PrecisionTwins.java
package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The shapes the register tile serves badly (double).
 *
 * <p><b>Dot products, for N ≤ {@value BlockSizes#SMALL_N} (a 10-class output layer), for M = 1 with B
 * stored transposed (single-sample inference, y = W·x), and for a few rows with B transposed and K deep (inference
 * at a small batch, where packing W would cost more than multiplying it: {@code Plan.dotReadsTheWeightsFaster}).</b>
 * A tile of NR columns would be mostly padding, or its packed panels would be used by a single row tile; here
 * each element of C is a dot product of a row of op(A) with a column of op(B), vectorised along K, 16 at a time
 * in 16 vector accumulators (8 in the one-row tile on 16-register CPUs; two FMA pipes of latency 4 need at least 8
 * independent chains): rows in whole blocks of {@value BlockSizes#DOT_ROWS} take an {@value BlockSizes#DOT_ROWS} ×
 * {@value BlockSizes#DOT_COLS} tile (10 loads per 16 FMAs; N = 10 splits into 5 column pairs with nothing wasted;
 * two halves of 4 rows with 16 vector registers, {@link BlockSizes#DOT_HALF_TILES}), rows
 * left after them four at a time a 4 × 4 tile where there are 32 vector registers ({@link BlockSizes#DOT_QUADS}),
 * other rows — M = 1 above all — a 1 × {@link BlockSizes#DOT_ROW_COLS} tile: one row of A against 16 rows of B where there are 32 vector registers,
 * against 8 where there are 16 (AVX2: 16 accumulators, x and the loads would spill, see {@link BlockSizes}). Both
 * operands are read in place when they are contiguous along K (A not transposed, B transposed — the forward pass
 * of a Linear layer); otherwise the rows are first copied contiguous.
 *
 * <p>The accumulators of a tile are then summed across their lanes together, in registers, by a tree of two-vector
 * shuffles ({@code selectFrom}) and adds: each level takes two vectors, adds every even lane of the pair to the
 * odd lane after it, and packs the sums of the first vector before those of the second, so that every
 * accumulator keeps occupying a contiguous run of lanes, half as long, in the order the accumulators started in.
 * After log₂(lanes) levels the 16 (or 8) dot products sit in order in 16 / lanes (8 / lanes) vectors, stored at
 * once. Each accumulator is summed by the same pairwise tree ((a₀ + a₁) + (a₂ + a₃)) + … whichever tile, slot
 * or tile width it had (a level pairs lanes inside one accumulator's run, never across accumulators):
 * exact lane arithmetic, the same in the interpreter as in compiled code (a {@code reduceLanes(ADD)} may sum in
 * another order once compiled), so results do not depend on the thread count or on warm-up. The last k mod L
 * products of each dot product are added after the tree, as a scalar FMA chain would add them (see
 * {@link #addTail}): the same for every element. The tree is written out in each tile's method rather than in a shared helper: a helper taking
 * vectors must be inlined or they are boxed, and C2 stops inlining ordinary methods once a method this large has
 * used its inlining budget (the Vector API's own methods are always inlined).
 *
 * <p><b>One row times a matrix, for M = 1 with B stored as is.</b> The row of C is a sum of rows of B scaled by
 * the elements of A: B is streamed once, in place, 4 vectors of columns at a time.
 */
final class DoubleSmallGemm {
    /**
     * At most 16 lanes: the tree folds the 16 accumulators of a tile into 16 / lanes vectors, which needs
     * lanes ≤ 16 (no x86 or common AArch64 CPU has more).
     */
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED.length() <= 16
            ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_512;
    private static final int L = SPECIES.length();
    private static final int ROWS = BlockSizes.DOT_ROWS;
    private static final int COLS = BlockSizes.DOT_COLS;
    private static final int ROW_COLS = BlockSizes.DOT_ROW_COLS;
    private static final int QUAD = BlockSizes.DOT_QUAD_ROWS;
    /** Dot products per tile, and so accumulators. */
    private static final int TILE = ROWS * COLS;
    /** Index vectors of the tree: the even and the odd lanes of two vectors side by side. */
    private static final double[] EVEN_LANES = lanes(0), ODD_LANES = lanes(1);

    private DoubleSmallGemm() {
    }

    private static double[] lanes(int odd) {
        double[] index = new double[L];
        for (int t = 0; t < L; t++) {
            index[t] = 2 * t + odd;
        }
        return index;
    }

    /** The dot-product path for C[0, m) × [0, n), alpha ≠ 0, k &gt; 0. */
    static void dot(Transpose transA, Transpose transB, int m, int n, int k,
                    double alpha, double[] a, int aOffset, int lda,
                    double[] b, int bOffset, int ldb,
                    double beta, double[] c, int cOffset, int ldc,
                    double[] bias, int biasOffset, Activation activation) {
        Workspace workspace = Workspace.get();
        // Products of a block of rows, n apart; the one-row tile stores all its sums even past the last column
        // (the next row or tile overwrites them), hence the slack.
        double[] products = workspace.doubleTile(ROWS * n + Math.max(ROW_COLS, L));
        double[] spill = workspace.doubleScratch(TILE);
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
        // The K tail across columns once there is a block of rows to repay the copy of B's tails (same bits either way).
        double[] tails = k % L != 0 && m >= ROWS ? workspace.doubleRows(tailsSize(n)) : null;
        if (tails != null) {
            copyTails(k, bRows, bRow0, bLd, n, tails);
        }
        for (int i0 = 0; i0 < m; i0 += ROWS) {
            int rows = Math.min(ROWS, m - i0);
            int aRow0 = aOffset + i0 * lda, aLd = lda;
            if (packA) {
                DoublePacking.packRows(a, aOffset + i0, lda, rows, k, aRows);
                aRow0 = 0;
                aLd = k;
            }
            if (rows == ROWS) {
                for (int j0 = 0; j0 < n; j0 += COLS) {
                    int b0 = bRow0 + j0 * bLd, b1 = b0 + Math.min(1, n - 1 - j0) * bLd;
                    if (BlockSizes.DOT_HALF_TILES) {
                        dotHalfTile(k, aRows, aRow0, aLd, bRows, b0, b1, spill, 0);
                        dotHalfTile(k, aRows, aRow0 + ROWS / 2 * aLd, aLd, bRows, b0, b1, spill, TILE / 2);
                    } else {
                        dotTile(k, aRows, aRow0, aLd, bRows, b0, b1, spill);
                    }
                    copyTile(spill, ROWS, COLS, Math.min(COLS, n - j0), products, j0, n);
                }
            } else {
                int r = 0;
                for (; BlockSizes.DOT_QUADS && r + QUAD <= rows; r += QUAD) {
                    for (int j0 = 0; j0 < n; j0 += QUAD) {
                        dotQuad(k, aRows, aRow0 + r * aLd, aLd, bRows, bRow0 + j0 * bLd, bLd, n - 1 - j0, spill);
                        copyTile(spill, QUAD, QUAD, Math.min(QUAD, n - j0), products, r * n + j0, n);
                    }
                }
                for (; r < rows; r++) {
                    for (int j0 = 0; j0 < n; j0 += ROW_COLS) {
                        if (ROW_COLS == 16) {
                            dotRow16(k, aRows, aRow0 + r * aLd, bRows, bRow0 + j0 * bLd, bLd, n - 1 - j0, products, r * n + j0);
                        } else {
                            dotRow8(k, aRows, aRow0 + r * aLd, bRows, bRow0 + j0 * bLd, bLd, n - 1 - j0, products, r * n + j0);
                        }
                    }
                }
            }
            if (k % L != 0) {
                if (tails != null) {
                    addTailAcross(k, aRows, aRow0, aLd, rows, n, products, tails);
                } else {
                    addTail(k, aRows, aRow0, aLd, rows, bRows, bRow0, bLd, n, products);
                }
            }
            DoubleEpilogue.store(products, n, rows, n, c, cOffset + i0 * ldc, ldc,
                    alpha, beta, true, true, bias, biasOffset, activation);
        }
    }

    /**
     * The first {@code cols} columns of a tile's sums ({@code rows} × {@code tileCols} in {@code spill}, row-major; the
     * columns past C's edge repeat the last one) into {@code products} from {@code at}, rows n apart.
     */
    private static void copyTile(double[] spill, int rows, int tileCols, int cols, double[] products, int at, int n) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {           // two or four doubles: a loop, as before, not a call
                products[at + r * n + j] = spill[r * tileCols + j];
            }
        }
    }

    /**
     * Adds the last k mod L products of each dot product, in scalar: for each element the chain of FMAs over those
     * p in order, from zero, then added to its product. A vector step there inside the tiles' loops (masked, or
     * conditional) merges two versions of every accumulator, and C2 boxes the vectors at such a merge (1.8 KB per
     * 4 × 4 block, measured). Used when there are too few rows to repay {@link #copyTails}.
     */
    private static void addTail(int k, double[] a, int a0, int lda, int rows, double[] b, int b0, int ldb, int n,
                                double[] products) {
        int from = k - k % L;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                double sum = 0d;
                for (int p = from, ai = a0 + r * lda, bi = b0 + j * ldb; p < k; p++) {
                    sum = Math.fma(a[ai + p], b[bi + p], sum);
                }
                products[r * n + j] += sum;
            }
        }
    }

    /**
     * {@link #addTail} vectorised across the columns of op(B), whose tails {@link #copyTails} laid out K-major in
     * {@code tails}: the same chain of FMAs per element (Math.fma rounds once, as a lane of a vector FMA does), so
     * the same bits. In scalar, these k mod L steps of every element took longer than the whole vector part of a
     * 10-class layer whose input width is not a multiple of L: NT:64x10x200 ran at 31–35 GFLOP/s against 69–74 at
     * k = 192, and at 56 with this (benchmarks/results/2026-12-06-widths.md).
     */
    private static void addTailAcross(int k, double[] a, int a0, int lda, int rows, int n, double[] products, double[] tails) {
        int from = k - k % L, tail = k - from, width = tailsWidth(n), sums = tail * width;
        for (int r = 0; r < rows; r++) {
            int ai = a0 + r * lda + from;
            for (int j = 0; j < width; j += L) {
                DoubleVector sum = DoubleVector.zero(SPECIES);
                for (int p = 0; p < tail; p++) {
                    sum = DoubleVector.broadcast(SPECIES, a[ai + p]).fma(DoubleVector.fromArray(SPECIES, tails, p * width + j), sum);
                }
                sum.intoArray(tails, sums + j);
            }
            for (int j = 0, d = r * n; j < n; j++) {
                products[d + j] += tails[sums + j];
            }
        }
    }

    /**
     * The last k mod L elements of each of the n rows of op(B)ᵀ at {@code b0} into {@code tails}, K-major
     * ({@code tails[p·width + j]}, width n rounded up to L, zero past n), once per call, for {@link #addTailAcross}.
     */
    private static void copyTails(int k, double[] b, int b0, int ldb, int n, double[] tails) {
        int from = k - k % L, tail = k - from, width = tailsWidth(n);
        for (int j = 0; j < n; j++) {
            for (int p = 0, bi = b0 + j * ldb + from; p < tail; p++) {
                tails[p * width + j] = b[bi + p];
            }
        }
        for (int p = 0; p < tail && n < width; p++) {
            Arrays.fill(tails, p * width + n, (p + 1) * width, 0d);
        }
    }

    /** Doubles {@link #copyTails} and {@link #addTailAcross} need for n columns: L − 1 tail steps and a row of sums. */
    private static int tailsSize(int n) {
        return L * tailsWidth(n);
    }

    /** The length of one K step of the tails' layout: n columns rounded up to whole vectors, zero past n. */
    private static int tailsWidth(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * out[r·2 + j] = Σₚ a[a0 + r·lda + p]·b[b_j + p] over p &lt; k − k mod L, for 8 rows of A and 2 rows of B
     * (b0, b1; the same row twice at an odd edge).
     */
    static void dotTile(int k, double[] a, int a0, int lda, double[] b, int b0, int b1, double[] out) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        DoubleVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int whole = k - k % L;
        for (int p = 0; p < whole; p += L) {
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, b, b0 + p), y1 = DoubleVector.fromArray(SPECIES, b, b1 + p);
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p);
            c00 = x.fma(y0, c00); c01 = x.fma(y1, c01);
            x = DoubleVector.fromArray(SPECIES, a, a1 + p);
            c10 = x.fma(y0, c10); c11 = x.fma(y1, c11);
            x = DoubleVector.fromArray(SPECIES, a, a2 + p);
            c20 = x.fma(y0, c20); c21 = x.fma(y1, c21);
            x = DoubleVector.fromArray(SPECIES, a, a3 + p);
            c30 = x.fma(y0, c30); c31 = x.fma(y1, c31);
            x = DoubleVector.fromArray(SPECIES, a, a4 + p);
            c40 = x.fma(y0, c40); c41 = x.fma(y1, c41);
            x = DoubleVector.fromArray(SPECIES, a, a5 + p);
            c50 = x.fma(y0, c50); c51 = x.fma(y1, c51);
            x = DoubleVector.fromArray(SPECIES, a, a6 + p);
            c60 = x.fma(y0, c60); c61 = x.fma(y1, c61);
            x = DoubleVector.fromArray(SPECIES, a, a7 + p);
            c70 = x.fma(y0, c70); c71 = x.fma(y1, c71);
        }
        // The tree (see the class comment); the same as dotRow16's and dotRow8's.
        DoubleVector even = DoubleVector.fromArray(SPECIES, EVEN_LANES, 0), odd = DoubleVector.fromArray(SPECIES, ODD_LANES, 0);
        DoubleVector d0 = even.selectFrom(c00, c01).add(odd.selectFrom(c00, c01));
        DoubleVector d1 = even.selectFrom(c10, c11).add(odd.selectFrom(c10, c11));
        DoubleVector d2 = even.selectFrom(c20, c21).add(odd.selectFrom(c20, c21));
        DoubleVector d3 = even.selectFrom(c30, c31).add(odd.selectFrom(c30, c31));
        DoubleVector d4 = even.selectFrom(c40, c41).add(odd.selectFrom(c40, c41));
        DoubleVector d5 = even.selectFrom(c50, c51).add(odd.selectFrom(c50, c51));
        DoubleVector d6 = even.selectFrom(c60, c61).add(odd.selectFrom(c60, c61));
        DoubleVector d7 = even.selectFrom(c70, c71).add(odd.selectFrom(c70, c71));
        if (L == 2) {
            d0.intoArray(out, 0); d1.intoArray(out, 2); d2.intoArray(out, 4); d3.intoArray(out, 6);
            d4.intoArray(out, 8); d5.intoArray(out, 10); d6.intoArray(out, 12); d7.intoArray(out, 14);
            return;
        }
        DoubleVector e0 = even.selectFrom(d0, d1).add(odd.selectFrom(d0, d1));
        DoubleVector e1 = even.selectFrom(d2, d3).add(odd.selectFrom(d2, d3));
        DoubleVector e2 = even.selectFrom(d4, d5).add(odd.selectFrom(d4, d5));
        DoubleVector e3 = even.selectFrom(d6, d7).add(odd.selectFrom(d6, d7));
        if (L == 4) {
            e0.intoArray(out, 0); e1.intoArray(out, 4); e2.intoArray(out, 8); e3.intoArray(out, 12);
            return;
        }
        DoubleVector f0 = even.selectFrom(e0, e1).add(odd.selectFrom(e0, e1));
        DoubleVector f1 = even.selectFrom(e2, e3).add(odd.selectFrom(e2, e3));
        if (L == 8) {
            f0.intoArray(out, 0); f1.intoArray(out, 8);
            return;
        }
        even.selectFrom(f0, f1).add(odd.selectFrom(f0, f1)).intoArray(out, 0);
    }

    /**
     * out[at + r·2 + j] = Σₚ a[a0 + r·lda + p]·b[b_j + p] over p &lt; k − k mod L, for 4 rows of A and 2 rows of B:
     * half of {@link #dotTile}, for CPUs with 16 vector registers ({@link BlockSizes#DOT_HALF_TILES}), each sum
     * through the same FMA chain and tree.
     */
    static void dotHalfTile(int k, double[] a, int a0, int lda, double[] b, int b0, int b1, double[] out, int at) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00;
        int whole = k - k % L;
        for (int p = 0; p < whole; p += L) {
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, b, b0 + p), y1 = DoubleVector.fromArray(SPECIES, b, b1 + p);
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p);
            c00 = x.fma(y0, c00); c01 = x.fma(y1, c01);
            x = DoubleVector.fromArray(SPECIES, a, a1 + p);
            c10 = x.fma(y0, c10); c11 = x.fma(y1, c11);
            x = DoubleVector.fromArray(SPECIES, a, a2 + p);
            c20 = x.fma(y0, c20); c21 = x.fma(y1, c21);
            x = DoubleVector.fromArray(SPECIES, a, a3 + p);
            c30 = x.fma(y0, c30); c31 = x.fma(y1, c31);
        }
        // The tree (see the class comment); the same as dotTile's.
        DoubleVector even = DoubleVector.fromArray(SPECIES, EVEN_LANES, 0), odd = DoubleVector.fromArray(SPECIES, ODD_LANES, 0);
        DoubleVector d0 = even.selectFrom(c00, c01).add(odd.selectFrom(c00, c01));
        DoubleVector d1 = even.selectFrom(c10, c11).add(odd.selectFrom(c10, c11));
        DoubleVector d2 = even.selectFrom(c20, c21).add(odd.selectFrom(c20, c21));
        DoubleVector d3 = even.selectFrom(c30, c31).add(odd.selectFrom(c30, c31));
        if (L == 2) {
            d0.intoArray(out, at); d1.intoArray(out, at + 2); d2.intoArray(out, at + 4); d3.intoArray(out, at + 6);
            return;
        }
        DoubleVector e0 = even.selectFrom(d0, d1).add(odd.selectFrom(d0, d1));
        DoubleVector e1 = even.selectFrom(d2, d3).add(odd.selectFrom(d2, d3));
        if (L == 4) {
            e0.intoArray(out, at); e1.intoArray(out, at + 4);
            return;
        }
        even.selectFrom(e0, e1).add(odd.selectFrom(e0, e1)).intoArray(out, at);   // L = 8: 16 registers come with at most 256-bit vectors
    }

    /**
     * out[r·4 + j] = Σₚ a[a0 + r·lda + p]·b[b0 + min(j, last)·ldb + p] over p &lt; k − k mod L, for 4 rows of A and
     * 4 rows of B (the last one repeated past the edge): the tile for rows left after whole blocks of
     * {@value BlockSizes#DOT_ROWS}, which reads B once for four of them where the one-row tile reads it once each.
     * 8 loads per 16 FMAs; each sum folded by the same tree as in {@link #dotTile}.
     */
    static void dotQuad(int k, double[] a, int a0, int lda, double[] b, int b0, int ldb, int last, double[] out) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b1 = b0 + Math.min(1, last) * ldb, b2 = b0 + Math.min(2, last) * ldb, b3 = b0 + Math.min(3, last) * ldb;
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
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
        // The tree (see the class comment); the same as dotTile's, over the accumulators in row-major order.
        DoubleVector even = DoubleVector.fromArray(SPECIES, EVEN_LANES, 0), odd = DoubleVector.fromArray(SPECIES, ODD_LANES, 0);
        DoubleVector d0 = even.selectFrom(c00, c01).add(odd.selectFrom(c00, c01));
        DoubleVector d1 = even.selectFrom(c02, c03).add(odd.selectFrom(c02, c03));
        DoubleVector d2 = even.selectFrom(c10, c11).add(odd.selectFrom(c10, c11));
        DoubleVector d3 = even.selectFrom(c12, c13).add(odd.selectFrom(c12, c13));
        DoubleVector d4 = even.selectFrom(c20, c21).add(odd.selectFrom(c20, c21));
        DoubleVector d5 = even.selectFrom(c22, c23).add(odd.selectFrom(c22, c23));
        DoubleVector d6 = even.selectFrom(c30, c31).add(odd.selectFrom(c30, c31));
        DoubleVector d7 = even.selectFrom(c32, c33).add(odd.selectFrom(c32, c33));
        if (L == 2) {
            d0.intoArray(out, 0); d1.intoArray(out, 2); d2.intoArray(out, 4); d3.intoArray(out, 6);
            d4.intoArray(out, 8); d5.intoArray(out, 10); d6.intoArray(out, 12); d7.intoArray(out, 14);
            return;
        }
        DoubleVector e0 = even.selectFrom(d0, d1).add(odd.selectFrom(d0, d1));
        DoubleVector e1 = even.selectFrom(d2, d3).add(odd.selectFrom(d2, d3));
        DoubleVector e2 = even.selectFrom(d4, d5).add(odd.selectFrom(d4, d5));
        DoubleVector e3 = even.selectFrom(d6, d7).add(odd.selectFrom(d6, d7));
        if (L == 4) {
            e0.intoArray(out, 0); e1.intoArray(out, 4); e2.intoArray(out, 8); e3.intoArray(out, 12);
            return;
        }
        DoubleVector f0 = even.selectFrom(e0, e1).add(odd.selectFrom(e0, e1));
        DoubleVector f1 = even.selectFrom(e2, e3).add(odd.selectFrom(e2, e3));
        if (L == 8) {
            f0.intoArray(out, 0); f1.intoArray(out, 8);
            return;
        }
        even.selectFrom(f0, f1).add(odd.selectFrom(f0, f1)).intoArray(out, 0);
    }

    /**
     * out[at + j] = Σₚ a[a0 + p]·b[b0 + min(j, last)·ldb + p] over p &lt; k − k mod L for j &lt; 16: one row of A
     * and 16 rows of B (the last one repeated past the edge), each summed as in {@link #dotTile}: the tile for 32
     * vector registers.
     */
    static void dotRow16(int k, double[] a, int a0, double[] b, int b0, int ldb, int last, double[] out, int at) {
        int b1 = b0 + Math.min(1, last) * ldb, b2 = b0 + Math.min(2, last) * ldb, b3 = b0 + Math.min(3, last) * ldb;
        int b4 = b0 + Math.min(4, last) * ldb, b5 = b0 + Math.min(5, last) * ldb, b6 = b0 + Math.min(6, last) * ldb;
        int b7 = b0 + Math.min(7, last) * ldb, b8 = b0 + Math.min(8, last) * ldb, b9 = b0 + Math.min(9, last) * ldb;
        int b10 = b0 + Math.min(10, last) * ldb, b11 = b0 + Math.min(11, last) * ldb, b12 = b0 + Math.min(12, last) * ldb;
        int b13 = b0 + Math.min(13, last) * ldb, b14 = b0 + Math.min(14, last) * ldb, b15 = b0 + Math.min(15, last) * ldb;
        DoubleVector c0 = DoubleVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        DoubleVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        int whole = k - k % L;
        for (int p = 0; p < whole; p += L) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p);
            c0 = x.fma(DoubleVector.fromArray(SPECIES, b, b0 + p), c0);
            c1 = x.fma(DoubleVector.fromArray(SPECIES, b, b1 + p), c1);
            c2 = x.fma(DoubleVector.fromArray(SPECIES, b, b2 + p), c2);
            c3 = x.fma(DoubleVector.fromArray(SPECIES, b, b3 + p), c3);
            c4 = x.fma(DoubleVector.fromArray(SPECIES, b, b4 + p), c4);
            c5 = x.fma(DoubleVector.fromArray(SPECIES, b, b5 + p), c5);
            c6 = x.fma(DoubleVector.fromArray(SPECIES, b, b6 + p), c6);
            c7 = x.fma(DoubleVector.fromArray(SPECIES, b, b7 + p), c7);
            c8 = x.fma(DoubleVector.fromArray(SPECIES, b, b8 + p), c8);
            c9 = x.fma(DoubleVector.fromArray(SPECIES, b, b9 + p), c9);
            c10 = x.fma(DoubleVector.fromArray(SPECIES, b, b10 + p), c10);
            c11 = x.fma(DoubleVector.fromArray(SPECIES, b, b11 + p), c11);
            c12 = x.fma(DoubleVector.fromArray(SPECIES, b, b12 + p), c12);
            c13 = x.fma(DoubleVector.fromArray(SPECIES, b, b13 + p), c13);
            c14 = x.fma(DoubleVector.fromArray(SPECIES, b, b14 + p), c14);
            c15 = x.fma(DoubleVector.fromArray(SPECIES, b, b15 + p), c15);
        }
        // The tree (see the class comment); the same as dotTile's.
        DoubleVector even = DoubleVector.fromArray(SPECIES, EVEN_LANES, 0), odd = DoubleVector.fromArray(SPECIES, ODD_LANES, 0);
        DoubleVector d0 = even.selectFrom(c0, c1).add(odd.selectFrom(c0, c1));
        DoubleVector d1 = even.selectFrom(c2, c3).add(odd.selectFrom(c2, c3));
        DoubleVector d2 = even.selectFrom(c4, c5).add(odd.selectFrom(c4, c5));
        DoubleVector d3 = even.selectFrom(c6, c7).add(odd.selectFrom(c6, c7));
        DoubleVector d4 = even.selectFrom(c8, c9).add(odd.selectFrom(c8, c9));
        DoubleVector d5 = even.selectFrom(c10, c11).add(odd.selectFrom(c10, c11));
        DoubleVector d6 = even.selectFrom(c12, c13).add(odd.selectFrom(c12, c13));
        DoubleVector d7 = even.selectFrom(c14, c15).add(odd.selectFrom(c14, c15));
        if (L == 2) {
            d0.intoArray(out, at); d1.intoArray(out, at + 2); d2.intoArray(out, at + 4); d3.intoArray(out, at + 6);
            d4.intoArray(out, at + 8); d5.intoArray(out, at + 10); d6.intoArray(out, at + 12); d7.intoArray(out, at + 14);
            return;
        }
        DoubleVector e0 = even.selectFrom(d0, d1).add(odd.selectFrom(d0, d1));
        DoubleVector e1 = even.selectFrom(d2, d3).add(odd.selectFrom(d2, d3));
        DoubleVector e2 = even.selectFrom(d4, d5).add(odd.selectFrom(d4, d5));
        DoubleVector e3 = even.selectFrom(d6, d7).add(odd.selectFrom(d6, d7));
        if (L == 4) {
            e0.intoArray(out, at); e1.intoArray(out, at + 4); e2.intoArray(out, at + 8); e3.intoArray(out, at + 12);
            return;
        }
        DoubleVector f0 = even.selectFrom(e0, e1).add(odd.selectFrom(e0, e1));
        DoubleVector f1 = even.selectFrom(e2, e3).add(odd.selectFrom(e2, e3));
        if (L == 8) {
            f0.intoArray(out, at); f1.intoArray(out, at + 8);
            return;
        }
        even.selectFrom(f0, f1).add(odd.selectFrom(f0, f1)).intoArray(out, at);
    }

    /**
     * out[at + j] = Σₚ a[a0 + p]·b[b0 + min(j, last)·ldb + p] over p &lt; k − k mod L for j &lt; 8, and, when
     * L = 16, the same 8 sums again in out[at + 8, at + 16): {@link #dotRow16} with 8 rows of B, for 16 vector
     * registers (8 accumulators, x and 7 live loads fit; still enough chains for two FMA pipes of latency 4).
     * Each sum is folded by the same tree.
     */
    static void dotRow8(int k, double[] a, int a0, double[] b, int b0, int ldb, int last, double[] out, int at) {
        int b1 = b0 + Math.min(1, last) * ldb, b2 = b0 + Math.min(2, last) * ldb, b3 = b0 + Math.min(3, last) * ldb;
        int b4 = b0 + Math.min(4, last) * ldb, b5 = b0 + Math.min(5, last) * ldb, b6 = b0 + Math.min(6, last) * ldb;
        int b7 = b0 + Math.min(7, last) * ldb;
        DoubleVector c0 = DoubleVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int whole = k - k % L;
        for (int p = 0; p < whole; p += L) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + p);
            c0 = x.fma(DoubleVector.fromArray(SPECIES, b, b0 + p), c0);
            c1 = x.fma(DoubleVector.fromArray(SPECIES, b, b1 + p), c1);
            c2 = x.fma(DoubleVector.fromArray(SPECIES, b, b2 + p), c2);
            c3 = x.fma(DoubleVector.fromArray(SPECIES, b, b3 + p), c3);
            c4 = x.fma(DoubleVector.fromArray(SPECIES, b, b4 + p), c4);
            c5 = x.fma(DoubleVector.fromArray(SPECIES, b, b5 + p), c5);
            c6 = x.fma(DoubleVector.fromArray(SPECIES, b, b6 + p), c6);
            c7 = x.fma(DoubleVector.fromArray(SPECIES, b, b7 + p), c7);
        }
        // The tree (see the class comment); the same as dotTile's.
        DoubleVector even = DoubleVector.fromArray(SPECIES, EVEN_LANES, 0), odd = DoubleVector.fromArray(SPECIES, ODD_LANES, 0);
        DoubleVector d0 = even.selectFrom(c0, c1).add(odd.selectFrom(c0, c1));
        DoubleVector d1 = even.selectFrom(c2, c3).add(odd.selectFrom(c2, c3));
        DoubleVector d2 = even.selectFrom(c4, c5).add(odd.selectFrom(c4, c5));
        DoubleVector d3 = even.selectFrom(c6, c7).add(odd.selectFrom(c6, c7));
        if (L == 2) {
            d0.intoArray(out, at); d1.intoArray(out, at + 2); d2.intoArray(out, at + 4); d3.intoArray(out, at + 6);
            return;
        }
        DoubleVector e0 = even.selectFrom(d0, d1).add(odd.selectFrom(d0, d1));
        DoubleVector e1 = even.selectFrom(d2, d3).add(odd.selectFrom(d2, d3));
        if (L == 4) {
            e0.intoArray(out, at); e1.intoArray(out, at + 4);
            return;
        }
        DoubleVector f0 = even.selectFrom(e0, e1).add(odd.selectFrom(e0, e1));
        if (L == 8) {
            f0.intoArray(out, at);
            return;
        }
        // Not chosen with 16 lanes (512-bit vectors come with 32 registers), but correct: paired with itself, each
        // run of two lanes folds as in the other tiles.
        even.selectFrom(f0, f0).add(odd.selectFrom(f0, f0)).intoArray(out, at);
    }

    /** The single-row path for C[0, 1) × [0, n), B stored K × N, alpha ≠ 0, k &gt; 0. */
    static void row(Transpose transA, int n, int k, double alpha, double[] a, int aOffset, int lda,
                    double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset,
                    double[] bias, int biasOffset, Activation activation) {
        double[] products = Workspace.get().doubleTile(4 * L);
        int aStep = transA == Transpose.NONE ? 1 : lda;
        for (int j0 = 0; j0 < n; j0 += 4 * L) {
            int cols = Math.min(4 * L, n - j0);
            rowTimes(k, a, aOffset, aStep, b, bOffset + j0, ldb, cols, products);
            DoubleEpilogue.store(products, 0, 1, cols, c, cOffset + j0, 0, alpha, beta, true, true,
                    bias, biasOffset + j0, activation);
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
