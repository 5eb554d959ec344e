// Generated from FloatBlockedGemm.java by PrecisionTwins — do not edit; edit FloatBlockedGemm.java and run: java kernels/src/test/java/dev/lanes/kernels/codegen/PrecisionTwins.java
package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;

/**
 * The loops around the register tile, as BLIS (double):
 *
 * <pre>
 * for jc over N by NC:                 a block of columns of C
 *   for pc over K by kBlock(k):        pack op(B)[pc.., jc..] into NR-wide panels        (L3)
 *     for ic over M by MC:             (A stored transposed: pack op(A)[ic.., pc..] as rows along K)
 *       for jr over the block by NR:   one packed panel of B                              (L2)
 *         for ir over MC by MR:        one sliver of A → register tile → epilogue into C  (L1)
 * </pre>
 *
 * One call computes one rectangle of C on the calling thread, with that thread's {@link Workspace}.
 */
final class DoubleBlockedGemm {
    private static final BlockSizes SIZES = BlockSizes.DOUBLE;
    private static final int MR = SIZES.mr();
    private static final int NR = SIZES.nr();
    private static final int L = SIZES.lanes();

    private DoubleBlockedGemm() {
    }

    /**
     * C[0, m) × [0, n) (already offset to the rectangle) for alpha ≠ 0 and k &gt; 0; B is {@code b}, or the narrow
     * source {@code wideB} widened as it is packed when that is not null, or, when {@code packed} is not null, op(B)
     * packed beforehand ({@link DoublePacking#packWhole}), this rectangle's first column being its column
     * {@code packedColumn}.
     */
    static void compute(Transpose transA, Transpose transB, int m, int n, int k,
                        double alpha, double[] a, int aOffset, int lda,
                        double[] b, Widening<double[]> wideB, int bOffset, int ldb, double[] packed, int packedColumn,
                        double beta, double[] c, int cOffset, int ldc,
                        double[] bias, int biasOffset, Activation activation) {
        Workspace workspace = Workspace.get();
        int kBlock = SIZES.kBlock(k);
        int ncMax = Math.min(SIZES.nc(), Plan.roundUp(n, NR));
        double[] packedB = packed != null ? packed : workspace.doubleB(kBlock * ncMax);
        double[] tile = workspace.doubleTile(MR * NR);
        double[] scratch = workspace.doubleScratch(SIZES.lanes() * SIZES.lanes());
        double[] wideRows = wideB != null && transB == Transpose.TRANSPOSE ? workspace.doubleRows(NR * kBlock) : null;
        boolean packA = transA == Transpose.TRANSPOSE;
        double[] packedA = packA ? workspace.doubleA(kBlock * Math.min(SIZES.mc(), m)) : null;
        double[] rowsOfA = packA ? packedA : a;
        // One K block with C = A·B stored as is: whole tiles go from the registers straight into C (the epilogue
        // would compute products·1 — exact, an FMA chain never ends in a signalling NaN — and store them),
        // saving the round trip through the tile buffer: TN:256x784x64 (K = 64) +7%, TN:256x784x128 +4%.
        double[] direct = k <= kBlock && alpha == 1d && beta == 0d && bias == null && activation == Activation.IDENTITY ? c : null;

        for (int jc = 0; jc < n; jc += SIZES.nc()) {
            int nc = Math.min(SIZES.nc(), n - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                boolean first = pc == 0, last = pc + kc == k;
                if (packed == null) {
                    DoublePacking.packB(transB, b, wideB, bOffset, ldb, pc, kc, jc, nc, packedB, scratch, wideRows);
                }
                for (int ic = 0; ic < m; ic += SIZES.mc()) {
                    int mc = Math.min(SIZES.mc(), m - ic);
                    if (packA) {
                        DoublePacking.packTransposedA(a, aOffset, lda, pc, kc, ic, mc, packedA, scratch);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        // (jr / NR) panels of kc·NR doubles; packed whole: NR-wide panels of all of K
                        int panel = packed == null ? jr * kc : (packedColumn + jc + jr) * k + pc * NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            // Whole: every row and column of the tile's width (L, 2L, 3L or NR) lies in C.
                            double[] whole = rows == MR && cols % L == 0 ? direct : null;
                            int cIndex = cOffset + (ic + ir) * ldc + jc + jr;
                            // Rows of op(A) along K, in place or packed. An edge of a few rows goes in pairs; in the
                            // 6-row tile, rows past the edge repeat the last one.
                            int row = packA ? ir * kc : aOffset + (ic + ir) * lda + pc, step = packA ? kc : lda;
                            if (rows <= BlockSizes.EDGE_ROWS_IN_PAIRS) {
                                for (int r = 0; r < rows; r += 2) {
                                    int pair = Math.min(2, rows - r);
                                    DoubleMicroKernel.multiplyPair(kc, rowsOfA, row + r * step, row + (r + pair - 1) * step,
                                            packedB, panel, tile);
                                    DoubleEpilogue.store(tile, NR, pair, cols, c, cIndex + r * ldc, ldc, alpha, beta, first,
                                            last, bias, biasOffset + jc + jr, activation);
                                }
                                continue;
                            }
                            int last1 = rows - 1;
                            DoubleMicroKernel.multiply(kc, rowsOfA, row, row + Math.min(1, last1) * step,
                                    row + Math.min(2, last1) * step, row + Math.min(3, last1) * step,
                                    row + Math.min(4, last1) * step, row + Math.min(5, last1) * step,
                                    packedB, panel, cols, tile, whole, cIndex, ldc);
                            if (whole == null) {
                                DoubleEpilogue.store(tile, NR, rows, cols, c, cIndex, ldc, alpha, beta, first, last,
                                        bias, biasOffset + jc + jr, activation);
                            }
                        }
                    }
                }
            }
        }
    }
}
