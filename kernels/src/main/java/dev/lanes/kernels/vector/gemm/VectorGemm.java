package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.spi.Gemm;
import dev.lanes.kernels.vector.WorkerPool;

/**
 * GEMM on the Vector API, the {@code vector} provider's {@link Gemm} family: called with validated, non-empty
 * arguments (m, n &gt; 0), it computes C = act(alpha·op(A)·op(B) + beta·C + bias) as
 * {@link dev.lanes.kernels.Kernels#gemm} documents.
 *
 * <p>The package, in the order a product goes through it:
 * <ul>
 * <li>{@link Plan}: picks the path from the shape and cuts C into rectangles for threads ({@link WorkerPool}).
 * <li>{@link FloatBlockedGemm}: the BLIS loops; {@link FloatPacking} lays out B (and a transposed A);
 * {@link FloatMicroKernel} is the register tile; {@link FloatEpilogue} the one trip through C (alpha, beta,
 * bias, activation).
 * <li>{@link FloatSmallGemm}: N ≤ 16, M = 1, and a few rows times a transposed B.
 * <li>{@link BlockSizes}: every block size and tile shape, derived from the vector width.
 * </ul>
 * Each float class has a double twin generated from it (see {@code PrecisionTwins}).
 *
 * <p><b>Same bits whatever the thread count.</b> The path and the K blocks depend on the shape only; threads
 * take disjoint rectangles of C and never split K; and each element of C goes through the same operations in
 * the same order whichever rectangle, tile or edge it lands in.
 */
public final class VectorGemm implements Gemm {

    private static final ThreadLocal<FloatJob> FLOAT_JOBS = ThreadLocal.withInitial(FloatJob::new);
    private static final ThreadLocal<DoubleJob> DOUBLE_JOBS = ThreadLocal.withInitial(DoubleJob::new);

    private final int threads;

    /** A GEMM that may use up to {@code threads} threads per call (at least 1). */
    public VectorGemm(int threads) {
        this.threads = threads;
    }

    /** Every activation: ReLU inline in the epilogue, GELU by {@link dev.lanes.kernels.vector.VectorGelu}. */
    @Override
    public boolean fusesEpilogue(Activation activation) {
        return true;
    }

    /**
     * Rows of C per swapped product: bounds the workspace that holds Cᵀ (400 KiB for a float layer 100 wide); a
     * multiple of every lane count, so each chunk's rows are whole vectors as {@link Plan#swapsOperands} requires.
     */
    private static final int SWAPPED_ROWS = 1024;

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** Float GEMM with up to {@code threads} threads; see the class documentation. */
    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOffset, int lda,
                     float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc,
                     float[] bias, Activation activation) {
        gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, null, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
    }

    /**
     * As {@link #gemm(Transpose, Transpose, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int, float[], Activation) gemm},
     * with B held in a narrower format that {@code wideB} widens: the path is the one {@code gemm} takes for the shape,
     * the blocked path widening B block by block as it packs it, the others (which read B in place) a chunk of
     * columns at a time into a buffer; either way B is widened once per call (once per thread's columns when split
     * along N, once per thread when split along M), and the result has the bits {@code gemm} gives for the widened B
     * (a swap, which would pack B as A, is not taken: its bits are the unswapped ones). Arguments as validated as
     * for {@code gemm}; {@code wideB} not null.
     */
    public void gemmWidened(Transpose transA, Transpose transB, int m, int n, int k,
                            float alpha, float[] a, int aOffset, int lda,
                            Widening<float[]> wideB, int bOffset, int ldb,
                            float beta, float[] c, int cOffset, int ldc,
                            float[] bias, Activation activation) {
        gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, null, wideB, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
    }

    private void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda,
                      float[] b, Widening<float[]> wideB, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc,
                      float[] bias, Activation activation) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (alpha == 0f || k == 0) {                  // A and B are not read
            FloatEpilogue.scaleOnly(m, n, beta, c, cOffset, ldc, bias, 0, activation);
            return;
        }
        if (wideB == null && Plan.swapsOperands(m, n, k, transA, transB, BlockSizes.FLOAT, threads)) {
            gemmSwapped(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias,
                    activation);
            return;
        }
        Plan.Path path = Plan.path(m, n, k, transB, FloatStripTranspose.TWO_VECTOR_SHUFFLES);
        multiply(path, transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb, null, beta, c, cOffset,
                ldc, bias, activation);
    }

    /** {@link #pack}'s layout: op(B)ᵀ for n ≤ {@link BlockSizes#SMALL_N}, else {@code FloatPacking.packWhole}'s panels. */
    @Override
    public long floatPackedLength(int k, int n) {
        return n <= BlockSizes.SMALL_N ? (long) n * k : FloatPacking.packedLength(k, n);
    }

    /**
     * op(B) into the panels the blocked path multiplies, all of K per panel ({@code FloatPacking.packWhole}); for n ≤
     * {@link BlockSizes#SMALL_N} (a 10-class layer) as op(B)ᵀ, n rows of k, which the dot-product path reads in place
     * faster than the register tile multiplies a panel of mostly padding (1 × 10 × 128: 3× on one thread).
     */
    @Override
    public void pack(Transpose transB, int k, int n, float[] b, int bOffset, int ldb, float[] packed) {
        if (n <= BlockSizes.SMALL_N) {
            ScalarKernels.pack(Plan.flip(transB), n, k, b, bOffset, ldb, packed);
            return;
        }
        int lanes = BlockSizes.FLOAT.lanes();
        FloatPacking.packWhole(transB, k, n, b, bOffset, ldb, packed, Workspace.get().floatScratch(lanes * lanes));
    }

    /**
     * The blocked path on panels packed beforehand, whatever the number of rows: without the pack to pay for, it is
     * level with or ahead of the dot-product path from one row (an edge of a few rows goes through the register tile
     * in pairs, {@link BlockSizes#EDGE_ROWS_IN_PAIRS}). The bits are those {@code gemm} gives for the shape on the
     * blocked path unswapped, with the same cut between threads; for n ≤ {@link BlockSizes#SMALL_N}, those of
     * {@code gemm} on op(B)ᵀ.
     */
    @Override
    public void gemmPacked(Transpose transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                           float[] packed, float beta, float[] c, int cOffset, int ldc,
                           float[] bias, Activation activation) {
        if (n <= BlockSizes.SMALL_N) {
            gemm(transA, Transpose.TRANSPOSE, m, n, k, alpha, a, aOffset, lda, packed, 0, k, beta, c, cOffset, ldc,
                    bias, activation);
        } else if (alpha == 0f) {                     // A and B are not read
            FloatEpilogue.scaleOnly(m, n, beta, c, cOffset, ldc, bias, 0, activation);
        } else {
            multiply(Plan.Path.BLOCKED, transA, Transpose.NONE, m, n, k, alpha, a, aOffset, lda, null, null, 0, n, packed,
                    beta, c, cOffset, ldc, bias, activation);
        }
    }

    /**
     * C through Cᵀ = op(B)ᵀ·op(A)ᵀ ({@link Plan#swapsOperands}): the products of {@link #SWAPPED_ROWS} rows of C at a
     * time into the workspace, stored transposed into C by the epilogue.
     */
    private void gemmSwapped(Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc,
                             float[] bias, Activation activation) {
        Workspace workspace = Workspace.get();
        int lanes = BlockSizes.FLOAT.lanes();
        for (int i = 0; i < m; i += SWAPPED_ROWS) {
            int rows = Math.min(SWAPPED_ROWS, m - i);
            float[] products = workspace.floatSwapped(Plan.roundUp(n, lanes) * rows);
            multiply(Plan.Path.BLOCKED, Plan.flip(transB), Plan.flip(transA), n, rows, k, 1f, b, bOffset, ldb,
                    a, null, aOffset + (transA == Transpose.NONE ? i * lda : i), lda, null, 0f, products, 0, rows, null,
                    Activation.IDENTITY);
            FloatEpilogue.storeTransposed(products, rows, rows, n, c, cOffset + i * ldc, ldc, alpha, beta, bias, 0,
                    activation, workspace.floatTile(FloatEpilogue.TRANSPOSED_ROWS * BlockSizes.FLOAT.nr()),
                    workspace.floatScratch(lanes * lanes));
        }
    }

    /** One product by the given path, cut between threads as {@link Plan} says. */
    private void multiply(Plan.Path path, Transpose transA, Transpose transB, int m, int n, int k,
                          float alpha, float[] a, int aOffset, int lda,
                          float[] b, Widening<float[]> wideB, int bOffset, int ldb, float[] packed,
                          float beta, float[] c, int cOffset, int ldc,
                          float[] bias, Activation activation) {
        int parts = Plan.parts(path, m, n, k, BlockSizes.FLOAT, threads);
        if (parts <= 1) {
            FloatJob.compute(path, transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb, packed, 0,
                    beta, c, cOffset, ldc, bias, 0, activation);
            return;
        }
        FloatJob job = FLOAT_JOBS.get();
        job.set(path, parts, transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb, packed,
                beta, c, cOffset, ldc, bias, activation);
        try {
            job.invoke(parts);
        } finally {
            job.clear();
        }
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** Double GEMM with up to {@code threads} threads; see the class documentation. */
    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     double alpha, double[] a, int aOffset, int lda,
                     double[] b, int bOffset, int ldb,
                     double beta, double[] c, int cOffset, int ldc,
                     double[] bias, Activation activation) {
        gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, null, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
    }

    /**
     * As {@link #gemm(Transpose, Transpose, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int, double[], Activation) gemm},
     * with B held in a narrower format that {@code wideB} widens: the path is the one {@code gemm} takes for the shape,
     * the blocked path widening B block by block as it packs it, the others (which read B in place) a chunk of
     * columns at a time into a buffer; either way B is widened once per call (once per thread's columns when split
     * along N, once per thread when split along M), and the result has the bits {@code gemm} gives for the widened B
     * (a swap, which would pack B as A, is not taken: its bits are the unswapped ones). Arguments as validated as
     * for {@code gemm}; {@code wideB} not null.
     */
    public void gemmWidened(Transpose transA, Transpose transB, int m, int n, int k,
                            double alpha, double[] a, int aOffset, int lda,
                            Widening<double[]> wideB, int bOffset, int ldb,
                            double beta, double[] c, int cOffset, int ldc,
                            double[] bias, Activation activation) {
        gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, null, wideB, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
    }

    private void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda,
                      double[] b, Widening<double[]> wideB, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc,
                      double[] bias, Activation activation) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (alpha == 0d || k == 0) {                  // A and B are not read
            DoubleEpilogue.scaleOnly(m, n, beta, c, cOffset, ldc, bias, 0, activation);
            return;
        }
        if (wideB == null && Plan.swapsOperands(m, n, k, transA, transB, BlockSizes.DOUBLE, threads)) {
            gemmSwapped(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias,
                    activation);
            return;
        }
        Plan.Path path = Plan.path(m, n, k, transB, DoubleStripTranspose.TWO_VECTOR_SHUFFLES);
        multiply(path, transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb, null, beta, c, cOffset,
                ldc, bias, activation);
    }

    /** {@link #pack}'s layout: op(B)ᵀ for n ≤ {@link BlockSizes#SMALL_N}, else {@code DoublePacking.packWhole}'s panels. */
    @Override
    public long doublePackedLength(int k, int n) {
        return n <= BlockSizes.SMALL_N ? (long) n * k : DoublePacking.packedLength(k, n);
    }

    /**
     * op(B) into the panels the blocked path multiplies, all of K per panel ({@code DoublePacking.packWhole}); for n ≤
     * {@link BlockSizes#SMALL_N} (a 10-class layer) as op(B)ᵀ, n rows of k, which the dot-product path reads in place
     * faster than the register tile multiplies a panel of mostly padding (1 × 10 × 128: 3× on one thread).
     */
    @Override
    public void pack(Transpose transB, int k, int n, double[] b, int bOffset, int ldb, double[] packed) {
        if (n <= BlockSizes.SMALL_N) {
            ScalarKernels.pack(Plan.flip(transB), n, k, b, bOffset, ldb, packed);
            return;
        }
        int lanes = BlockSizes.DOUBLE.lanes();
        DoublePacking.packWhole(transB, k, n, b, bOffset, ldb, packed, Workspace.get().doubleScratch(lanes * lanes));
    }

    /**
     * The blocked path on panels packed beforehand, whatever the number of rows: without the pack to pay for, it is
     * level with or ahead of the dot-product path from one row (an edge of a few rows goes through the register tile
     * in pairs, {@link BlockSizes#EDGE_ROWS_IN_PAIRS}). The bits are those {@code gemm} gives for the shape on the
     * blocked path unswapped, with the same cut between threads; for n ≤ {@link BlockSizes#SMALL_N}, those of
     * {@code gemm} on op(B)ᵀ.
     */
    @Override
    public void gemmPacked(Transpose transA, int m, int n, int k, double alpha, double[] a, int aOffset, int lda,
                           double[] packed, double beta, double[] c, int cOffset, int ldc,
                           double[] bias, Activation activation) {
        if (n <= BlockSizes.SMALL_N) {
            gemm(transA, Transpose.TRANSPOSE, m, n, k, alpha, a, aOffset, lda, packed, 0, k, beta, c, cOffset, ldc,
                    bias, activation);
        } else if (alpha == 0d) {                     // A and B are not read
            DoubleEpilogue.scaleOnly(m, n, beta, c, cOffset, ldc, bias, 0, activation);
        } else {
            multiply(Plan.Path.BLOCKED, transA, Transpose.NONE, m, n, k, alpha, a, aOffset, lda, null, null, 0, n, packed,
                    beta, c, cOffset, ldc, bias, activation);
        }
    }

    /**
     * C through Cᵀ = op(B)ᵀ·op(A)ᵀ ({@link Plan#swapsOperands}): the products of {@link #SWAPPED_ROWS} rows of C at a
     * time into the workspace, stored transposed into C by the epilogue.
     */
    private void gemmSwapped(Transpose transA, Transpose transB, int m, int n, int k,
                             double alpha, double[] a, int aOffset, int lda,
                             double[] b, int bOffset, int ldb,
                             double beta, double[] c, int cOffset, int ldc,
                             double[] bias, Activation activation) {
        Workspace workspace = Workspace.get();
        int lanes = BlockSizes.DOUBLE.lanes();
        for (int i = 0; i < m; i += SWAPPED_ROWS) {
            int rows = Math.min(SWAPPED_ROWS, m - i);
            double[] products = workspace.doubleSwapped(Plan.roundUp(n, lanes) * rows);
            multiply(Plan.Path.BLOCKED, Plan.flip(transB), Plan.flip(transA), n, rows, k, 1d, b, bOffset, ldb,
                    a, null, aOffset + (transA == Transpose.NONE ? i * lda : i), lda, null, 0d, products, 0, rows, null,
                    Activation.IDENTITY);
            DoubleEpilogue.storeTransposed(products, rows, rows, n, c, cOffset + i * ldc, ldc, alpha, beta, bias, 0,
                    activation, workspace.doubleTile(DoubleEpilogue.TRANSPOSED_ROWS * BlockSizes.DOUBLE.nr()),
                    workspace.doubleScratch(lanes * lanes));
        }
    }

    /** One product by the given path, cut between threads as {@link Plan} says. */
    private void multiply(Plan.Path path, Transpose transA, Transpose transB, int m, int n, int k,
                          double alpha, double[] a, int aOffset, int lda,
                          double[] b, Widening<double[]> wideB, int bOffset, int ldb, double[] packed,
                          double beta, double[] c, int cOffset, int ldc,
                          double[] bias, Activation activation) {
        int parts = Plan.parts(path, m, n, k, BlockSizes.DOUBLE, threads);
        if (parts <= 1) {
            DoubleJob.compute(path, transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb, packed, 0,
                    beta, c, cOffset, ldc, bias, 0, activation);
            return;
        }
        DoubleJob job = DOUBLE_JOBS.get();
        job.set(path, parts, transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb, packed,
                beta, c, cOffset, ldc, bias, activation);
        try {
            job.invoke(parts);
        } finally {
            job.clear();
        }
    }

    // ---- end of generated double half ----
}
