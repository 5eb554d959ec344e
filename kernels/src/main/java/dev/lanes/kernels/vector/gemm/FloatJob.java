package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.vector.WorkerPool;

/**
 * One float GEMM call cut into rectangles of C for {@link WorkerPool} (one reusable instance per calling thread).
 */
final class FloatJob extends WorkerPool.Job {
    private Plan.Path path;
    private boolean byColumns;
    private int unit, units;
    private Transpose transA, transB;
    private int m, n, k, aOffset, lda, bOffset, ldb, cOffset, ldc;
    private float alpha, beta;
    private float[] a, b, packed, c, bias;
    private Widening<float[]> wideB;
    private Activation activation;

    void set(Plan.Path path, int parts, Transpose transA, Transpose transB, int m, int n, int k,
             float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
             float beta, float[] c, int cOffset, int ldc, float[] bias, Activation activation) {
        set(path, parts, transA, transB, m, n, k, alpha, a, aOffset, lda, b, null, bOffset, ldb, null, beta, c, cOffset,
                ldc, bias, activation);
    }

    /**
     * As above, with B {@code b} or, when {@code wideB} is not null, that narrow source, or, when {@code packed} is
     * not null, op(B) packed whole (see {@link #compute}).
     */
    void set(Plan.Path path, int parts, Transpose transA, Transpose transB, int m, int n, int k,
             float alpha, float[] a, int aOffset, int lda, float[] b, Widening<float[]> wideB, int bOffset, int ldb,
             float[] packed, float beta, float[] c, int cOffset, int ldc, float[] bias, Activation activation) {
        this.path = path;
        this.byColumns = Plan.byColumns(path, m, n, k, BlockSizes.FLOAT, parts);
        this.unit = Plan.unit(path, BlockSizes.FLOAT, byColumns);
        this.units = Plan.units(path, m, n, BlockSizes.FLOAT, byColumns);
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.aOffset = aOffset;
        this.lda = lda;
        this.b = b;
        this.wideB = wideB;
        this.packed = packed;
        this.bOffset = bOffset;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOffset = cOffset;
        this.ldc = ldc;
        this.bias = bias;
        this.activation = activation;
    }

    /** Drops the references to the caller's arrays. */
    void clear() {
        a = b = packed = c = bias = null;
        wideB = null;
    }

    @Override
    protected void run(int part, int parts) {
        int extent = byColumns ? n : m;
        int from = Plan.start(part, parts, units, unit, extent), to = Plan.start(part + 1, parts, units, unit, extent);
        if (from >= to) {
            return;
        }
        if (byColumns) {
            compute(path, transA, transB, m, to - from, k, alpha, a, aOffset, lda,
                    b, wideB, bOffset + (transB == Transpose.NONE ? from : from * ldb), ldb, packed, from,
                    beta, c, cOffset + from, ldc, bias, from, activation);
        } else {
            compute(path, transA, transB, to - from, n, k, alpha, a, aOffset + (transA == Transpose.NONE ? from * lda : from), lda,
                    b, wideB, bOffset, ldb, packed, 0, beta, c, cOffset + from * ldc, ldc, bias, 0, activation);
        }
    }

    /**
     * One rectangle of C on the calling thread, by the given path (alpha ≠ 0, k &gt; 0), with B {@code b} or, when
     * {@code wideB} is not null, that narrow source: the blocked path widens it as it packs it, the others read it
     * through {@link #inChunks}; or, on the blocked path only, op(B) packed whole in {@code packed}, the rectangle's
     * first column being its column {@code packedColumn}.
     */
    static void compute(Plan.Path path, Transpose transA, Transpose transB, int m, int n, int k,
                        float alpha, float[] a, int aOffset, int lda, float[] b, Widening<float[]> wideB, int bOffset, int ldb,
                        float[] packed, int packedColumn,
                        float beta, float[] c, int cOffset, int ldc, float[] bias, int biasOffset, Activation activation) {
        if (path == Plan.Path.BLOCKED) {
            FloatBlockedGemm.compute(transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb,
                    packed, packedColumn, beta, c, cOffset, ldc, bias, biasOffset, activation);
        } else if (wideB == null && (m == 1 || (long) n * k <= BlockSizes.CACHED_B)) {
            // One row reads B once whatever the order, and a B in cache is re-read from there by every block of rows
            // either way: chunks would only add their calls (3–10% at 16 rows of 784 × 256, 1 thread).
            inPlace(path, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc, bias, biasOffset, activation);
        } else {
            inChunks(path, transA, transB, m, n, k, alpha, a, aOffset, lda, b, wideB, bOffset, ldb,
                    beta, c, cOffset, ldc, bias, biasOffset, activation);
        }
    }

    /**
     * The dot-product and row paths read B in place, here a chunk of columns at a time ({@link BlockSizes#DOT_CHUNK}
     * elements) so that every row of A finds the chunk in cache: a B past {@link BlockSizes#CACHED_B} is read from
     * memory once, not once per block of rows (NT:4x4096x4096: 12.9–13.4 → 3.3 ms). A narrow B is widened chunk by
     * chunk into the workspace, once per call as on the blocked path. A column of C goes through the same operations
     * whatever chunk it falls in, so the bits are those of one call on all of B (as an array of the widened values,
     * for a narrow B).
     */
    private static void inChunks(Plan.Path path, Transpose transA, Transpose transB, int m, int n, int k,
                                 float alpha, float[] a, int aOffset, int lda, float[] b, Widening<float[]> wideB,
                                 int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
                                 float[] bias, int biasOffset, Activation activation) {
        int step = BlockSizes.DOT_CHUNK_COLUMNS;
        int chunk = Math.min(n, Math.max(step, BlockSizes.DOT_CHUNK / k / step * step));
        boolean columnsAreRows = transB == Transpose.TRANSPOSE;   // op(B)'s columns are rows of the stored B
        float[] wide = wideB == null ? null : Workspace.get().floatWidened(chunk * k);
        for (int j0 = 0; j0 < n; j0 += chunk) {
            int cols = Math.min(chunk, n - j0);
            float[] chunkB = b;
            int from = bOffset + (columnsAreRows ? j0 * ldb : j0), ld = ldb;
            if (wideB != null) {
                ld = columnsAreRows ? k : cols;
                wideB.widen(from, ldb, columnsAreRows ? cols : k, columnsAreRows ? k : cols, wide, 0, ld);
                chunkB = wide;
                from = 0;
            }
            inPlace(path, transA, transB, m, cols, k, alpha, a, aOffset, lda, chunkB, from, ld,
                    beta, c, cOffset + j0, ldc, bias, biasOffset + j0, activation);
        }
    }

    /** The dot-product or row path on a B array. */
    private static void inPlace(Plan.Path path, Transpose transA, Transpose transB, int m, int n, int k,
                                float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                float beta, float[] c, int cOffset, int ldc, float[] bias, int biasOffset, Activation activation) {
        if (path == Plan.Path.DOT) {
            FloatSmallGemm.dot(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc, bias, biasOffset, activation);
        } else {
            FloatSmallGemm.row(transA, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, bias, biasOffset, activation);
        }
    }
}
