package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies of the operands in the order the kernels read them (float; {@link DoublePacking} is the same in double).
 *
 * <ul>
 * <li>{@link #packB}: a KC × NC block of op(B) as micro-panels of NR columns, each panel row after row
 * ({@code panel[p·NR + j]}), the last panel padded with zeros. The register tile reads NR consecutive floats
 * per step of K.
 * <li>{@link #packA}: an MC × KC block of op(A) as slivers of MR rows, column after column
 * ({@code sliver[p·MR + r]}), padded with zeros. Used only when A is stored transposed; otherwise the tile
 * reads A in place from its rows (packing it cost 10–15% on neural-net shapes here).
 * <li>{@link #packRows}: rows of a transposed operand made contiguous along K, for the dot-product path.
 * </ul>
 */
final class FloatPacking {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final BlockSizes SIZES = BlockSizes.FLOAT;
    private static final int LANES = SPECIES.length();
    private static final int NR = SIZES.nr();
    private static final int MR = SIZES.mr();

    private FloatPacking() {
    }

    /** Packs op(B)[pc, pc+kc) × [jc, jc+nc) into {@code dst} as ⌈nc/NR⌉ panels of kc·NR floats. */
    static void packB(Transpose transB, float[] b, int bOffset, int ldb, int pc, int kc, int jc, int nc, float[] dst,
                      float[] scratch) {
        for (int j0 = 0, base = 0; j0 < nc; j0 += NR, base += kc * NR) {
            int width = Math.min(NR, nc - j0);
            if (transB == Transpose.NONE) {
                packRowsOfB(b, bOffset + pc * ldb + jc + j0, ldb, kc, width, dst, base);
            } else {
                packColumnsOfB(b, bOffset + (jc + j0) * ldb + pc, ldb, kc, width, dst, base, scratch);
            }
        }
    }

    /** B stored K × N: each panel row is a vector copy of part of a row of B. */
    private static void packRowsOfB(float[] b, int src, int ldb, int kc, int width, float[] dst, int base) {
        if (width == NR) {
            // Unmasked: a mask built per vector made this copy half again as slow (the pack alone at
            // NN:128x784x256), and that GEMM 3% slower.
            for (int p = 0; p < kc; p++, src += ldb) {
                int d = base + p * NR;
                for (int j = 0; j < NR; j += LANES) {
                    FloatVector.fromArray(SPECIES, b, src + j).intoArray(dst, d + j);
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++, src += ldb) {
            int d = base + p * NR;
            for (int j = 0; j < NR; j += LANES) {
                VectorMask<Float> inside = SPECIES.indexInRange(j, width);
                FloatVector.fromArray(SPECIES, b, src + j, inside).intoArray(dst, d + j);
            }
        }
    }

    /**
     * B stored N × K (op(B) = Bᵀ): a transpose, by LANES × LANES blocks in registers. A scalar copy (row of B by
     * row, writing the panel NR elements apart) or a gather per panel row cost a third of the multiply on the
     * forward shapes (64×256×784: 62 GFLOP/s against 91 without the transpose; 78–82 with the blocks through
     * scratch; 92–94 with the block held in registers at the native lane count, see the unrolled transpose).
     */
    private static void packColumnsOfB(float[] b, int src, int ldb, int kc, int width, float[] dst, int base, float[] scratch) {
        if (width == NR && kc >= LANES) {
            int p = 0;
            if (LANES == 16) {
                for (int j = 0; j < NR; j += LANES) {
                    transposeStrip16(b, src + j * ldb, ldb, kc / LANES, dst, base + j);
                }
                p = kc / LANES * LANES;
            }
            for (; p + LANES <= kc; p += LANES) {
                for (int j = 0; j < NR; j += LANES) {
                    transposeBlock(b, src + j * ldb + p, ldb, dst, base + p * NR + j, scratch);
                }
            }
            for (; p < kc; p++) {
                for (int j = 0; j < NR; j++) {
                    dst[base + p * NR + j] = b[src + j * ldb + p];
                }
            }
            return;
        }
        for (int j = 0; j < width; j++, src += ldb) {
            for (int p = 0, d = base + j; p < kc; p++, d += NR) {
                dst[d] = b[src + p];
            }
        }
        for (int p = 0, d = base; p < kc && width < NR; p++, d += NR) {
            for (int j = width; j < NR; j++) {
                dst[d + j] = 0f;
            }
        }
    }

    /** Index vectors for {@link #transposeBlock}: at distance d, the lanes of the first and second output rows. */
    private static final float[][] SWAP_FIRST = swaps(0), SWAP_SECOND = swaps(1);

    private static float[][] swaps(int second) {
        float[][] index = new float[Integer.numberOfTrailingZeros(LANES) + 1][LANES];
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
     * (rows NR apart): log₂(LANES) rounds, each swapping the off-diagonal half-blocks of row pairs with two-vector
     * shuffles; the first round reads b, the last writes dst, the others go through {@code scratch}.
     */
    private static void transposeBlock(float[] b, int src, int ldb, float[] dst, int dst0, float[] scratch) {
        int d = LANES / 2;
        FloatVector first = FloatVector.fromArray(SPECIES, SWAP_FIRST[0], 0);
        FloatVector second = FloatVector.fromArray(SPECIES, SWAP_SECOND[0], 0);
        for (int r = 0; r < d; r++) {
            FloatVector x = FloatVector.fromArray(SPECIES, b, src + r * ldb);
            FloatVector y = FloatVector.fromArray(SPECIES, b, src + (r + d) * ldb);
            if (d == 1) {
                first.selectFrom(x, y).intoArray(dst, dst0 + r * NR);
                second.selectFrom(x, y).intoArray(dst, dst0 + (r + d) * NR);
            } else {
                first.selectFrom(x, y).intoArray(scratch, r * LANES);
                second.selectFrom(x, y).intoArray(scratch, (r + d) * LANES);
            }
        }
        for (int level = 1; (d /= 2) >= 1; level++) {
            first = FloatVector.fromArray(SPECIES, SWAP_FIRST[level], 0);
            second = FloatVector.fromArray(SPECIES, SWAP_SECOND[level], 0);
            for (int r = 0; r < LANES; r++) {
                if ((r & d) == 0) {
                    FloatVector x = FloatVector.fromArray(SPECIES, scratch, r * LANES);
                    FloatVector y = FloatVector.fromArray(SPECIES, scratch, (r + d) * LANES);
                    if (d == 1) {
                        first.selectFrom(x, y).intoArray(dst, dst0 + r * NR);
                        second.selectFrom(x, y).intoArray(dst, dst0 + (r + d) * NR);
                    } else {
                        first.selectFrom(x, y).intoArray(scratch, r * LANES);
                        second.selectFrom(x, y).intoArray(scratch, (r + d) * LANES);
                    }
                }
            }
        }
    }

    /**
     * {@link #transposeBlock} for 16 lanes, for {@code blocks} consecutive blocks along K (16 rows of b at
     * {@code src}, into dst at {@code dst0}, rows NR apart) with the 16 rows held in registers throughout (no
     * scratch round trips between rounds): the same shuffles, unrolled, so each round's outputs stay in local
     * vectors. The index vectors are loaded and converted once per strip rather than once per block: the pack
     * ~9% faster, NT:64x256x784 +1–2%.
     */
    private static void transposeStrip16(float[] b, int src, int ldb, int blocks, float[] dst, int dst0) {
        FloatVector f0 = FloatVector.fromArray(SPECIES, SWAP_FIRST[0], 0);
        FloatVector s0 = FloatVector.fromArray(SPECIES, SWAP_SECOND[0], 0);
        FloatVector f1 = FloatVector.fromArray(SPECIES, SWAP_FIRST[1], 0);
        FloatVector s1 = FloatVector.fromArray(SPECIES, SWAP_SECOND[1], 0);
        FloatVector f2 = FloatVector.fromArray(SPECIES, SWAP_FIRST[2], 0);
        FloatVector s2 = FloatVector.fromArray(SPECIES, SWAP_SECOND[2], 0);
        FloatVector f3 = FloatVector.fromArray(SPECIES, SWAP_FIRST[3], 0);
        FloatVector s3 = FloatVector.fromArray(SPECIES, SWAP_SECOND[3], 0);
        for (int q = 0; q < blocks; q++, src += LANES, dst0 += LANES * NR) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, b, src);
            FloatVector x1 = FloatVector.fromArray(SPECIES, b, src + 1 * ldb);
            FloatVector x2 = FloatVector.fromArray(SPECIES, b, src + 2 * ldb);
            FloatVector x3 = FloatVector.fromArray(SPECIES, b, src + 3 * ldb);
            FloatVector x4 = FloatVector.fromArray(SPECIES, b, src + 4 * ldb);
            FloatVector x5 = FloatVector.fromArray(SPECIES, b, src + 5 * ldb);
            FloatVector x6 = FloatVector.fromArray(SPECIES, b, src + 6 * ldb);
            FloatVector x7 = FloatVector.fromArray(SPECIES, b, src + 7 * ldb);
            FloatVector x8 = FloatVector.fromArray(SPECIES, b, src + 8 * ldb);
            FloatVector x9 = FloatVector.fromArray(SPECIES, b, src + 9 * ldb);
            FloatVector x10 = FloatVector.fromArray(SPECIES, b, src + 10 * ldb);
            FloatVector x11 = FloatVector.fromArray(SPECIES, b, src + 11 * ldb);
            FloatVector x12 = FloatVector.fromArray(SPECIES, b, src + 12 * ldb);
            FloatVector x13 = FloatVector.fromArray(SPECIES, b, src + 13 * ldb);
            FloatVector x14 = FloatVector.fromArray(SPECIES, b, src + 14 * ldb);
            FloatVector x15 = FloatVector.fromArray(SPECIES, b, src + 15 * ldb);
            FloatVector a0 = f0.selectFrom(x0, x8);
            FloatVector a8 = s0.selectFrom(x0, x8);
            FloatVector a1 = f0.selectFrom(x1, x9);
            FloatVector a9 = s0.selectFrom(x1, x9);
            FloatVector a2 = f0.selectFrom(x2, x10);
            FloatVector a10 = s0.selectFrom(x2, x10);
            FloatVector a3 = f0.selectFrom(x3, x11);
            FloatVector a11 = s0.selectFrom(x3, x11);
            FloatVector a4 = f0.selectFrom(x4, x12);
            FloatVector a12 = s0.selectFrom(x4, x12);
            FloatVector a5 = f0.selectFrom(x5, x13);
            FloatVector a13 = s0.selectFrom(x5, x13);
            FloatVector a6 = f0.selectFrom(x6, x14);
            FloatVector a14 = s0.selectFrom(x6, x14);
            FloatVector a7 = f0.selectFrom(x7, x15);
            FloatVector a15 = s0.selectFrom(x7, x15);
            FloatVector b0 = f1.selectFrom(a0, a4);
            FloatVector b4 = s1.selectFrom(a0, a4);
            FloatVector b1 = f1.selectFrom(a1, a5);
            FloatVector b5 = s1.selectFrom(a1, a5);
            FloatVector b2 = f1.selectFrom(a2, a6);
            FloatVector b6 = s1.selectFrom(a2, a6);
            FloatVector b3 = f1.selectFrom(a3, a7);
            FloatVector b7 = s1.selectFrom(a3, a7);
            FloatVector b8 = f1.selectFrom(a8, a12);
            FloatVector b12 = s1.selectFrom(a8, a12);
            FloatVector b9 = f1.selectFrom(a9, a13);
            FloatVector b13 = s1.selectFrom(a9, a13);
            FloatVector b10 = f1.selectFrom(a10, a14);
            FloatVector b14 = s1.selectFrom(a10, a14);
            FloatVector b11 = f1.selectFrom(a11, a15);
            FloatVector b15 = s1.selectFrom(a11, a15);
            FloatVector c0 = f2.selectFrom(b0, b2);
            FloatVector c2 = s2.selectFrom(b0, b2);
            FloatVector c1 = f2.selectFrom(b1, b3);
            FloatVector c3 = s2.selectFrom(b1, b3);
            FloatVector c4 = f2.selectFrom(b4, b6);
            FloatVector c6 = s2.selectFrom(b4, b6);
            FloatVector c5 = f2.selectFrom(b5, b7);
            FloatVector c7 = s2.selectFrom(b5, b7);
            FloatVector c8 = f2.selectFrom(b8, b10);
            FloatVector c10 = s2.selectFrom(b8, b10);
            FloatVector c9 = f2.selectFrom(b9, b11);
            FloatVector c11 = s2.selectFrom(b9, b11);
            FloatVector c12 = f2.selectFrom(b12, b14);
            FloatVector c14 = s2.selectFrom(b12, b14);
            FloatVector c13 = f2.selectFrom(b13, b15);
            FloatVector c15 = s2.selectFrom(b13, b15);
            f3.selectFrom(c0, c1).intoArray(dst, dst0 + 0 * NR);
            s3.selectFrom(c0, c1).intoArray(dst, dst0 + 1 * NR);
            f3.selectFrom(c2, c3).intoArray(dst, dst0 + 2 * NR);
            s3.selectFrom(c2, c3).intoArray(dst, dst0 + 3 * NR);
            f3.selectFrom(c4, c5).intoArray(dst, dst0 + 4 * NR);
            s3.selectFrom(c4, c5).intoArray(dst, dst0 + 5 * NR);
            f3.selectFrom(c6, c7).intoArray(dst, dst0 + 6 * NR);
            s3.selectFrom(c6, c7).intoArray(dst, dst0 + 7 * NR);
            f3.selectFrom(c8, c9).intoArray(dst, dst0 + 8 * NR);
            s3.selectFrom(c8, c9).intoArray(dst, dst0 + 9 * NR);
            f3.selectFrom(c10, c11).intoArray(dst, dst0 + 10 * NR);
            s3.selectFrom(c10, c11).intoArray(dst, dst0 + 11 * NR);
            f3.selectFrom(c12, c13).intoArray(dst, dst0 + 12 * NR);
            s3.selectFrom(c12, c13).intoArray(dst, dst0 + 13 * NR);
            f3.selectFrom(c14, c15).intoArray(dst, dst0 + 14 * NR);
            s3.selectFrom(c14, c15).intoArray(dst, dst0 + 15 * NR);
        }
    }


    /**
     * Packs op(A)[ic, ic+mc) × [pc, pc+kc) into {@code dst} as ⌈mc/MR⌉ slivers of kc·MR floats, for A stored
     * K × M (op(A) = Aᵀ): each step of K is MR consecutive elements of a row of A, so one masked vector load and
     * store per step (per LANES rows where MR &gt; LANES) moves them; a scalar copy of the MR elements cost ~10%
     * of the weight-gradient product (TN:256x784x64). Lanes past the edge load as zero: that is the padding.
     */
    static void packTransposedA(float[] a, int aOffset, int lda, int pc, int kc, int ic, int mc, float[] dst) {
        for (int i0 = 0, base = 0; i0 < mc; i0 += MR, base += kc * MR) {
            int height = Math.min(MR, mc - i0);
            for (int r = 0; r < MR; r += LANES) {
                VectorMask<Float> inside = SPECIES.indexInRange(r, height);
                VectorMask<Float> sliver = SPECIES.indexInRange(r, MR);
                int src = aOffset + pc * lda + ic + i0 + r;
                for (int p = 0, d = base + r; p < kc; p++, d += MR, src += lda) {
                    FloatVector.fromArray(SPECIES, a, src, inside).intoArray(dst, d, sliver);
                }
            }
        }
    }

    /**
     * Copies {@code rows} rows of a matrix stored transposed (element (r, p) at {@code src + p·ld + r}) into
     * {@code dst} as rows of length {@code k} ({@code dst[r·k + p]}), for the dot-product path.
     */
    static void packRows(float[] x, int src, int ld, int rows, int k, float[] dst) {
        for (int p = 0; p < k; p++, src += ld) {
            for (int r = 0, d = p; r < rows; r++, d += k) {
                dst[d] = x[src + r];
            }
        }
    }
}
