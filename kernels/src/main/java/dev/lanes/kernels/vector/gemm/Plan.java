package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Transpose;

/**
 * Which path computes a product and how it is cut between threads, decided from the shape alone (never from the
 * thread count), so that every element of C is computed by the same operations whatever the thread count.
 *
 * <p>C is cut into {@code parts} rectangles of whole units ({@code unit} rows, or columns when
 * {@code byColumns}); K is never cut. A product of fewer than {@link BlockSizes#MIN_FLOPS_PER_TASK} flops per
 * part stays on one thread.
 */
final class Plan {

    /** The three ways to compute a product. */
    enum Path {
        /** Packed, blocked, register-tiled: {@link FloatBlockedGemm}. */
        BLOCKED,
        /** Dot products along K, for N ≤ 16, or M = 1 with B transposed: {@link FloatSmallGemm#dot}. */
        DOT,
        /** One row times a matrix, for M = 1 with B as stored: {@link FloatSmallGemm#row}. */
        ROW
    }

    private Plan() {
    }

    static Path path(int m, int n, Transpose transB) {
        if (m == 1 && transB == Transpose.NONE) {
            return Path.ROW;
        }
        if (n <= BlockSizes.SMALL_N || m == 1) {
            return Path.DOT;
        }
        return Path.BLOCKED;
    }

    /**
     * {@link #path(int, int, Transpose)} where the dot-product path can run: its lane-sum tree needs two-vector
     * shuffles (see {@code DoubleStripTranspose.TWO_VECTOR_SHUFFLES}); without them the blocked path is taken.
     */
    static Path path(int m, int n, Transpose transB, boolean twoVectorShuffles) {
        Path path = path(m, n, transB);
        return path == Path.DOT && !twoVectorShuffles ? Path.BLOCKED : path;
    }

    /** How many parts to cut the product into, given the caller's thread limit. */
    static int parts(Path path, int m, int n, int k, BlockSizes sizes, int threads) {
        long flops = 2L * m * n * k;
        long byWork = Math.max(1, flops / BlockSizes.MIN_FLOPS_PER_TASK);
        int units = Math.max(units(path, m, n, sizes, true), units(path, m, n, sizes, false));
        return (int) Math.min(Math.min(threads, byWork), units);
    }

    /** Whether to cut along N (else along M) into {@code parts} parts. */
    static boolean byColumns(Path path, int m, int n, BlockSizes sizes, int parts) {
        return switch (path) {
            case BLOCKED -> units(path, m, n, sizes, true) >= parts;
            case DOT -> m < parts * BlockSizes.DOT_ROWS;
            case ROW -> true;
        };
    }

    /** The granularity of a cut: whole register tiles, dot-product steps or row chunks. */
    static int unit(Path path, BlockSizes sizes, boolean byColumns) {
        return switch (path) {
            case BLOCKED -> byColumns ? sizes.nr() : sizes.mr();
            case DOT -> byColumns ? BlockSizes.DOT_ROW_COLS : BlockSizes.DOT_ROWS;
            case ROW -> 4 * sizes.lanes();
        };
    }

    static int units(Path path, int m, int n, BlockSizes sizes, boolean byColumns) {
        if (path == Path.ROW && !byColumns) {
            return 1;
        }
        int unit = unit(path, sizes, byColumns);
        return ((byColumns ? n : m) + unit - 1) / unit;
    }

    /** Start of part {@code part} of {@code parts} along an extent of {@code units} units of {@code unit}. */
    static int start(int part, int parts, int units, int unit, int extent) {
        return (int) Math.min(extent, (long) part * units / parts * unit);
    }
}
