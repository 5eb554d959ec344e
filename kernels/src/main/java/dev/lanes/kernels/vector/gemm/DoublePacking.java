// Generated from FloatPacking.java by PrecisionTwins — do not edit; edit FloatPacking.java and run: java kernels/src/test/java/dev/lanes/kernels/codegen/PrecisionTwins.java
package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Copies of the operands in the order the kernels read them (double).
 *
 * <ul>
 * <li>{@link #packB}: a KC × NC block of op(B) as micro-panels of NR columns, each panel row after row
 * ({@code panel[p·NR + j]}), the last panel padded with zeros. The register tile reads NR consecutive doubles
 * per step of K.
 * <li>{@link #packTransposedA}: an MC × KC block of op(A) as MC rows of KC ({@code block[i·kc + p]}), the layout
 * of A's rows in place. Used only when A is stored transposed; otherwise the tile reads A in place from its rows
 * (packing it cost 10–15% on neural-net shapes here).
 * <li>{@link #packRows}: rows of a transposed operand made contiguous along K, for the dot-product path.
 * </ul>
 */
final class DoublePacking {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final BlockSizes SIZES = BlockSizes.DOUBLE;
    private static final int LANES = SPECIES.length();
    private static final int NR = SIZES.nr();
    private static final int MR = SIZES.mr();
    /**
     * Whether the transposing packs go by LANES × LANES blocks in registers; element by element where C2 does not
     * compile two-vector shuffles ({@link DoubleStripTranspose#TWO_VECTOR_SHUFFLES}).
     */
    private static final boolean TRANSPOSE_BY_BLOCKS = DoubleStripTranspose.UNROLLED || DoubleStripTranspose.TWO_VECTOR_SHUFFLES;

    private DoublePacking() {
    }

    /** Packs op(B)[pc, pc+kc) × [jc, jc+nc) of {@code b} into {@code dst} as ⌈nc/NR⌉ panels of kc·NR doubles. */
    static void packB(Transpose transB, double[] b, int bOffset, int ldb, int pc, int kc, int jc, int nc, double[] dst,
                      double[] scratch) {
        packB(transB, b, null, bOffset, ldb, pc, kc, jc, nc, dst, scratch, null);
    }

    /**
     * Packs all of op(B), k × n, into {@code dst} for products that reuse it ({@code VectorGemm.pack}): ⌈n/NR⌉ panels of
     * k·NR doubles, the panel of columns [j, j+NR) at j·k, so a K block [pc, pc+kc) of it starts at j·k + pc·NR and is
     * laid out as {@link #packB} lays out that block; {@link #packedLength} doubles.
     */
    static void packWhole(Transpose transB, int k, int n, double[] b, int bOffset, int ldb, double[] dst, double[] scratch) {
        packB(transB, b, bOffset, ldb, 0, k, 0, n, dst, scratch);
    }

    /** The doubles {@link #packWhole} fills for op(B) of k × n. */
    static long packedLength(int k, int n) {
        return (long) k * Plan.roundUp(n, NR);
    }

    /**
     * Packs op(B)[pc, pc+kc) × [jc, jc+nc) into {@code dst} as ⌈nc/NR⌉ panels of kc·NR doubles. With {@code wide}
     * non-null, B is that narrow source (and {@code b} unused): each panel's block is widened first, as stored
     * into the panel when B is K × N, through {@code rows} (NR·kc doubles, L2-sized) and the transpose when B is
     * N × K, so the panels hold exactly the doubles a widened copy of B would give.
     */
    static void packB(Transpose transB, double[] b, Widening<double[]> wide, int bOffset, int ldb, int pc, int kc,
                      int jc, int nc, double[] dst, double[] scratch, double[] rows) {
        for (int j0 = 0, base = 0; j0 < nc; j0 += NR, base += kc * NR) {
            int width = Math.min(NR, nc - j0);
            if (transB == Transpose.NONE) {
                int src = bOffset + pc * ldb + jc + j0;
                if (wide == null) {
                    packRowsOfB(b, src, ldb, kc, width, dst, base);
                } else {
                    wide.widen(src, ldb, kc, width, dst, base, NR);
                    if (width < NR) {                  // the panel's columns past C's edge, as packRowsOfB's mask leaves them
                        for (int p = 0, d = base; p < kc; p++, d += NR) {
                            Arrays.fill(dst, d + width, d + NR, 0d);
                        }
                    }
                }
            } else {
                int src = bOffset + (jc + j0) * ldb + pc;
                if (wide == null) {
                    packColumnsOfB(b, src, ldb, kc, width, dst, base, scratch);
                } else {
                    wide.widen(src, ldb, width, kc, rows, 0, kc);
                    packColumnsOfB(rows, 0, kc, kc, width, dst, base, scratch);
                }
            }
        }
    }

    /** B stored K × N: each panel row is a vector copy of part of a row of B. */
    private static void packRowsOfB(double[] b, int src, int ldb, int kc, int width, double[] dst, int base) {
        if (width == NR) {
            // Unmasked: a mask built per vector made this copy half again as slow (the pack alone at
            // NN:128x784x256), and that GEMM 3% slower.
            for (int p = 0; p < kc; p++, src += ldb) {
                int d = base + p * NR;
                for (int j = 0; j < NR; j += LANES) {
                    DoubleVector.fromArray(SPECIES, b, src + j).intoArray(dst, d + j);
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++, src += ldb) {
            int d = base + p * NR;
            for (int j = 0; j < NR; j += LANES) {
                VectorMask<Double> inside = SPECIES.indexInRange(j, width);
                DoubleVector.fromArray(SPECIES, b, src + j, inside).intoArray(dst, d + j);
            }
        }
    }

    /**
     * B stored N × K (op(B) = Bᵀ): a transpose, by LANES × LANES blocks in registers. A scalar copy (row of B by
     * row, writing the panel NR elements apart) or a gather per panel row cost a third of the multiply on the
     * forward shapes (64×256×784: 62 GFLOP/s against 91 without the transpose; 78–82 with the blocks through
     * scratch; 92–94 with the block held in registers at the native lane count, see the unrolled transpose).
     *
     * <p>The panel at C's right edge takes the same transpose: its whole LANES-column groups straight from B, the
     * last, partial group (fewer than LANES rows of B) staged block by block in {@code scratch} with zero rows
     * below it. Done by the scalar copy, the edge panel of a layer whose width is not a multiple of NR (100 =
     * 64 + 36) held the forward product NT:64x100x784 to 0.66 of the GFLOP/s of NT:64x128x784; 0.79 with this
     * transpose, 0.86 with the 6 × 3 tile besides (benchmarks/results/2026-12-06-widths.md).
     */
    private static void packColumnsOfB(double[] b, int src, int ldb, int kc, int width, double[] dst, int base, double[] scratch) {
        if (kc < LANES || !TRANSPOSE_BY_BLOCKS) {
            for (int j = 0; j < width; j++, src += ldb) {
                for (int p = 0, d = base + j; p < kc; p++, d += NR) {
                    dst[d] = b[src + p];
                }
            }
            for (int p = 0, d = base; p < kc && width < NR; p++, d += NR) {
                Arrays.fill(dst, d + width, d + NR, 0d);
            }
            return;
        }
        int blocks = kc / LANES, whole = width / LANES * LANES;
        for (int j = 0; j < whole; j += LANES) {
            transposeBlocks(b, src + j * ldb, ldb, blocks, dst, base + j, NR, scratch);
        }
        if (whole < width) {
            int rows = width - whole, from = src + whole * ldb;
            for (int q = 0, p = 0; q < blocks; q++, p += LANES) {
                for (int r = 0; r < rows; r++) {
                    DoubleVector.fromArray(SPECIES, b, from + r * ldb + p).intoArray(scratch, r * LANES);
                }
                Arrays.fill(scratch, rows * LANES, LANES * LANES, 0d);
                transposeBlocks(scratch, 0, LANES, 1, dst, base + p * NR + whole, NR, scratch);
            }
        }
        int padded = whole < width ? whole + LANES : whole;      // columns the transposed blocks wrote
        for (int p = 0, d = base; padded < NR && p < blocks * LANES; p++, d += NR) {
            Arrays.fill(dst, d + padded, d + NR, 0d);
        }
        for (int p = blocks * LANES, d = base + p * NR; p < kc; p++, d += NR) {
            for (int j = 0; j < width; j++) {
                dst[d + j] = b[src + j * ldb + p];
            }
            Arrays.fill(dst, d + width, d + NR, 0d);
        }
    }

    /**
     * {@code blocks} consecutive LANES × LANES blocks along the rows of b (LANES rows at {@code src}, {@code ldb}
     * apart) transposed into dst at {@code dst0}, rows {@code ldd} apart (block q's at {@code dst0 + q·LANES·ldd}):
     * held in registers at the native lane count, through {@code scratch} otherwise. {@code b} may be
     * {@code scratch} itself (one block at offset 0): each round reads the two rows it then writes.
     */
    static void transposeBlocks(double[] b, int src, int ldb, int blocks, double[] dst, int dst0, int ldd, double[] scratch) {
        if (DoubleStripTranspose.UNROLLED) {
            DoubleStripTranspose.transposeStrip(b, src, ldb, blocks, dst, dst0, ldd);
            return;
        }
        for (int q = 0; q < blocks; q++, src += LANES, dst0 += LANES * ldd) {
            transposeBlock(b, src, ldb, dst, dst0, ldd, scratch);
        }
    }

    /** Index vectors for {@link #transposeBlock}: at distance d, the lanes of the first and second output rows. */
    static final double[][] SWAP_FIRST = swaps(0), SWAP_SECOND = swaps(1);

    private static double[][] swaps(int second) {
        double[][] index = new double[Integer.numberOfTrailingZeros(LANES) + 1][LANES];
        for (int d = LANES / 2, level = 0; d >= 1; d /= 2, level++) {
            for (int l = 0; l < LANES; l++) {
                boolean low = (l & d) == 0;
                index[level][l] = second == 0 ? (low ? l : LANES + l - d) : (low ? l + d : LANES + l);
            }
        }
        return index;
    }

    /**
     * Transposes the LANES × LANES block of b at {@code src} (rows {@code ldb} apart) into dst at {@code dst0}
     * (rows {@code ldd} apart): log₂(LANES) rounds, each swapping the off-diagonal half-blocks of row pairs with two-vector
     * shuffles; the first round reads b, the last writes dst, the others go through {@code scratch}.
     */
    private static void transposeBlock(double[] b, int src, int ldb, double[] dst, int dst0, int ldd, double[] scratch) {
        int d = LANES / 2;
        DoubleVector first = DoubleVector.fromArray(SPECIES, SWAP_FIRST[0], 0);
        DoubleVector second = DoubleVector.fromArray(SPECIES, SWAP_SECOND[0], 0);
        for (int r = 0; r < d; r++) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, b, src + r * ldb);
            DoubleVector y = DoubleVector.fromArray(SPECIES, b, src + (r + d) * ldb);
            if (d == 1) {
                first.selectFrom(x, y).intoArray(dst, dst0 + r * ldd);
                second.selectFrom(x, y).intoArray(dst, dst0 + (r + d) * ldd);
            } else {
                first.selectFrom(x, y).intoArray(scratch, r * LANES);
                second.selectFrom(x, y).intoArray(scratch, (r + d) * LANES);
            }
        }
        for (int level = 1; (d /= 2) >= 1; level++) {
            first = DoubleVector.fromArray(SPECIES, SWAP_FIRST[level], 0);
            second = DoubleVector.fromArray(SPECIES, SWAP_SECOND[level], 0);
            for (int r = 0; r < LANES; r++) {
                if ((r & d) == 0) {
                    DoubleVector x = DoubleVector.fromArray(SPECIES, scratch, r * LANES);
                    DoubleVector y = DoubleVector.fromArray(SPECIES, scratch, (r + d) * LANES);
                    if (d == 1) {
                        first.selectFrom(x, y).intoArray(dst, dst0 + r * ldd);
                        second.selectFrom(x, y).intoArray(dst, dst0 + (r + d) * ldd);
                    } else {
                        first.selectFrom(x, y).intoArray(scratch, r * LANES);
                        second.selectFrom(x, y).intoArray(scratch, (r + d) * LANES);
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[ic, ic+mc) × [pc, pc+kc) into {@code dst} as mc rows of kc doubles ({@code dst[i·kc + p]}), for A
     * stored K × M (op(A) = Aᵀ, element (i, p) at {@code a[aOffset + p·lda + i]}): a transpose, by LANES × LANES
     * blocks as B's panels are packed, the rows and steps of K outside whole blocks one element at a time. The
     * register tile then reads packed A as it reads A in place, row offset plus p ({@link DoubleMicroKernel}).
     */
    static void packTransposedA(double[] a, int aOffset, int lda, int pc, int kc, int ic, int mc, double[] dst,
                                double[] scratch) {
        int src = aOffset + pc * lda + ic;
        int blockRows = TRANSPOSE_BY_BLOCKS ? mc / LANES * LANES : 0;
        int blockSteps = TRANSPOSE_BY_BLOCKS ? kc / LANES * LANES : 0;
        for (int p = 0; p < blockSteps; p += LANES) {
            transposeBlocks(a, src + p * lda, lda, blockRows / LANES, dst, p, kc, scratch);
        }
        for (int p = 0; p < kc; p++) {
            for (int i = p < blockSteps ? blockRows : 0, from = src + p * lda; i < mc; i++) {
                dst[i * kc + p] = a[from + i];
            }
        }
    }

    /**
     * Copies {@code rows} rows of a matrix stored transposed (element (r, p) at {@code src + p·ld + r}) into
     * {@code dst} as rows of length {@code k} ({@code dst[r·k + p]}), for the dot-product path.
     */
    static void packRows(double[] x, int src, int ld, int rows, int k, double[] dst) {
        for (int p = 0; p < k; p++, src += ld) {
            for (int r = 0, d = p; r < rows; r++, d += k) {
                dst[d] = x[src + r];
            }
        }
    }
}
