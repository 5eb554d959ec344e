package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Transpose;

/**
 * Which path computes a product and how it is cut between threads, decided from the shape alone (never from the
 * thread count), so that every element of C is computed by the same operations whatever the thread count; and
 * whether to compute it swapped ({@link #swapsOperands}), which gives the same bits either way and so may weigh
 * the thread budget too.
 *
 * <p>C is cut into {@code parts} rectangles of whole units ({@code unit} rows, or columns when
 * {@code byColumns}); K is never cut. Parts average at least {@link BlockSizes#MIN_FLOPS_PER_TASK} flops (a
 * product too small for two stays on one thread) and none holds less than {@link #MIN_FLOPS_PER_PART}. The
 * work-split model, and how it scales to 64 threads, is {@code kernels/PARALLELISM.md};
 * {@code PartitionPlanTest} checks what it states.
 */
final class Plan {

    /** The three ways to compute a product. */
    enum Path {
        /** Packed, blocked, register-tiled: {@link FloatBlockedGemm}. */
        BLOCKED,
        /**
         * Dot products along K, for N ≤ 16, M = 1 with B transposed, or a few rows with B transposed and K deep
         * ({@link #dotReadsTheWeightsFaster}): {@link FloatSmallGemm#dot}.
         */
        DOT,
        /** One row times a matrix, for M = 1 with B as stored: {@link FloatSmallGemm#row}. */
        ROW
    }

    /**
     * The least work of any one part: half the minimum task. Parts differ by a unit and the last ends at C's
     * edge, so an average of {@link BlockSizes#MIN_FLOPS_PER_TASK} can leave one part with a sliver (1024×65×k
     * cut in two by columns: 64 columns and 1). Not the whole minimum task: 64×100×784 in two by columns is
     * 64 + 36 columns, 3.6 Mflop in the second part, and the cut by rows that would give both parts 4 Mflop
     * ran 10% slower at 2 threads (167 → 150 GFLOP/s, benchmarks/results/2026-12-06-two-cores.md), since each
     * thread then packs all of B; a 2:1 imbalance is the price of packing B once.
     */
    static final long MIN_FLOPS_PER_PART = BlockSizes.MIN_FLOPS_PER_TASK / 2;

    private Plan() {
    }

    static Path path(int m, int n, int k, Transpose transB) {
        if (m == 1 && transB == Transpose.NONE) {
            return Path.ROW;
        }
        if (n <= BlockSizes.SMALL_N || m == 1 || dotReadsTheWeightsFaster(m, n, k, transB)) {
            return Path.DOT;
        }
        return Path.BLOCKED;
    }

    /**
     * {@link #path(int, int, int, Transpose)} where the dot-product path can run: its lane-sum tree needs two-vector
     * shuffles (see {@code DoubleStripTranspose.TWO_VECTOR_SHUFFLES}); without them the blocked path is taken.
     */
    static Path path(int m, int n, int k, Transpose transB, boolean twoVectorShuffles) {
        Path path = path(m, n, k, transB);
        return path == Path.DOT && !twoVectorShuffles ? Path.BLOCKED : path;
    }

    /**
     * The costs of {@link #dotReadsTheWeightsFaster}'s model, per column of C per step of K, in tenths of a row of
     * register tiles: packing a transposed B, a whole block of {@link BlockSizes#DOT_ROWS} rows of dot products
     * (B read once in place for all of them), four rows left over in the quad tile ({@link BlockSizes#DOT_QUADS}),
     * and a row of dot products outside those (B read again for each). Fitted to one-thread probes of NT products
     * of 2 to 32 rows (K 256 to 784) on AVX-512 (benchmarks/results/2026-12-07-small-batches.md; the quad tile in
     * benchmarks/results/2026-12-07-narrow-batches.md). The pack is 13.5 rows of tiles here and 20 in
     * {@link #swapsOperands}'s units: each model is fitted to its own shapes and only ranks two ways of computing them.
     *
     * <p>With 16 vector registers (AVX2) the tiles differ — the 6 × 2 register tile, no quad tile, the block of
     * rows as two halves that read B twice — and so do the costs. Refitted there through the public API on
     * NT:m×256×784 (benchmarks/results/2026-12-07-avx2.md): the dot path is ahead up to 13 rows and level to 20 with
     * each path alone in a JVM, ahead at 16 and 17 rows in JMH (1.1–1.5×, where dot products had run before: C2's code
     * for each path depends on the shapes that ran before it), behind at 24. A lone row at 3.4 rows of tiles, a block
     * of 8 rows at 17.8 and the pack at 26.8 put the crossover between 20 and 21 rows; the AVX-512 constants sent 5 to
     * 7 rows, 12 to 15 and 18 and 20 to the blocked path (1.4–2.2× slower at 5 to 7).
     */
    static final int DOT_PACK_TRANSPOSED_B = BlockSizes.WIDE_REGISTER_FILE ? 135 : 268,
            DOT_BLOCK = BlockSizes.WIDE_REGISTER_FILE ? 126 : 178, DOT_QUAD = 55,
            DOT_LONE_ROW = BlockSizes.WIDE_REGISTER_FILE ? 39 : 34, DOT_TILE_ROW = 10;
    /** Below this depth the dot path's per-tile work (its lane-sum tree, the K tail) outweighs what it saves. */
    static final int DOT_MIN_K = 256;
    /**
     * Below this depth the dot path takes at most one block of rows: with more, its per-column lane sums outweigh the
     * pack they save against a register tile that has rows to fill (one thread, benchmarks/results/2026-12-07-narrow-batches.md:
     * NT:12–20 × 128 or 256 × 256 1.1–1.4× slower as dot products; × 320 level to 1.4× slower; × 400 level or ahead
     * at 12–16 rows; × 512 ahead).
     */
    static final int DOT_BLOCKS_MIN_K = 400;

    /**
     * Whether a product of a few rows with B stored N × K (a layer's forward product at a batch of 2 to ~17) is
     * faster as dot products reading B in place than blocked, where packing B — a transpose of the whole weight
     * matrix — costs more than multiplying it by a few rows: the blocked path's rows rounded up to the tile's 6
     * plus the pack, against whole blocks of rows of dot products plus the rows left over, each of which reads B
     * again unless four of them share the quad tile (NT:8x256x784: 58 → 119 GFLOP/s); with a B past
     * {@link BlockSizes#CACHED_B}, only up to one block of rows: B then comes from memory (once, a chunk at a time,
     * {@link FloatJob}) and each block or lone row reads every chunk again from L2, which the model, fitted where B
     * stays in L2 (784 × 256), does not price (4096 × 4096, one thread, benchmarks/results/2026-12-07-narrow-batches.md:
     * dot ahead of blocked at 2, 3 and 8 rows, level at 4 and 9, behind by 1.1–1.5× from 10 rows on); and below
     * {@link #DOT_BLOCKS_MIN_K}, only up to one block of rows too.
     */
    static boolean dotReadsTheWeightsFaster(int m, int n, int k, Transpose transB) {
        boolean oneBlock = (long) n * k > BlockSizes.CACHED_B || k < DOT_BLOCKS_MIN_K;
        if (transB != Transpose.TRANSPOSE || k < DOT_MIN_K || oneBlock && m > BlockSizes.DOT_ROWS) {
            return false;
        }
        int blocks = m / BlockSizes.DOT_ROWS, left = m % BlockSizes.DOT_ROWS;
        int quads = BlockSizes.DOT_QUADS ? left / BlockSizes.DOT_QUAD_ROWS : 0, lone = left - quads * BlockSizes.DOT_QUAD_ROWS;
        int tileRows = roundUp(m, BlockSizes.FLOAT.mr());             // 6 in either precision
        return blocks * DOT_BLOCK + quads * DOT_QUAD + lone * DOT_LONE_ROW < tileRows * DOT_TILE_ROW + DOT_PACK_TRANSPOSED_B;
    }

    /**
     * The costs of {@link #swapsOperands}'s model, per element, in the register tile's work (one lane of one FMA):
     * packing op(B) from B stored N × K (a transpose by blocks in registers), from B stored K × N (a copy), packing
     * a transposed A, and storing a swapped product transposed. Fitted to one-thread probes of NT and NN products
     * at batch 64 and 1024 (benchmarks/results/2026-12-07-swap.md), where they predict which way is faster.
     */
    static final int PACK_TRANSPOSED_B = 20, PACK_B = 4, PACK_TRANSPOSED_A = 8, STORE_TRANSPOSED = 8;

    /**
     * Whether to compute C = op(A)·op(B) as the transpose of Cᵀ = op(B)ᵀ·op(A)ᵀ and have the epilogue store it
     * transposed ({@code VectorGemm}). Two things change. The register tile covers C's columns in whole vectors and
     * its rows in whole MR: a layer 100 wide computes 112 columns (89% useful) where a batch of 64 rows is four
     * whole vectors; swapped, the batch runs along the vectors and the width along the tile's rows (102 rows for
     * 100: 98%). And the other operand is packed: for a layer's forward product x·Wᵀ at a small batch, the batch's
     * rows (64 × 784) instead of the weights (256 × 784). Taken when {@link #cost} says the largest part of the
     * swapped product, plus its transposed store (on the calling thread), is cheaper than the largest part of the
     * product as it is; only when m is whole vectors and K one block, and when the swapped product is blocked too —
     * so each element is the same FMA chain (products commute) through the same epilogue operations, and C gets
     * the same bits either way, which is why the choice may depend on the thread budget as well as the shape.
     */
    static boolean swapsOperands(int m, int n, int k, Transpose transA, Transpose transB, BlockSizes sizes, int threads) {
        if (path(m, n, k, transB) != Path.BLOCKED || m % sizes.lanes() != 0 || m <= BlockSizes.SMALL_N || k > sizes.kc()) {
            return false;
        }
        long swapped = cost(n, m, k, flip(transB), flip(transA), sizes, threads) + (long) STORE_TRANSPOSED * m * n;
        return swapped < cost(m, n, k, transA, transB, sizes, threads);
    }

    /**
     * The blocked path's work for one K block in the largest of the parts {@link #parts} cuts it into: its register
     * tiles, with their padding, and what it packs (the columns of B it multiplies; the rows of a transposed A).
     */
    static long cost(int m, int n, int k, Transpose transA, Transpose transB, BlockSizes sizes, int threads) {
        int parts = parts(Path.BLOCKED, m, n, k, sizes, threads);
        boolean byColumns = byColumns(Path.BLOCKED, m, n, k, sizes, parts);
        int units = units(Path.BLOCKED, m, n, sizes, byColumns);
        int largest = Math.min(byColumns ? n : m, (units + parts - 1) / parts * unit(Path.BLOCKED, sizes, byColumns));
        int rows = byColumns ? m : largest, cols = byColumns ? largest : n;
        long tiles = (long) roundUp(rows, sizes.mr()) * roundUp(cols, sizes.lanes()) * k;
        long packB = (long) cols * k * (transB == Transpose.TRANSPOSE ? PACK_TRANSPOSED_B : PACK_B);
        long packA = transA == Transpose.TRANSPOSE ? (long) rows * k * PACK_TRANSPOSED_A : 0;
        return tiles + packB + packA;
    }

    static Transpose flip(Transpose t) {
        return t == Transpose.NONE ? Transpose.TRANSPOSE : Transpose.NONE;
    }

    /** x rounded up to a multiple of {@code multiple}: the extent whole tiles or vectors cover. */
    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * How many parts to cut the product into, given the caller's thread limit: as many as the limit, the units
     * and the work ({@link BlockSizes#MIN_FLOPS_PER_TASK} a part on average) allow, and fewer while the smallest
     * part (see {@link #smallestPart}) would hold less than {@link #MIN_FLOPS_PER_PART}.
     */
    static int parts(Path path, int m, int n, int k, BlockSizes sizes, int threads) {
        long flops = 2L * m * n * k;
        long byWork = Math.max(1, flops / BlockSizes.MIN_FLOPS_PER_TASK);
        int units = Math.max(units(path, m, n, sizes, true), units(path, m, n, sizes, false));
        int parts = (int) Math.min(Math.min(threads, byWork), units);
        while (parts > 1 && smallestPartFlops(path, m, n, k, sizes, parts, byColumns(path, m, n, k, sizes, parts))
                < MIN_FLOPS_PER_PART) {
            parts--;
        }
        return parts;
    }

    /**
     * Whether to cut along N (else along M) into {@code parts} parts. The blocked path cuts columns unless that
     * leaves a part below {@link #MIN_FLOPS_PER_PART} and rows would not: by columns each thread packs only its
     * own columns of B, by rows every thread packs all of B. The dot-product path cuts rows in whole blocks
     * while there are enough.
     */
    static boolean byColumns(Path path, int m, int n, int k, BlockSizes sizes, int parts) {
        return switch (path) {
            case BLOCKED -> {
                boolean columns = units(path, m, n, sizes, true) >= parts;
                if (columns && smallestPartFlops(path, m, n, k, sizes, parts, true) < MIN_FLOPS_PER_PART
                        && smallestPartFlops(path, m, n, k, sizes, parts, false) >= MIN_FLOPS_PER_PART) {
                    columns = false;
                }
                yield columns;
            }
            case DOT -> m < parts * BlockSizes.DOT_ROWS;
            case ROW -> true;
        };
    }

    /** Flops of the smallest of {@code parts} parts cut this way; 0 if there are fewer units than parts. */
    static long smallestPartFlops(Path path, int m, int n, int k, BlockSizes sizes, int parts, boolean byColumns) {
        int units = units(path, m, n, sizes, byColumns);
        if (units < parts) {
            return 0;
        }
        return 2L * k * smallestPart(parts, units, unit(path, sizes, byColumns), byColumns ? n : m) * (byColumns ? m : n);
    }

    /**
     * The extent of the smallest of the parts {@link #start} cuts: part 0 has ⌊units/parts⌋ units, no part fewer,
     * and only the last can be shorter than its units (it ends at the extent).
     */
    static int smallestPart(int parts, int units, int unit, int extent) {
        if (parts <= 1) {
            return extent;
        }
        int first = units / parts * unit;
        int last = extent - start(parts - 1, parts, units, unit, extent);
        return Math.min(first, last);
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
