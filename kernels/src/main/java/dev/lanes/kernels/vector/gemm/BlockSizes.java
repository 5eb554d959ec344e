package dev.lanes.kernels.vector.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Every block size and tile shape of the GEMM, in one place, derived from the vector width at start-up.
 *
 * <p>The names follow BLIS. The register tile (the micro-kernel's output) is {@code MR} rows by {@code NR}
 * columns, {@code NR = vectorsPerRow · lanes}. Its MR·vectorsPerRow accumulators, plus vectorsPerRow B vectors
 * and one broadcast of A, must fit the vector register file: 6 × 4 vectors (24 accumulators) where there are
 * 32 vector registers (AVX-512, AArch64), 6 × 2 (12 accumulators) where there are 16 (AVX2 or SSE on x86). On
 * this machine's Zen 5, 6 × 4 measured fastest (~97% of peak for the micro-kernel alone); tiles with one
 * broadcast per FMA (16 × 1) are capped by the broadcast rate.
 *
 * <p>The cache blocks: a {@code KC × NR} micro-panel of packed B and an {@code MR × KC} sliver of A feed one
 * call of the micro-kernel; {@code MC × KC} of A is reused across a whole packed B block ({@code KC × NC}).
 * KC = 128 cost ~7% against 384; 800 keeps the 784 inputs of an image net's first layer in one K block, so C
 * goes through the epilogue once instead of three times (+5–8% on 1024×256×784, +5% at 2048³, the other shapes
 * within noise: benchmarks/results/2026-12-06-gemm-onnx.md); MC hardly mattered. K is cut into equal blocks of at
 * most KC so that no block is a short remainder; the cut depends on k alone, so every element of C sees the same
 * sums whatever the thread count.
 *
 * <p>The dot-product path ({@link FloatSmallGemm}) for N ≤ {@link #SMALL_N} computes 16 dot products at a time,
 * vectorised along K, in 16 accumulators (at least 8 keep two FMA pipes of latency 4 busy; 16 plus the operands
 * fit 32 registers, and 16 dot products fold into one 16-lane vector): {@link #DOT_ROWS} rows of op(A) by
 * {@link #DOT_COLS} columns of op(B) in whole blocks of rows, one row by {@link #DOT_ROW_COLS} columns otherwise.
 * 8 × 2 reads 10 vectors per 16 FMAs and wastes nothing on an even N (a 10-class layer); 4 × 4 read 8 but
 * computed 12 columns for 10. With 16 vector registers (AVX2) the tiles need more registers than there are: the
 * 8 × 2 tile was still faster there than 4 × 4 (it now runs there as two 4 × 2 halves, {@link #DOT_HALF_TILES}),
 * but the 1 × 16 tile (16 accumulators, x, a load) spilled and was
 * slower at M = 1 than the old 1 × 4 one, so there the one-row tile is 1 × 8: 8 accumulators still cover two FMA
 * pipes of latency 4 (benchmarks/results/2026-11-23-small-gemm.md).
 *
 * @param lanes       elements per vector of the element type
 * @param mr          rows of the register tile
 * @param vectorsPerRow vectors per row of the register tile
 * @param nr          columns of the register tile, {@code vectorsPerRow · lanes}
 * @param kc          the largest K block
 * @param mc          rows of A per cache block (a multiple of mr)
 * @param nc          columns of packed B per cache block (a multiple of nr)
 */
public record BlockSizes(int lanes, int mr, int vectorsPerRow, int nr, int kc, int mc, int nc) {

    /**
     * Whether this JVM's CPU has 32 vector registers (see {@link #wideRegisterFile}), which decides the tiles and the
     * dot path's shape below and {@code Plan}'s costs. The same for float and double: their preferred widths in bits
     * are the same.
     */
    public static final boolean WIDE_REGISTER_FILE = wideRegisterFile(FloatVector.SPECIES_PREFERRED.vectorBitSize());

    /** At most this many columns of C take the dot-product path instead of the register-tiled one. */
    public static final int SMALL_N = 16;
    /** Rows of op(A) per tile of the dot-product path (whole blocks of rows). */
    public static final int DOT_ROWS = 8;
    /** Columns of op(B) per tile of the dot-product path; DOT_ROWS · DOT_COLS = 16 accumulators. */
    public static final int DOT_COLS = 2;
    /**
     * Columns of op(B) per tile of the dot-product path for a row outside whole blocks (M = 1 above all): 16 with
     * 32 vector registers, 8 with 16 (see the class comment).
     */
    public static final int DOT_ROW_COLS = WIDE_REGISTER_FILE ? 16 : 8;
    /**
     * Whether rows left after whole blocks of {@link #DOT_ROWS} take a 4 × 4 tile four at a time (B read once for
     * four rows) before the one-row tile: with 32 vector registers (16 accumulators, 4 loads of each operand). With
     * 16 its 24 live vectors would spill, as the 1 × 16 tile's did (see the class comment): such rows take the
     * one-row tile.
     */
    public static final boolean DOT_QUADS = WIDE_REGISTER_FILE;
    /**
     * Whether the {@link #DOT_ROWS} × {@link #DOT_COLS} dot tile runs as two halves of 4 rows (8 accumulators each,
     * the two rows of B read twice, from L1): with 16 vector registers its 16 accumulators and 3 operands do not fit,
     * and C2 kept 11 accumulators on the stack, a load and a store around each of their FMAs (AVX2,
     * benchmarks/results/2026-12-07-avx2.md). Each sum goes through the same operations either way.
     */
    public static final boolean DOT_HALF_TILES = !WIDE_REGISTER_FILE;
    /** Rows of op(A), and columns of op(B), of the quad tile. */
    public static final int DOT_QUAD_ROWS = 4;

    /**
     * Elements of op(B) per chunk of columns on the dot-product and row paths, which read B in place rather than
     * packing it ({@link FloatJob}): 64 KB of floats, small enough to stay in L1 or L2 while every row of A reads it,
     * so a B larger than the caches comes from memory once. A narrow B is widened a chunk at a time. A chunk is a
     * whole number of {@link #DOT_CHUNK_COLUMNS}.
     */
    public static final int DOT_CHUNK = 16 * 1024;
    /**
     * Columns of op(B) per step of a chunk: a multiple of any vector's float lanes, so that a column sits on the same
     * lane of the row path's vectors whatever chunk it falls in.
     */
    public static final int DOT_CHUNK_COLUMNS = 16;

    /**
     * Elements of a B (a weight matrix) past which it is taken to come from memory rather than a core's L2 when a
     * product streams it (4 MB of floats: past a core's L2 on current x86 and AArch64 parts). Products of a few rows
     * then favour reading B once: the dot path takes at most one block of rows, and narrow weights switch earlier
     * from matrix-vector products to the widening GEMM.
     */
    public static final long CACHED_B = 1L << 20;

    /**
     * Rows at the bottom edge of a blocked product up to which they go through the register tile in pairs
     * ({@code FloatMicroKernel.multiplyPair}) rather than in one MR-row tile whose missing rows are repeats. A pair's
     * 2·vectorsPerRow FMA chains take a step of K in one FMA latency (4 cycles) or at the FMA rate, whichever is
     * slower; the full tile takes MR·vectorsPerRow FMAs at the FMA rate. With 32 vector registers (4 vectors a row):
     * 8 FMAs a pair against 24 — four rows in two pairs take 8 cycles a step against 12 at two 512-bit FMAs a cycle,
     * 16 against 24 at one (Zen 4); with 16 (2 vectors a row) a pair takes 4 cycles against the tile's 6, so only up
     * to two rows. The same bits either way.
     */
    public static final int EDGE_ROWS_IN_PAIRS = WIDE_REGISTER_FILE ? 4 : 2;

    /** Smallest amount of work (flops) worth handing to another thread: below it a call stays on one. */
    public static final long MIN_FLOPS_PER_TASK = 4_000_000L;

    /** The float block sizes for this JVM's preferred vector width. */
    public static final BlockSizes FLOAT = forVectors(FloatVector.SPECIES_PREFERRED.length(),
            FloatVector.SPECIES_PREFERRED.vectorBitSize(), wideRegisterFile(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
    /** The double block sizes for this JVM's preferred vector width. */
    public static final BlockSizes DOUBLE = forVectors(DoubleVector.SPECIES_PREFERRED.length(),
            DoubleVector.SPECIES_PREFERRED.vectorBitSize(), wideRegisterFile(DoubleVector.SPECIES_PREFERRED.vectorBitSize()));

    /**
     * Block sizes for vectors of {@code lanes} elements of {@code vectorBits} bits, on a CPU with 32 vector
     * registers ({@code wideRegisterFile}) or 16.
     */
    public static BlockSizes forVectors(int lanes, int vectorBits, boolean wideRegisterFile) {
        if (lanes < 1 || Integer.bitCount(lanes) != 1) {
            throw new IllegalArgumentException("lanes must be a power of two, got " + lanes);
        }
        int mr = 6;
        int vectorsPerRow = wideRegisterFile ? 4 : 2;
        int nr = vectorsPerRow * lanes;
        int kc = 800;
        int mc = 16 * mr;                              // 96 rows: MC·KC of float A is 300 KiB, inside L2
        int nc = Math.max(nr, (2048 / nr) * nr);       // KC·NC of packed float B is 6.25 MiB, inside L3
        return new BlockSizes(lanes, mr, vectorsPerRow, nr, kc, mc, nc);
    }

    /**
     * Whether the CPU has 32 vector registers: AVX-512 (the only x86 with 512-bit vectors) and AArch64 do; x86
     * with narrower vectors (AVX2, SSE) has 16.
     */
    static boolean wideRegisterFile(int vectorBits) {
        String arch = System.getProperty("os.arch", "");
        return vectorBits >= 512 || arch.equals("aarch64") || arch.equals("arm64");
    }

    /** The K block for a product of depth k: k cut into equal blocks of at most KC. */
    public int kBlock(int k) {
        int blocks = Math.max(1, (k + kc - 1) / kc);
        return (k + blocks - 1) / blocks;
    }
}
