package dev.lanes.kernels.vector;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.scalar.ScalarNarrowLinear;
import dev.lanes.kernels.spi.NarrowLinear;
import dev.lanes.kernels.vector.gemm.BlockSizes;
import dev.lanes.kernels.vector.gemm.VectorGemm;
import dev.lanes.kernels.vector.gemm.Widening;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The narrow-weight family on the Vector API. Two paths, chosen by the batch and the size of W ({@link Format}
 * owns the switch):
 * <ul>
 * <li><b>Few rows</b>: a matrix-vector product per row of x. Batch-1 inference is bound by reading the weights,
 * so W is streamed once, one vector of narrow weights at a time, widened in registers (bfloat16: a 16-bit shift;
 * binary16: a shift, one multiply by 2¹¹² and a blend for infinities and NaN; int8: a byte-to-float conversion)
 * and multiplied into float accumulators, several rows of W at a time so each vector of x is loaded once for
 * several FMAs. The int8 row sums are scaled once at the end.
 * <li><b>Many rows</b>: the provider's float GEMM with W as a {@link Widening} B operand, on the path the float
 * GEMM takes for the shape: the blocked path widens each block of W (int8 rows times their scales) as it packs it,
 * the dot-product path (a class layer, or a few rows with a long K) a chunk of W's rows at a time into a buffer it
 * then reads in place. Either way W is widened once per call and the arithmetic is the float GEMM's, at its speed.
 * </ul>
 * Both sum each output's products in float in some fixed order, so they agree with the reference to within the
 * rounding error of a float sum of {@code in} terms, and one call gives the same bits whatever the thread count
 * (the float GEMM does, and the matrix-vector path is single-threaded). The int8 GEMM path rounds q·scale once
 * per weight, where the reference scales the sum: one more rounding per term, within the same bound
 * (see {@code NarrowLinearConformance}).
 */
final class VectorNarrowLinear implements NarrowLinear {

    private static final VectorSpecies<Float> FLOATS = PreferredSpecies.FLOATS;
    private static final int LANES = FLOATS.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    /** As many shorts as a float vector has lanes: half its bits. */
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    /**
     * As many bytes as a float vector has lanes (a quarter of its bits), but at least the smallest vector shape,
     * 64 bits: with 128-bit floats a load reads 8 bytes to use 4, so {@link #int8End} keeps it inside the array.
     */
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS.vectorBitSize() / 4)));
    private static final int BYTES_OVERREAD = BYTES.length() - LANES;

    /** The calling thread's widening B operand, reused so a call allocates nothing. */
    private static final ThreadLocal<NarrowWeights> WEIGHTS = ThreadLocal.withInitial(NarrowWeights::new);

    /**
     * The formats, each with its switch from the matrix-vector product to the widening GEMM: below it, W is streamed
     * once per row of x; at or above, the GEMM widens it once (on its dot path, a few rows at a time, it also reads W
     * once). The GEMV's cost grows with the rows at a per-row rate set by how fast the format widens in registers and
     * by where W comes from, the GEMM's is one widening plus float arithmetic; so each format has a switch for a W
     * that stays in a core's L2 and one for a W past {@link BlockSizes#CACHED_B} elements, which comes from memory.
     * Measured on one thread, 784×256 and 4096×4096 at 1–32 rows (benchmarks/results/2026-12-07-narrow-batches.md):
     * bfloat16 (a shift) the GEMM from 8 rows on the L2 layer and from 4 on the DRAM one; binary16 (a dozen
     * operations) from 2 on both; int8 (one conversion) from 8 on both.
     */
    private enum Format {
        BFLOAT16(8, 4), FLOAT16(2, 2), INT8(8, 8);

        private final int cachedSwitch, streamedSwitch;

        Format(int cachedSwitch, int streamedSwitch) {
            this.cachedSwitch = cachedSwitch;
            this.streamedSwitch = streamedSwitch;
        }

        /** Whether {@code rows} rows of x take the matrix-vector product, W being out × in. */
        boolean streamsPerRow(int rows, int in, int out) {
            return rows < ((long) in * out > BlockSizes.CACHED_B ? streamedSwitch : cachedSwitch);
        }
    }

    private final VectorGemm gemm;

    /** Narrow products whose wide batches run on {@code gemm}, the same provider's float GEMM. */
    VectorNarrowLinear(VectorGemm gemm) {
        this.gemm = gemm;
    }

    @Override
    public void linearBFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        if (Format.BFLOAT16.streamsPerRow(rows, in, out)) {
            for (int i = 0; i < rows; i++) {
                gemvBFloat16(in, out, x, i * in, weights, bias, y, i * out);
            }
        } else {
            widenedGemm(Format.BFLOAT16, rows, in, out, x, weights, null, null, bias, y);
        }
    }

    @Override
    public void linearFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        if (Format.FLOAT16.streamsPerRow(rows, in, out)) {
            for (int i = 0; i < rows; i++) {
                gemvFloat16(in, out, x, i * in, weights, bias, y, i * out);
            }
        } else {
            widenedGemm(Format.FLOAT16, rows, in, out, x, weights, null, null, bias, y);
        }
    }

    @Override
    public void linearInt8(int rows, int in, int out, float[] x, byte[] weights, float[] scales, float[] bias, float[] y) {
        if (Format.INT8.streamsPerRow(rows, in, out)) {
            for (int i = 0; i < rows; i++) {
                gemvInt8(in, out, x, i * in, weights, scales, bias, y, i * out);
            }
        } else {
            widenedGemm(Format.INT8, rows, in, out, x, null, weights, scales, bias, y);
        }
    }

    // ---- widening one vector of weights ----

    private static FloatVector bfloat16s(short[] w, int offset) {
        return ((IntVector) ShortVector.fromArray(SHORTS, w, offset).convertShape(VectorOperators.S2I, INTS, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /**
     * Exact binary16 → float: the exponent and mantissa bits moved to a float's places and multiplied by
     * 2^(127 − 15) re-bias the exponent, which also turns subnormal halves (float subnormals before the multiply)
     * into the right normal floats; infinities and NaN get the float's all-ones exponent instead; the sign is
     * put back last.
     */
    private static FloatVector float16s(short[] w, int offset) {
        IntVector half = (IntVector) ShortVector.fromArray(SHORTS, w, offset).convertShape(VectorOperators.S2I, INTS, 0);
        IntVector magnitude = half.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7C00);
        IntVector bits = finite.blend(shifted.or(0x7F800000), special);
        return bits.or(half.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    private static FloatVector int8s(byte[] w, int offset) {
        return (FloatVector) ByteVector.fromArray(BYTES, w, offset).convertShape(VectorOperators.B2F, FLOATS, 0);
    }

    // ---- few rows: stream W once per row of x ----

    /** One row of y from one row of x, bfloat16 weights: four rows of W per pass over x. */
    private static void gemvBFloat16(int in, int out, float[] x, int xOffset, short[] w,
                                     float[] bias, float[] y, int yOffset) {
        int vectorEnd = in - in % LANES;
        int j = 0;
        for (; j + 4 <= out; j += 4) {
            int w0 = j * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
            FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int p = 0; p < vectorEnd; p += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, xOffset + p);
                acc0 = bfloat16s(w, w0 + p).fma(xv, acc0);
                acc1 = bfloat16s(w, w1 + p).fma(xv, acc1);
                acc2 = bfloat16s(w, w2 + p).fma(xv, acc2);
                acc3 = bfloat16s(w, w3 + p).fma(xv, acc3);
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
            float s2 = acc2.reduceLanes(VectorOperators.ADD), s3 = acc3.reduceLanes(VectorOperators.ADD);
            for (int p = vectorEnd; p < in; p++) {
                float xp = x[xOffset + p];
                s0 += xp * ScalarNarrowLinear.bfloat16ToFloat(w[w0 + p]);
                s1 += xp * ScalarNarrowLinear.bfloat16ToFloat(w[w1 + p]);
                s2 += xp * ScalarNarrowLinear.bfloat16ToFloat(w[w2 + p]);
                s3 += xp * ScalarNarrowLinear.bfloat16ToFloat(w[w3 + p]);
            }
            store(y, yOffset, j, s0, bias);
            store(y, yOffset, j + 1, s1, bias);
            store(y, yOffset, j + 2, s2, bias);
            store(y, yOffset, j + 3, s3, bias);
        }
        for (; j < out; j++) {
            int w0 = j * in;
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int p = 0; p < vectorEnd; p += LANES) {
                acc = bfloat16s(w, w0 + p).fma(FloatVector.fromArray(FLOATS, x, xOffset + p), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (int p = vectorEnd; p < in; p++) {
                s += x[xOffset + p] * ScalarNarrowLinear.bfloat16ToFloat(w[w0 + p]);
            }
            store(y, yOffset, j, s, bias);
        }
    }

    /**
     * One row of y from one row of x, binary16 weights: two rows of W per pass over x, and an odd last row
     * computed twice as both rows of a pair. The binary16 widening is a dozen vector operations, each of which C2
     * must inline through the Vector API's Java code before it becomes an instruction: with four rows per pass
     * (five call sites with the last-row loop) the method passed C2's inlining node budget
     * ({@code NodeCountInliningCutoff}), the fourth widening stayed a call, its vectors were boxed, and the
     * product ran 10–200× slower than bfloat16 (issue 16's 0.08–0.31× of fp32). Two call sites inline on JDK 25
     * with room to spare. Each output's sum is formed as with four rows (same lanes, same tail), so the bits are
     * the same.
     */
    private static void gemvFloat16(int in, int out, float[] x, int xOffset, short[] w,
                                    float[] bias, float[] y, int yOffset) {
        int vectorEnd = in - in % LANES;
        for (int j = 0; j < out; j += 2) {
            int j1 = Math.min(j + 1, out - 1);
            int w0 = j * in, w1 = j1 * in;
            FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0;
            for (int p = 0; p < vectorEnd; p += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, xOffset + p);
                acc0 = float16s(w, w0 + p).fma(xv, acc0);
                acc1 = float16s(w, w1 + p).fma(xv, acc1);
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
            for (int p = vectorEnd; p < in; p++) {
                float xp = x[xOffset + p];
                s0 += xp * Float.float16ToFloat(w[w0 + p]);
                s1 += xp * Float.float16ToFloat(w[w1 + p]);
            }
            store(y, yOffset, j, s0, bias);
            store(y, yOffset, j1, s1, bias);
        }
    }

    /**
     * Where the vector loop over a row of int8 weights starting at {@code rowStart} ends: at the last whole vector,
     * or earlier where a byte load would read past the array (only when bytes vectors are longer than float ones).
     */
    private static int int8End(int in, int rowStart, int arrayLength) {
        int vectorEnd = in - in % LANES;
        if (BYTES_OVERREAD == 0) {
            return vectorEnd;
        }
        int readable = arrayLength - rowStart - BYTES_OVERREAD;
        return Math.max(0, Math.min(vectorEnd, readable - Math.floorMod(readable, LANES)));
    }

    private static void gemvInt8(int in, int out, float[] x, int xOffset, byte[] w, float[] scales,
                                 float[] bias, float[] y, int yOffset) {
        int j = 0;
        for (; j + 4 <= out; j += 4) {
            int w0 = j * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
            int vectorEnd = int8End(in, w3, w.length);
            FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int p = 0; p < vectorEnd; p += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, xOffset + p);
                acc0 = int8s(w, w0 + p).fma(xv, acc0);
                acc1 = int8s(w, w1 + p).fma(xv, acc1);
                acc2 = int8s(w, w2 + p).fma(xv, acc2);
                acc3 = int8s(w, w3 + p).fma(xv, acc3);
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
            float s2 = acc2.reduceLanes(VectorOperators.ADD), s3 = acc3.reduceLanes(VectorOperators.ADD);
            for (int p = vectorEnd; p < in; p++) {
                float xp = x[xOffset + p];
                s0 += xp * w[w0 + p];
                s1 += xp * w[w1 + p];
                s2 += xp * w[w2 + p];
                s3 += xp * w[w3 + p];
            }
            store(y, yOffset, j, scales[j] * s0, bias);
            store(y, yOffset, j + 1, scales[j + 1] * s1, bias);
            store(y, yOffset, j + 2, scales[j + 2] * s2, bias);
            store(y, yOffset, j + 3, scales[j + 3] * s3, bias);
        }
        for (; j < out; j++) {
            int w0 = j * in;
            int vectorEnd = int8End(in, w0, w.length);
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int p = 0; p < vectorEnd; p += LANES) {
                acc = int8s(w, w0 + p).fma(FloatVector.fromArray(FLOATS, x, xOffset + p), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (int p = vectorEnd; p < in; p++) {
                s += x[xOffset + p] * w[w0 + p];
            }
            store(y, yOffset, j, scales[j] * s, bias);
        }
    }

    private static void store(float[] y, int yOffset, int j, float sum, float[] bias) {
        y[yOffset + j] = bias == null ? sum : sum + bias[j];
    }

    // ---- many rows: the float GEMM, widening W as it packs it ----

    private void widenedGemm(Format format, int rows, int in, int out, float[] x, short[] halves, byte[] bytes,
                             float[] scales, float[] bias, float[] y) {
        NarrowWeights weights = WEIGHTS.get();
        weights.set(format, in, halves, bytes, scales);
        try {
            gemm.gemmWidened(Transpose.NONE, Transpose.TRANSPOSE, rows, out, in, 1f, x, 0, in, weights, 0, Math.max(in, 1),
                    0f, y, 0, out, bias, Activation.IDENTITY);
        } finally {
            weights.clear();
        }
    }

    /**
     * W as the GEMM's B operand (stored out × in, used transposed), widened row by row: bfloat16 by the vector
     * shift, binary16 by a plain loop of {@link Float#float16ToFloat}, which C2 compiles to vcvtph2ps on this
     * JDK (2.5× the vector bit arithmetic, see {@code HalfWideningBenchmark}), int8 times the row's scale.
     * Every element widens to the same float however the GEMM blocks W, so the bits do not depend on the blocking.
     */
    private static final class NarrowWeights implements Widening<float[]> {
        private Format format;
        private int in;
        private short[] halves;
        private byte[] bytes;
        private float[] scales;

        void set(Format format, int in, short[] halves, byte[] bytes, float[] scales) {
            this.format = format;
            this.in = in;
            this.halves = halves;
            this.bytes = bytes;
            this.scales = scales;
        }

        void clear() {
            halves = null;
            bytes = null;
            scales = null;
        }

        @Override
        public void widen(int from, int ld, int rows, int cols, float[] dst, int dstOffset, int ldd) {
            if (cols == 0) {
                return;         // rows of no weights (in = 0): nothing to read, and no row index to find a scale by
            }
            for (int r = 0; r < rows; r++) {
                int src = from + r * ld, to = dstOffset + r * ldd;
                switch (format) {
                    case BFLOAT16 -> widenBFloat16(halves, src, cols, dst, to);
                    case FLOAT16 -> widenFloat16(halves, src, cols, dst, to);
                    case INT8 -> widenScaled(bytes, scales[src / in], src, cols, dst, to);
                }
            }
        }
    }

    private static void widenBFloat16(short[] w, int from, int count, float[] dst, int to) {
        int vectorEnd = count - count % LANES;
        int p = 0;
        for (; p < vectorEnd; p += LANES) {
            bfloat16s(w, from + p).intoArray(dst, to + p);
        }
        for (; p < count; p++) {
            dst[to + p] = ScalarNarrowLinear.bfloat16ToFloat(w[from + p]);
        }
    }

    private static void widenFloat16(short[] w, int from, int count, float[] dst, int to) {
        for (int p = 0; p < count; p++) {
            dst[to + p] = Float.float16ToFloat(w[from + p]);
        }
    }

    /** {@code count} int8 weights from {@code from}, all of one row of W, times that row's scale. */
    private static void widenScaled(byte[] w, float scale, int from, int count, float[] dst, int to) {
        int vectorEnd = int8End(count, from, w.length);
        int p = 0;
        for (; p < vectorEnd; p += LANES) {
            int8s(w, from + p).mul(scale).intoArray(dst, to + p);
        }
        for (; p < count; p++) {
            dst[to + p] = w[from + p] * scale;
        }
    }
}
