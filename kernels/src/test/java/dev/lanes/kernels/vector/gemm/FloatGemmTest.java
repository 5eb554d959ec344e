package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link VectorGemm} in float against the scalar provider, on every path (blocked, dot-product, single row), at
 * and around every tile and block edge of this machine's {@link BlockSizes#FLOAT}, for all four transpose cases,
 * with offsets, leading dimensions larger than a row, alpha, beta, bias and ReLU. Its double twin is generated
 * from this file by PrecisionTwins.
 *
 * <p><b>Tolerance.</b> Both providers compute each element as a sum of k products in some order, then scale by
 * alpha, add beta·C and the bias. The classical bound for a sum of k products computed in any order, with or
 * without FMA, is |error| ≤ γₖ·Σₚ|aᵢₚ||bₚⱼ|, γₖ = k·u/(1 − k·u) ≈ k·u, u the unit roundoff (2⁻²⁴ in float); the
 * multiply by alpha, the beta term and the bias add at most two more roundings, each relative to the magnitudes
 * involved: |error| ≤ (k + 2)·u·(|alpha|·(|A||B|)ᵢⱼ + |beta·Cᵢⱼ| + |biasⱼ|) for each provider. The vector
 * provider cuts K into ⌈k/KC⌉ blocks and adds each block's alpha·partial into C, two more roundings per block.
 * The two results therefore differ by at most 2·(k + 2 + 2·blocks)·u·(…) — the assertion below; ReLU (max with
 * 0) cannot increase a difference. This is a bound, not a tuned number: a wrong index or a missed term breaks
 * it by orders of magnitude, while correct code sits far inside it.
 */
class FloatGemmTest {
    private static final double U = Math.ulp(1.0f) / 2;          // 2^-24
    private static final BlockSizes SIZES = BlockSizes.FLOAT;
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final Kernels SCALAR = Kernels.withProvider("scalar");
    private static final Transpose N = Transpose.NONE, T = Transpose.TRANSPOSE;

    /** One product: operands laid out with offsets and padded leading dimensions. */
    private record Case(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float beta, boolean bias,
                        Activation act, int pad, long seed) {

        int lda() { return (ta == N ? k : m) + pad; }
        int ldb() { return (tb == N ? n : k) + pad; }
        int ldc() { return n + pad; }
        int aRows() { return ta == N ? m : k; }
        int bRows() { return tb == N ? k : n; }
        int offset() { return pad == 0 ? 0 : 3; }

        @Override
        public String toString() {
            return ta + "," + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
                    + " bias=" + bias + " " + act + " pad=" + pad + " seed=" + seed;
        }
    }

    private static final class Operands {
        final float[] a, b, c, bias;

        Operands(Case t) {
            Random random = new Random(t.seed());
            a = random(random, t.offset() + Math.max(1, t.aRows()) * t.lda());
            b = random(random, t.offset() + Math.max(1, t.bRows()) * t.ldb());
            c = random(random, t.offset() + t.m() * t.ldc());
            bias = t.bias() ? random(random, t.n() + 2) : null;
        }

        private static float[] random(Random random, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
            return x;
        }
    }

    private static float[] vector(Case t, Operands o, int threads) {
        float[] c = o.c.clone();
        new VectorGemm(threads).gemm(t.ta(), t.tb(), t.m(), t.n(), t.k(), t.alpha(), o.a, t.offset(), t.lda(),
                o.b, t.offset(), t.ldb(), t.beta(), c, t.offset(), t.ldc(), o.bias, t.act());
        return c;
    }

    /** Checks one case against the scalar provider, and that nothing outside the m × n block of C changed. */
    private static float[] check(Case t) {
        Operands o = new Operands(t);
        return check(t, o, vector(t, o, 1));
    }

    /** Checks {@code actual}, C after the case's product on {@code o}, as {@link #check(Case)} does. */
    private static float[] check(Case t, Operands o, float[] actual) {
        float[] expected = o.c.clone();
        SCALAR.gemm(t.ta(), t.tb(), t.m(), t.n(), t.k(), t.alpha(), o.a, t.offset(), t.lda(),
                o.b, t.offset(), t.ldb(), t.beta(), expected, t.offset(), t.ldc(), o.bias, t.act());
        int blocks = Math.max(1, (t.k() + SIZES.kc() - 1) / SIZES.kc());
        double factor = 2.0 * (t.k() + 2 + 2 * blocks) * U;
        for (int idx = 0; idx < actual.length; idx++) {
            int rel = idx - t.offset(), i = Math.floorDiv(rel, t.ldc()), j = rel - i * t.ldc();
            if (rel < 0 || i >= t.m() || j >= t.n()) {
                int at = idx;
                assertEquals(o.c[idx], actual[idx], 0f, () -> "wrote outside C at " + at + ": " + t);
                continue;
            }
            double magnitude = 0;
            for (int p = 0; p < t.k(); p++) {
                magnitude += Math.abs((double) o.a[aIndex(t, i, p)] * o.b[bIndex(t, p, j)]);
            }
            magnitude = Math.abs(t.alpha()) * magnitude + (t.beta() == 0 ? 0 : Math.abs(t.beta() * o.c[idx]))
                    + (o.bias == null ? 0 : Math.abs(o.bias[j]));
            double tolerance = factor * magnitude;
            float e = expected[idx], x = actual[idx];
            if (!(Math.abs((double) e - x) <= tolerance) && !(Float.isNaN(e) && Float.isNaN(x))) {
                fail("C[" + i + "][" + j + "] = " + x + ", scalar " + e + ", tolerance " + tolerance + ": " + t);
            }
        }
        return actual;
    }

    private static int aIndex(Case t, int i, int p) {
        return t.offset() + (t.ta() == N ? i * t.lda() + p : p * t.lda() + i);
    }

    private static int bIndex(Case t, int p, int j) {
        return t.offset() + (t.tb() == N ? p * t.ldb() + j : j * t.ldb() + p);
    }

    private static Case plain(Transpose ta, Transpose tb, int m, int n, int k) {
        return new Case(ta, tb, m, n, k, 1f, 0f, false, Activation.IDENTITY, 0, 31L * m + 17L * n + k);
    }

    private static final Transpose[][] TRANSPOSES = {{N, N}, {N, T}, {T, N}, {T, T}};

    @Test
    void blockedPathAtEveryTileAndBlockEdge() {
        int mr = SIZES.mr(), nr = SIZES.nr(), mc = SIZES.mc();
        int[] ms = {2, mr - 1, mr, mr + 1, 2 * mr + 5, mc - 1, mc + 1};
        int[] ns = {BlockSizes.SMALL_N + 1, nr - 1, nr, nr + 1, 2 * nr + L + 3};
        int[] ks = {1, L - 1, L + 1, SIZES.kc() - 1, SIZES.kc(), SIZES.kc() + 1, 2 * SIZES.kc() + 7};
        for (Transpose[] t : TRANSPOSES) {
            for (int m : ms) {
                check(plain(t[0], t[1], m, nr + 1, 37));
            }
            for (int n : ns) {
                check(plain(t[0], t[1], mr + 1, n, 37));
            }
            for (int k : ks) {
                check(plain(t[0], t[1], mr + 1, nr + 3, k));
            }
            check(plain(t[0], t[1], mc + mr + 1, 2 * nr + 1, SIZES.kc() + 5));
        }
    }

    /**
     * A layer of any width: C's last panel of B holds 1 to NR columns, packed (for B stored N × K, transposed by
     * whole blocks of lanes plus one block staged with zero rows) and multiplied by the narrowest tile that covers
     * it. Every such width against the scalar reference, with K below one block of lanes (the scalar pack), and
     * with whole blocks plus a tail; then the hidden widths of issue 16 at their real shapes.
     */
    @Test
    void everyWidthOfTheLastPanel() {
        int nr = SIZES.nr(), mr = SIZES.mr();
        for (Transpose[] t : TRANSPOSES) {
            for (int w = 1; w <= nr; w++) {
                check(plain(t[0], t[1], mr + 1, nr + w, L - 1));
                check(plain(t[0], t[1], mr + 1, nr + w, 2 * L + 5));
            }
        }
        for (int width : new int[] {100, 200, 300, 500, 1000}) {
            check(plain(N, T, 64, width, 784));     // forward
            check(plain(T, N, width, 784, 64));     // weight gradient
            check(plain(N, N, 64, 784, width));     // input gradient
        }
    }

    /**
     * Each column of C gets the same bits in the last, partial panel as inside a whole one: the product at width
     * NR + w (its last panel w columns wide) equals, column for column, the first NR + w columns of the product at
     * width 2·NR over the same operands. The tile that covers a column and the packing of its panel change; the
     * chain of FMAs that computes it does not.
     */
    @Test
    void sameBitsInThePartialPanelAsInAWholeOne() {
        int nr = SIZES.nr(), m = SIZES.mr() + 1, wide = 2 * nr;
        for (Transpose[] t : TRANSPOSES) {
            for (int k : new int[] {L - 1, 2 * L + 5, SIZES.kc() + 3}) {
                Random random = new Random(7L * k + t[0].ordinal() * 2 + t[1].ordinal());
                int lda = t[0] == N ? k : m, ldb = t[1] == N ? wide : k;
                float[] a = Operands.random(random, m * k), b = Operands.random(random, k * wide);
                float[] whole = new float[m * wide];
                new VectorGemm(1).gemm(t[0], t[1], m, wide, k, 1f, a, 0, lda, b, 0, ldb, 0f, whole, 0, wide,
                        null, Activation.IDENTITY);
                for (int w = 1; w < nr; w++) {
                    float[] part = new float[m * wide];
                    new VectorGemm(1).gemm(t[0], t[1], m, nr + w, k, 1f, a, 0, lda, b, 0, ldb, 0f, part, 0, wide,
                            null, Activation.IDENTITY);
                    for (int i = 0; i < m; i++) {
                        int from = i * wide, width = nr + w, depth = k, row = i;
                        assertArrayEquals(Arrays.copyOfRange(whole, from, from + width),    // bit for bit
                                Arrays.copyOfRange(part, from, from + width),
                                () -> "row " + row + " at width " + width + ", k " + depth + ", " + t[0] + "," + t[1]);
                    }
                }
            }
        }
    }

    /**
     * Products computed swapped ({@link Plan#swapsOperands}: Cᵀ = op(B)ᵀ·op(A)ᵀ into the workspace, stored
     * transposed by the epilogue) against the scalar reference, for all four transpose cases and every epilogue,
     * and bit for bit against the unswapped blocked path on the same operands: each element is the same FMA chain
     * (products commute) through the same epilogue operations. The shapes that are not swapped in some transpose
     * case pass through the same checks; each case but NN (never cheaper swapped) swaps some. The last shape takes
     * two chunks of rows.
     */
    @Test
    void swappedProductsGiveTheBitsOfTheUnswappedPath() {
        int[][] shapes = {{32, 20, 300}, {48, 36, 300}, {64, 100, 200}, {64, 100, 784}, {64, 256, 784}, {1024 + 32, 100, 784}};
        Activation[] activations = {Activation.IDENTITY, Activation.RELU, Activation.GELU};
        long seed = 1;
        for (Transpose[] t : TRANSPOSES) {
            int swapped = 0;
            for (int[] s : shapes) {
                if (s[0] > 1024 && t[0] != T) {
                    continue;                       // the chunked shape where it swaps (TN, TT) and is cheap to check
                }
                swapped += Plan.swapsOperands(s[0], s[1], s[2], t[0], t[1], SIZES, 1) ? 1 : 0;
                for (Case c : List.of(plain(t[0], t[1], s[0], s[1], s[2]),
                        new Case(t[0], t[1], s[0], s[1], s[2], -1.5f, 0.5f, true, activations[(int) (seed % 3)], 3, seed++))) {
                    float[] actual = check(c);
                    Operands o = new Operands(c);
                    float[] unswapped = o.c.clone();
                    FloatJob.compute(Plan.Path.BLOCKED, c.ta(), c.tb(), c.m(), c.n(), c.k(), c.alpha(), o.a, c.offset(),
                            c.lda(), o.b, null, c.offset(), c.ldb(), null, 0, c.beta(), unswapped, c.offset(), c.ldc(), o.bias, 0,
                            c.act());
                    assertArrayEquals(unswapped, actual, () -> "against the unswapped path: " + c);
                    assertArrayEquals(actual, vector(c, o, 3), () -> "3 threads: " + c);
                }
            }
            int count = swapped;
            assertTrue(t[0] == N && t[1] == N ? count == 0 : count > 0, () -> count + " shapes swapped for " + t[0] + "," + t[1]);
        }
    }

    /**
     * The swap is taken where its cost model says the swapped product is cheaper: a layer's forward product at a
     * small batch (packing the batch instead of the weights, and the width on the tile's rows), never with rows off
     * the vectors, two K blocks or the dot-product path.
     */
    @Test
    void swapsWhereTheModelSaysItIsCheaper() {
        assertTrue(Plan.swapsOperands(64, 100, 784, N, T, SIZES, 1));          // 784-100: forward at batch 64
        assertTrue(Plan.swapsOperands(64, 256, 784, N, T, SIZES, 1));          // 784-256: forward at batch 64
        assertEquals(false, Plan.swapsOperands(1024, 256, 784, N, T, SIZES, 1)); // batch 1024: pack the weights
        assertEquals(false, Plan.swapsOperands(64, 784, 256, N, N, SIZES, 1)); // input gradient: B copied, not transposed
        assertEquals(false, Plan.swapsOperands(256, 784, 64, T, N, SIZES, 1)); // weight gradient
        assertEquals(false, Plan.swapsOperands(63, 100, 784, N, T, SIZES, 1)); // rows not whole vectors
        assertEquals(false, Plan.swapsOperands(16, 100, 784, N, T, SIZES, 1)); // 16 rows: the dot-product path
        assertEquals(false, Plan.swapsOperands(64, 100, SIZES.kc() + 1, N, T, SIZES, 1)); // two K blocks
        assertEquals(false, Plan.swapsOperands(64, 10, 784, N, T, SIZES, 1));  // the dot-product path
    }

    @Test
    void blockedPathAcrossTheNcBlock() {
        check(plain(N, N, 7, SIZES.nc() + SIZES.nr() + 1, 3));
        check(plain(T, T, 7, SIZES.nc() + 1, 3));
    }

    @Test
    void dotProductPathForNUpTo16() {
        for (Transpose[] t : TRANSPOSES) {
            for (int n = 1; n <= BlockSizes.SMALL_N; n++) {
                for (int m : new int[]{2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17}) {
                    for (int k : new int[]{1, L - 1, L, L + 1, 3 * L + 5}) {
                        assertEquals(Plan.Path.DOT, Plan.path(m, n, k, t[1]));
                        check(plain(t[0], t[1], m, n, k));
                    }
                }
            }
            check(plain(t[0], t[1], 128, 10, 256));
        }
    }

    /**
     * The dot-product path computes whole blocks of rows with one tile and other rows (and M = 1) with another,
     * and a thread may get any rectangle of whole units: each element must come out with the same bits
     * whichever tile, slot or edge it lands in. Recomputes C without its first rows or columns (shifting every
     * tile boundary), and row by row when M = 1 takes the dot-product path too, and compares the bits of the
     * elements recomputed.
     */
    @Test
    void dotProductPathSameBitsWhicheverTileAnElementLandsIn() {
        for (Transpose[] t : TRANSPOSES) {
            for (int k : new int[]{L - 1, 3 * L + 5}) {
                Case whole = new Case(t[0], t[1], 2 * BlockSizes.DOT_ROWS + 3, 13, k, 1.5f, 0.5f, true, Activation.RELU, 2, k);
                Operands o = new Operands(whole);
                float[] expected = vector(whole, o, 1);
                int lda = whole.lda(), ldb = whole.ldb(), ldc = whole.ldc(), at = whole.offset();
                for (int skip : new int[]{1, 3, BlockSizes.DOT_ROWS + 1}) {
                    float[] c = o.c.clone();
                    new VectorGemm(1).gemm(t[0], t[1], whole.m() - skip, whole.n(), k, whole.alpha(),
                            o.a, at + (t[0] == N ? skip * lda : skip), lda, o.b, at, ldb, whole.beta(),
                            c, at + skip * ldc, ldc, o.bias, whole.act());
                    System.arraycopy(expected, at, c, at, skip * ldc);        // the rows left out
                    assertArrayEquals(expected, c, () -> "without the first " + skip + " rows: " + whole);
                }
                for (int skip : new int[]{1, 3}) {
                    float[] c = o.c.clone(), bias = Arrays.copyOfRange(o.bias, skip, o.bias.length);
                    new VectorGemm(1).gemm(t[0], t[1], whole.m(), whole.n() - skip, k, whole.alpha(),
                            o.a, at, lda, o.b, at + (t[1] == N ? skip : skip * ldb), ldb, whole.beta(),
                            c, at + skip, ldc, bias, whole.act());
                    for (int i = 0; i < whole.m(); i++) {
                        System.arraycopy(expected, at + i * ldc, c, at + i * ldc, skip);   // the columns left out
                    }
                    assertArrayEquals(expected, c, () -> "without the first " + skip + " columns: " + whole);
                }
                if (t[1] == T) {
                    float[] c = o.c.clone();
                    for (int i = 0; i < whole.m(); i++) {
                        assertEquals(Plan.Path.DOT, Plan.path(1, whole.n(), k, t[1]));
                        new VectorGemm(1).gemm(t[0], t[1], 1, whole.n(), k, whole.alpha(),
                                o.a, at + (t[0] == N ? i * lda : i), lda, o.b, at, ldb, whole.beta(),
                                c, at + i * ldc, ldc, o.bias, whole.act());
                    }
                    assertArrayEquals(expected, c, () -> "row by row: " + whole);
                }
            }
        }
    }

    /**
     * The one-row tiles (1 × 16 with 32 vector registers, 1 × 8 with 16) and the 8 × 2 tile give the same bits for
     * the same dot product: the register file may pick either one-row tile, and a row's elements may land in any
     * tile, yet every element must be folded by the same tree. Calls the tiles directly, so both one-row tiles are
     * checked whichever this machine uses.
     */
    @Test
    void everyDotTileGivesTheSameBits() {
        Random random = new Random(7);
        for (int k : new int[]{L - 1, L, 3 * L + 5, 100}) {
            int ldb = k + 3, rowsOfB = 16;
            float[] a = new float[BlockSizes.DOT_ROWS * k], b = new float[rowsOfB * ldb];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian();
            }
            float[] wide = new float[32], narrow = new float[32], tile = new float[BlockSizes.DOT_ROWS * BlockSizes.DOT_COLS];
            FloatSmallGemm.dotRow16(k, a, 0, b, 0, ldb, rowsOfB - 1, wide, 0);
            FloatSmallGemm.dotRow8(k, a, 0, b, 0, ldb, rowsOfB - 1, narrow, 0);
            FloatSmallGemm.dotRow8(k, a, 0, b, 8 * ldb, ldb, rowsOfB - 9, narrow, 8);
            assertArrayEquals(Arrays.copyOf(wide, 16), Arrays.copyOf(narrow, 16), "1 x 16 against 1 x 8, k=" + k);
            for (int j = 0; j < rowsOfB; j += BlockSizes.DOT_COLS) {
                FloatSmallGemm.dotTile(k, a, 0, k, b, j * ldb, (j + 1) * ldb, tile);
                for (int c = 0; c < BlockSizes.DOT_COLS; c++) {
                    assertEquals(Float.floatToRawIntBits(wide[j + c]), Float.floatToRawIntBits(tile[c]),
                            "8 x 2 against 1 x 16, column " + (j + c) + ", k=" + k);
                }
            }
        }
    }

    /**
     * A few rows with B stored N × K and K deep (a layer's forward product at a small batch) take the dot-product
     * path where {@link Plan#dotReadsTheWeightsFaster} says so — whole blocks of rows, rows left over, both — and
     * agree with the scalar reference at every epilogue; the same shapes with B as stored, or shallow, stay blocked.
     */
    @Test
    void fewRowsWithTransposedWeightsTakeTheDotPath() {
        // Rows that the model's costs send to the dot path with 32 vector registers, and with 16.
        int[] dotRows = BlockSizes.WIDE_REGISTER_FILE ? new int[]{2, 3, 4, 8, 9, 16} : new int[]{2, 3, 5, 7, 13, 20};
        long seed = 3;
        for (Transpose ta : new Transpose[]{N, T}) {
            for (int m : dotRows) {
                for (int[] nk : new int[][]{{10 * L + 3, 784}, {17, 500}, {4 * L, Plan.DOT_BLOCKS_MIN_K}}) {
                    int n = nk[0], k = nk[1];
                    assertEquals(Plan.Path.DOT, Plan.path(m, n, k, T), () -> m + "x" + n + "x" + k);
                    check(new Case(ta, T, m, n, k, 0.5f, m % 2 == 0 ? 0f : 1.5f, true,
                            m % 3 == 0 ? Activation.GELU : Activation.RELU, m % 4, seed++));
                }
            }
            // 8 + 4 rows: with 32 vector registers the quad tile reads B once for the four, where the one-row tile
            // read it four times; with 16 the pack that the dot path saves costs more.
            assertEquals(Plan.Path.DOT, Plan.path(12, 256, 784, T));
            assertEquals(Plan.Path.BLOCKED, Plan.path(BlockSizes.WIDE_REGISTER_FILE ? 18 : 21, 256, 784, T));
            assertEquals(Plan.Path.BLOCKED, Plan.path(24, 256, 784, T));
            assertEquals(Plan.Path.BLOCKED, Plan.path(32, 256, 784, T));
            assertEquals(Plan.Path.BLOCKED, Plan.path(8, 256, 784, N));     // B as stored: its pack is a copy
            assertEquals(Plan.Path.BLOCKED, Plan.path(8, 256, Plan.DOT_MIN_K - 1, T));
            // Not deep enough to repay dot products for more than one block of rows.
            assertEquals(Plan.Path.DOT, Plan.path(BlockSizes.DOT_ROWS, 128, Plan.DOT_MIN_K, T));
            assertEquals(Plan.Path.BLOCKED, Plan.path(BlockSizes.DOT_ROWS + 1, 128, Plan.DOT_BLOCKS_MIN_K - 1, T));
            check(new Case(ta, T, 5, 37, Plan.DOT_MIN_K + 3, 1f, 0f, true, Activation.RELU, 1, seed++));
            // A B past the cached size: at most one block of rows of dot products.
            assertEquals(Plan.Path.DOT, Plan.path(BlockSizes.DOT_ROWS, 1024, 1025, T));
            assertEquals(Plan.Path.DOT, Plan.path(BlockSizes.DOT_ROWS + 1, 1024, 1024, T));
            assertEquals(Plan.Path.BLOCKED, Plan.path(BlockSizes.DOT_ROWS + 1, 1024, 1025, T));
        }
    }

    /**
     * The dot-product path reads a B past {@link BlockSizes#CACHED_B} a chunk of columns at a time
     * ({@link BlockSizes#DOT_CHUNK}): a column of C must come out the same whatever chunk it falls in, so each column
     * computed alone (N = 1, one chunk) gives the bits of the whole product, across chunk edges, lone rows, the quad
     * tile and a whole block of rows, with and without a K tail.
     */
    @Test
    void dotPathColumnsDoNotDependOnTheirChunk() {
        int step = BlockSizes.DOT_CHUNK_COLUMNS;
        // 5 rows: the quad tile and a lone row where there is one; without it 5 lone rows tie with blocked, so 4.
        int[][] shapes = {{3, 1100, 1000}, {BlockSizes.DOT_ROWS, 1030, 1024 + L / 2},
                {BlockSizes.DOT_QUADS ? 5 : 4, 1040, 1009}};
        for (Transpose ta : new Transpose[]{N, T}) {
            for (int[] s : shapes) {
                Case c = new Case(ta, T, s[0], s[1], s[2], 0.5f, 1.5f, true, Activation.RELU, 2, s[0] + s[1]);
                assertEquals(Plan.Path.DOT, Plan.path(c.m(), c.n(), c.k(), T), c::toString);
                assertTrue((long) c.n() * c.k() > BlockSizes.CACHED_B, "read in chunks");
                assertTrue(c.n() > Math.max(step, BlockSizes.DOT_CHUNK / c.k() / step * step), "more than one chunk");
                Operands o = new Operands(c);
                float[] whole = o.c.clone(), alone = o.c.clone();
                new VectorGemm(1).gemm(ta, T, c.m(), c.n(), c.k(), c.alpha(), o.a, c.offset(), c.lda(), o.b, c.offset(),
                        c.ldb(), c.beta(), whole, c.offset(), c.ldc(), o.bias, c.act());
                for (int j = 0; j < c.n(); j++) {
                    new VectorGemm(1).gemm(ta, T, c.m(), 1, c.k(), c.alpha(), o.a, c.offset(), c.lda(), o.b,
                            c.offset() + j * c.ldb(), c.ldb(), c.beta(), alone, c.offset() + j, c.ldc(),
                            new float[]{o.bias[j]}, c.act());
                }
                assertArrayEquals(whole, alone, c::toString);
            }
        }
    }

    /**
     * Every tile of the dot-product path (a whole block of rows, the quad tile, the one-row tile) sums a product by
     * the same tree, so a row of C comes out the same whichever tile it falls in: each row computed alone (M = 1,
     * the one-row tile) gives the bits of the whole product, with and without a K tail.
     */
    @Test
    void dotPathRowsDoNotDependOnTheirTile() {
        for (Transpose ta : new Transpose[]{N, T}) {
            for (int m : new int[]{4, 6, 7, 12, 13, 15, 17, 20}) {
                for (int k : new int[]{Plan.DOT_MIN_K, 784, 300 + L / 2}) {
                    Case c = new Case(ta, T, m, 37, k, 0.5f, 1.5f, true, Activation.RELU, 1, 31L * m + k);
                    Operands o = new Operands(c);
                    float[] whole = o.c.clone(), alone = o.c.clone();
                    FloatJob.compute(Plan.Path.DOT, ta, T, m, c.n(), k, c.alpha(), o.a, c.offset(), c.lda(), o.b, null,
                            c.offset(), c.ldb(), null, 0, c.beta(), whole, c.offset(), c.ldc(), o.bias, 0, c.act());
                    for (int i = 0; i < m; i++) {
                        FloatJob.compute(Plan.Path.DOT, ta, T, 1, c.n(), k, c.alpha(), o.a,
                                c.offset() + (ta == N ? i * c.lda() : i), c.lda(), o.b, null, c.offset(), c.ldb(), null, 0,
                                c.beta(), alone, c.offset() + i * c.ldc(), c.ldc(), o.bias, 0, c.act());
                    }
                    assertArrayEquals(whole, alone, c::toString);
                }
            }
        }
    }

    @Test
    void singleRowPaths() {
        for (Transpose[] t : TRANSPOSES) {
            for (int n : new int[]{1, 10, 17, 4 * L - 1, 4 * L, 4 * L + 1, 300}) {
                for (int k : new int[]{1, L - 1, L + 1, 100, SIZES.kc() + 1}) {
                    assertEquals(t[1] == N ? Plan.Path.ROW : Plan.Path.DOT, Plan.path(1, n, k, t[1]));
                    check(plain(t[0], t[1], 1, n, k));
                }
            }
        }
    }

    @Test
    void fusedEpilogueOffsetsAndLeadingDimensions() {
        float[][] alphaBeta = {{1f, 0f}, {2.5f, 1f}, {-1f, -0.5f}, {0.5f, 2f}};
        int[][] shapes = {{13, 70, 29}, {4, 10, 33}, {1, 50, 20}, {1, 9, 20}, {2 * SIZES.mr() + 1, SIZES.nr() + 5, SIZES.kc() + 9}};
        long seed = 1;
        for (Transpose[] t : TRANSPOSES) {
            for (int[] s : shapes) {
                for (float[] ab : alphaBeta) {
                    // GELU's epilogue: GemmConformance checks it gives the GELU kernel's bits.
                    for (Activation act : List.of(Activation.IDENTITY, Activation.RELU)) {
                        check(new Case(t[0], t[1], s[0], s[1], s[2], ab[0], ab[1], true, act, 5, seed++));
                        check(new Case(t[0], t[1], s[0], s[1], s[2], ab[0], ab[1], false, act, 2, seed++));
                    }
                }
            }
        }
    }

    @Test
    void alphaZeroOrKZeroDoesNotReadAOrB() {
        for (int[] s : new int[][]{{7, 70, 0}, {7, 70, 5}, {3, 5, 4}}) {
            float[] a = new float[Math.max(1, s[0] * s[2])], b = new float[Math.max(1, s[2] * s[1])];
            Arrays.fill(a, Float.NaN);
            Arrays.fill(b, Float.NaN);
            float[] c = new float[s[0] * s[1]], bias = new float[s[1]];
            Arrays.fill(c, -2f);
            Arrays.fill(bias, 0.5f);
            float alpha = s[2] == 0 ? 1f : 0f;
            new VectorGemm(2).gemm(N, N, s[0], s[1], s[2], alpha, a, 0, Math.max(1, s[2]), b, 0, s[1], 3f, c, 0, s[1], bias, Activation.RELU);
            for (float x : c) {
                assertEquals(0f, x, 0f);                       // relu(3·(−2) + 0.5)
            }
            new VectorGemm(2).gemm(N, N, s[0], s[1], s[2], alpha, a, 0, Math.max(1, s[2]), b, 0, s[1], 0.5f, c, 0, s[1], bias, Activation.IDENTITY);
            for (float x : c) {
                assertEquals(0.5f, x, 0f);
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        for (int[] s : new int[][]{{13, 70, 29}, {9, 10, 20}, {1, 80, 20}, {1, 7, 20}}) {
            for (Transpose[] t : TRANSPOSES) {
                Case c = new Case(t[0], t[1], s[0], s[1], s[2], 1.5f, 0f, true, Activation.RELU, 1, 99);
                Operands o = new Operands(c);
                Arrays.fill(o.c, Float.NaN);
                float[] out = vector(c, o, 1);
                for (int i = 0; i < c.m(); i++) {
                    for (int j = 0; j < c.n(); j++) {
                        assertTrue(!Float.isNaN(out[c.offset() + i * c.ldc() + j]), () -> "NaN leaked from C: " + c);
                    }
                }
            }
        }
    }

    @Test
    void nanInAPropagatesThroughRelu() {
        for (int[] s : new int[][]{{13, 70, 29}, {9, 10, 20}, {1, 80, 20}}) {
            float[] a = new float[s[0] * s[2]], b = new float[s[2] * s[1]], c = new float[s[0] * s[1]];
            Arrays.fill(a, 1f);
            Arrays.fill(b, -1f);
            a[0] = Float.NaN;                                   // row 0 of C is NaN, the rest −k
            new VectorGemm(1).gemm(N, N, s[0], s[1], s[2], 1f, a, 0, s[2], b, 0, s[1], 0f, c, 0, s[1], null, Activation.RELU);
            for (int j = 0; j < s[1]; j++) {
                assertTrue(Float.isNaN(c[j]), "ReLU must keep NaN");
            }
            for (int idx = s[1]; idx < c.length; idx++) {
                assertEquals(0f, c[idx], 0f);
            }
        }
    }

    private static List<Case> threadingCases() {
        List<Case> cases = new ArrayList<>();
        long seed = 7;
        for (Transpose[] t : TRANSPOSES) {
            cases.add(new Case(t[0], t[1], 203, 3 * SIZES.nr() + 5, SIZES.kc() + 13, 1f, 0.5f, true, Activation.RELU, 3, seed++)); // blocked, by columns
            cases.add(new Case(t[0], t[1], 301, SIZES.nr() + 7, 150, 1.5f, 0f, true, Activation.IDENTITY, 0, seed++));             // blocked, by rows
            cases.add(new Case(t[0], t[1], 517, 10, 301, 1f, 1f, true, Activation.RELU, 2, seed++));                                // dot
            cases.add(new Case(t[0], t[1], 1, 4000, 1100, 1f, 0f, true, Activation.IDENTITY, 1, seed++));                          // M = 1
        }
        return cases;
    }

    @Test
    void sameBitsForEveryThreadCount() {
        for (Case t : threadingCases()) {
            float[] one = check(t);
            Operands o = new Operands(t);
            for (int threads : new int[]{2, 3, 7}) {
                assertArrayEquals(one, vector(t, o, threads), () -> threads + " threads: " + t);
            }
        }
    }

    /** Runs every cut of the work (as up to 7 threads would get it) on this thread, part after part. */
    @Test
    void sameBitsForEveryCutOfTheWork() {
        for (Case t : threadingCases()) {
            Operands o = new Operands(t);
            float[] one = vector(t, o, 1);
            Plan.Path path = Plan.path(t.m(), t.n(), t.k(), t.tb(), FloatStripTranspose.TWO_VECTOR_SHUFFLES);
            for (int parts = 2; parts <= 7; parts++) {
                float[] c = o.c.clone();
                FloatJob job = new FloatJob();
                job.set(path, parts, t.ta(), t.tb(), t.m(), t.n(), t.k(), t.alpha(), o.a, t.offset(), t.lda(),
                        o.b, t.offset(), t.ldb(), t.beta(), c, t.offset(), t.ldc(), o.bias, t.act());
                for (int part = 0; part < parts; part++) {
                    job.run(part, parts);
                }
                int count = parts;
                assertArrayEquals(one, c, () -> count + " parts: " + t);
            }
        }
    }

    @Test
    void manyCallersAtOnce() throws Exception {
        Case t = new Case(N, T, 150, 3 * SIZES.nr() + 1, 200, 1f, 0f, true, Activation.RELU, 0, 5);
        Operands o = new Operands(t);
        float[] expected = vector(t, o, 1);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                results.add(callers.submit(() -> vector(t, o, 2)));
            }
            for (Future<float[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            callers.shutdown();
        }
    }

    /**
     * B widened as it is packed ({@link VectorGemm#gemmWidened}, the narrow-weight products' path) gives the bits
     * of the product of the widened values given as an array, on every path: blocked at tile, K-block and NC-block
     * edges, the dot-product and row paths (a few rows, a small N, one row) across the edges of the chunks they
     * widen, both layouts of B, and split over threads. The "narrow" source here is B itself, widened by an exact
     * halving.
     */
    @Test
    void widenedBGivesTheBitsOfTheWidenedArray() {
        int nr = SIZES.nr(), mr = SIZES.mr();
        int[][] shapes = {{2, BlockSizes.SMALL_N + 1, 37}, {mr + 1, nr + 3, SIZES.kc() + 1},
                {SIZES.mc() + 1, 2 * nr + L + 3, 2 * SIZES.kc() + 7}, {7, SIZES.nc() + 1, 3}, {mr, nr, 1},
                {1, 70, 300}, {2, 100, 300}, {BlockSizes.DOT_ROWS + 1, 2 * BlockSizes.DOT_CHUNK_COLUMNS + 5, 700},
                {17, BlockSizes.SMALL_N - 1, 40}, {3, 40, BlockSizes.DOT_CHUNK / BlockSizes.DOT_CHUNK_COLUMNS + 9}};
        Set<Plan.Path> paths = EnumSet.noneOf(Plan.Path.class);
        for (Transpose[] t : TRANSPOSES) {
            for (int[] s : shapes) {
                paths.add(Plan.path(s[0], s[1], s[2], t[1]));
                Case c = new Case(t[0], t[1], s[0], s[1], s[2], 1f, 0.5f, true, Activation.RELU, 3, 11L * s[0] + s[1] + s[2]);
                Operands o = new Operands(c);
                float[] halved = o.b.clone();
                for (int i = 0; i < halved.length; i++) {
                    halved[i] *= 0.5f;
                }
                Widening<float[]> wide = (from, ld, rows, cols, dst, dstOffset, ldd) -> {
                    for (int r = 0; r < rows; r++) {
                        for (int q = 0; q < cols; q++) {
                            dst[dstOffset + r * ldd + q] = o.b[from + r * ld + q] * 0.5f;
                        }
                    }
                };
                float[] expected = o.c.clone();
                new VectorGemm(1).gemm(c.ta(), c.tb(), c.m(), c.n(), c.k(), c.alpha(), o.a, c.offset(), c.lda(),
                        halved, c.offset(), c.ldb(), c.beta(), expected, c.offset(), c.ldc(), o.bias, c.act());
                for (int threads : new int[]{1, 3}) {
                    float[] actual = o.c.clone();
                    new VectorGemm(threads).gemmWidened(c.ta(), c.tb(), c.m(), c.n(), c.k(), c.alpha(), o.a, c.offset(), c.lda(),
                            wide, c.offset(), c.ldb(), c.beta(), actual, c.offset(), c.ldc(), o.bias, c.act());
                    assertArrayEquals(expected, actual, () -> threads + " thread(s): " + c);
                }
            }
        }
        assertEquals(EnumSet.allOf(Plan.Path.class), paths, "the shapes cover every path");
    }

    /** C after the case's product with B packed beforehand ({@link VectorGemm#pack}). */
    private static float[] packed(Case t, Operands o, int threads) {
        VectorGemm gemm = new VectorGemm(threads);
        float[] panels = new float[Math.toIntExact(gemm.floatPackedLength(t.k(), t.n()))];
        gemm.pack(t.tb(), t.k(), t.n(), o.b, t.offset(), t.ldb(), panels);
        float[] c = o.c.clone();
        gemm.gemmPacked(t.ta(), t.m(), t.n(), t.k(), t.alpha(), o.a, t.offset(), t.lda(), panels, t.beta(), c, t.offset(),
                t.ldc(), o.bias, t.act());
        return c;
    }

    /**
     * B packed beforehand gives the bits of the blocked path packing it at the call, at every tile and block edge,
     * for every epilogue, on 1 and 3 threads; within the scalar reference's bound.
     */
    @Test
    void packedBGivesTheBitsOfTheBlockedPath() {
        int nr = SIZES.nr(), mr = SIZES.mr();
        int[][] shapes = {{1, 256, 784}, {2, 100, 784}, {3, BlockSizes.SMALL_N + 1, 300}, {4, nr, 1}, {5, nr + 3, 2},
                {mr, nr, 1}, {mr + 1, nr + 3, SIZES.kc() + 1}, {mr + 2, 2 * nr + L + 3, 2 * SIZES.kc() + 7},
                {mr + 3, 3 * L + 1, 37}, {mr + 4, 2 * L + 5, 50}, {SIZES.mc() + 1, 3 * L + 1, 37}, {7, SIZES.nc() + 1, 3},
                {16, 256, 784}, {64, 100, 784}, {130, 200, 100}};
        Activation[] activations = {Activation.IDENTITY, Activation.RELU, Activation.GELU_TANH};
        long seed = 5;
        for (Transpose[] t : TRANSPOSES) {
            for (int[] shape : shapes) {
                // Up to SMALL_N columns the pack is the weights' layout (packedNarrowBGivesTheBitsOfTheWeightsLayout):
                // with narrow vectors, move such a width past it, keeping its remainder by any NR that divides SMALL_N.
                int[] s = {shape[0], shape[1] <= BlockSizes.SMALL_N ? shape[1] + BlockSizes.SMALL_N : shape[1], shape[2]};
                for (Case c : List.of(plain(t[0], t[1], s[0], s[1], s[2]),
                        new Case(t[0], t[1], s[0], s[1], s[2], -1.5f, 0.5f, true, activations[(int) (seed % 3)], 3, seed++))) {
                    Operands o = new Operands(c);
                    float[] actual = check(c, o, packed(c, o, 1));
                    float[] blocked = o.c.clone();
                    FloatJob.compute(Plan.Path.BLOCKED, c.ta(), c.tb(), c.m(), c.n(), c.k(), c.alpha(), o.a, c.offset(),
                            c.lda(), o.b, null, c.offset(), c.ldb(), null, 0, c.beta(), blocked, c.offset(), c.ldc(), o.bias,
                            0, c.act());
                    assertArrayEquals(blocked, actual, () -> "against the blocked path packing B: " + c);
                    assertArrayEquals(actual, packed(c, o, 3), () -> "3 threads: " + c);
                }
            }
        }
    }

    /** Up to {@link BlockSizes#SMALL_N} columns (a 10-class layer), B packed gives the bits of the dot path on the weights. */
    @Test
    void packedNarrowBGivesTheBitsOfTheWeightsLayout() {
        for (Transpose[] t : TRANSPOSES) {
            for (int[] s : new int[][]{{1, 10, 128}, {16, 10, 128}, {64, BlockSizes.SMALL_N, 300}, {5, 1, 3}}) {
                Case c = new Case(t[0], t[1], s[0], s[1], s[2], 1f, 0.5f, true, Activation.RELU, 3, 13L * s[0] + s[2]);
                Operands o = new Operands(c);
                float[] actual = check(c, o, packed(c, o, 1));
                // B as the weights' layout, n rows of k.
                float[] rows = new float[c.n() * c.k()];
                for (int j = 0; j < c.n(); j++) {
                    for (int p = 0; p < c.k(); p++) {
                        rows[j * c.k() + p] = o.b[bIndex(c, p, j)];
                    }
                }
                float[] expected = o.c.clone();
                new VectorGemm(1).gemm(c.ta(), T, c.m(), c.n(), c.k(), c.alpha(), o.a, c.offset(), c.lda(), rows, 0,
                        c.k(), c.beta(), expected, c.offset(), c.ldc(), o.bias, c.act());
                assertArrayEquals(expected, actual, c::toString);
            }
        }
    }

    /**
     * A row of C gets the same bits whatever the number of rows in the product — in an MR-row tile or, at an edge of
     * up to {@link BlockSizes#EDGE_ROWS_IN_PAIRS} rows, in pairs — so a sample's output does not depend on its batch.
     */
    @Test
    void packedRowsDoNotDependOnTheBatch() {
        int rows = 2 * SIZES.mr() + 2;
        for (Transpose ta : new Transpose[]{N, T}) {
            Case all = new Case(ta, T, rows, 2 * SIZES.nr() + BlockSizes.SMALL_N + 5, 300, 1f, 0f, true, Activation.RELU, 0, 77);
            Operands o = new Operands(all);
            float[] expected = packed(all, o, 1);
            for (int m = 1; m <= rows; m++) {
                // The first m rows of A: with A transposed, its columns, so the same storage with m columns read.
                Case some = new Case(ta, T, m, all.n(), all.k(), 1f, 0f, true, Activation.RELU, 0, 77);
                int lda = all.lda(), ldc = all.ldc(), first = m;
                float[] c = new float[m * ldc];
                VectorGemm gemm = new VectorGemm(1);
                float[] panels = new float[Math.toIntExact(gemm.floatPackedLength(some.k(), some.n()))];
                gemm.pack(T, some.k(), some.n(), o.b, 0, all.ldb(), panels);
                gemm.gemmPacked(ta, m, some.n(), some.k(), 1f, o.a, 0, lda, panels, 0f, c, 0, ldc, o.bias, some.act());
                assertArrayEquals(Arrays.copyOf(expected, m * ldc), c, () -> "the first " + first + " rows alone, " + ta);
            }
        }
    }

    @Test
    void neuralNetShapes() {
        check(plain(N, T, 64, 256, 784));      // forward, x·Wᵀ
        check(plain(T, N, 256, 784, 128));     // weight gradient, dyᵀ·x
        check(plain(N, N, 128, 784, 256));     // input gradient, dy·W
        check(plain(N, T, 1, 256, 784));       // single-sample inference
    }
}
