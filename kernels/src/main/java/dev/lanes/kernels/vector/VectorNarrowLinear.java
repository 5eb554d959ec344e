package dev.lanes.kernels.vector;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.spi.Gemm;
import dev.lanes.kernels.spi.NarrowLinear;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The narrow-weight family on the Vector API. Two paths, chosen by the batch:
 * <ul>
 * <li><b>Few rows</b> (fewer than {@link #GEMV_MAX_ROWS}): a matrix-vector product per row of x. Batch-1
 * inference is bound by reading the weights, so W is streamed once, one vector of narrow weights at a time,
 * widened in registers (bfloat16: a 16-bit shift; binary16: a shift, one multiply by 2¹¹² and a blend for
 * infinities and NaN; int8: a byte-to-float conversion) and multiplied into float accumulators, four rows of W
 * at a time so each vector of x is loaded once for four FMAs. The int8 row sums are scaled once at the end.
 * <li><b>Many rows</b>: W is widened a panel of rows at a time into a per-thread float buffer (int8 rows times
 * their scales) and handed to the provider's float {@link Gemm}, whose register-tiled micro-kernel does the
 * arithmetic; widening costs one pass over W per call, against rows·in·out multiply-adds.
 * </ul>
 * Both sum each output's products in float in some fixed order, so they agree with the reference to within the
 * rounding error of a float sum of {@code in} terms, and one call gives the same bits whatever the thread count
 * (the float GEMM does, and the matrix-vector path is single-threaded). The int8 panel path rounds q·scale once
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

    /** Below this many rows of x, stream W once per row; at or above, widen panels for the float GEMM. */
    static final int GEMV_MAX_ROWS = 4;
    /** Rows of W per widened panel: about this many floats, half of a 1 MiB L2, so the GEMM reads it from L2. */
    private static final int PANEL_FLOATS = 128 * 1024;

    private static final ThreadLocal<float[][]> PANELS = ThreadLocal.withInitial(() -> new float[2][]);

    private enum Format { BFLOAT16, FLOAT16, INT8 }

    private final Gemm gemm;

    /** Narrow products whose wide batches run on {@code gemm}, the same provider's float GEMM. */
    VectorNarrowLinear(Gemm gemm) {
        this.gemm = gemm;
    }

    @Override
    public void linearBFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        if (rows < GEMV_MAX_ROWS) {
            for (int i = 0; i < rows; i++) {
                gemvHalves(true, in, out, x, i * in, weights, bias, y, i * out);
            }
        } else {
            panels(Format.BFLOAT16, rows, in, out, x, weights, null, null, bias, y);
        }
    }

    @Override
    public void linearFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        if (rows < GEMV_MAX_ROWS) {
            for (int i = 0; i < rows; i++) {
                gemvHalves(false, in, out, x, i * in, weights, bias, y, i * out);
            }
        } else {
            panels(Format.FLOAT16, rows, in, out, x, weights, null, null, bias, y);
        }
    }

    @Override
    public void linearInt8(int rows, int in, int out, float[] x, byte[] weights, float[] scales, float[] bias, float[] y) {
        if (rows < GEMV_MAX_ROWS) {
            for (int i = 0; i < rows; i++) {
                gemvInt8(in, out, x, i * in, weights, scales, bias, y, i * out);
            }
        } else {
            panels(Format.INT8, rows, in, out, x, null, weights, scales, bias, y);
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

    private static float widenHalf(boolean bfloat16, short bits) {
        return bfloat16 ? Float.intBitsToFloat(bits << 16) : Float.float16ToFloat(bits);
    }

    // ---- few rows: stream W once per row of x ----

    /** One row of y from one row of x, for bfloat16 ({@code bfloat16} true) or binary16 weights. */
    private static void gemvHalves(boolean bfloat16, int in, int out, float[] x, int xOffset, short[] w,
                                   float[] bias, float[] y, int yOffset) {
        int vectorEnd = in - in % LANES;
        int j = 0;
        for (; j + 4 <= out; j += 4) {
            int w0 = j * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
            FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int p = 0; p < vectorEnd; p += LANES) {
                FloatVector xv = FloatVector.fromArray(FLOATS, x, xOffset + p);
                if (bfloat16) {
                    acc0 = bfloat16s(w, w0 + p).fma(xv, acc0);
                    acc1 = bfloat16s(w, w1 + p).fma(xv, acc1);
                    acc2 = bfloat16s(w, w2 + p).fma(xv, acc2);
                    acc3 = bfloat16s(w, w3 + p).fma(xv, acc3);
                } else {
                    acc0 = float16s(w, w0 + p).fma(xv, acc0);
                    acc1 = float16s(w, w1 + p).fma(xv, acc1);
                    acc2 = float16s(w, w2 + p).fma(xv, acc2);
                    acc3 = float16s(w, w3 + p).fma(xv, acc3);
                }
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
            float s2 = acc2.reduceLanes(VectorOperators.ADD), s3 = acc3.reduceLanes(VectorOperators.ADD);
            for (int p = vectorEnd; p < in; p++) {
                float xp = x[xOffset + p];
                s0 += xp * widenHalf(bfloat16, w[w0 + p]);
                s1 += xp * widenHalf(bfloat16, w[w1 + p]);
                s2 += xp * widenHalf(bfloat16, w[w2 + p]);
                s3 += xp * widenHalf(bfloat16, w[w3 + p]);
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
                FloatVector wv = bfloat16 ? bfloat16s(w, w0 + p) : float16s(w, w0 + p);
                acc = wv.fma(FloatVector.fromArray(FLOATS, x, xOffset + p), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (int p = vectorEnd; p < in; p++) {
                s += x[xOffset + p] * widenHalf(bfloat16, w[w0 + p]);
            }
            store(y, yOffset, j, s, bias);
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

    // ---- many rows: widen panels of W for the float GEMM ----

    private void panels(Format format, int rows, int in, int out, float[] x, short[] halves, byte[] bytes,
                        float[] scales, float[] bias, float[] y) {
        int panelRows = Math.min(out, Math.max(LANES, PANEL_FLOATS / Math.max(in, 1) / LANES * LANES));
        float[][] buffers = PANELS.get();
        float[] panel = buffers[0];
        if (panel == null || panel.length < panelRows * in) {
            panel = buffers[0] = new float[panelRows * in];
        }
        float[] panelBias = null;
        if (bias != null) {
            panelBias = buffers[1];
            if (panelBias == null || panelBias.length < panelRows) {
                panelBias = buffers[1] = new float[panelRows];
            }
        }
        for (int j0 = 0; j0 < out; j0 += panelRows) {
            int n = Math.min(panelRows, out - j0);
            switch (format) {
                case BFLOAT16 -> widenHalves(true, halves, j0 * in, n * in, panel);
                case FLOAT16 -> widenHalves(false, halves, j0 * in, n * in, panel);
                case INT8 -> widenScaled(bytes, scales, j0, n, in, panel);
            }
            if (bias != null) {
                System.arraycopy(bias, j0, panelBias, 0, n);
            }
            gemm.gemm(Transpose.NONE, Transpose.TRANSPOSE, rows, n, in, 1f, x, 0, in, panel, 0, Math.max(in, 1),
                    0f, y, j0, out, panelBias, Activation.IDENTITY);
        }
    }

    private static void widenHalves(boolean bfloat16, short[] w, int from, int count, float[] panel) {
        int vectorEnd = count - count % LANES;
        int p = 0;
        for (; p < vectorEnd; p += LANES) {
            (bfloat16 ? bfloat16s(w, from + p) : float16s(w, from + p)).intoArray(panel, p);
        }
        for (; p < count; p++) {
            panel[p] = widenHalf(bfloat16, w[from + p]);
        }
    }

    private static void widenScaled(byte[] w, float[] scales, int firstRow, int rowCount, int in, float[] panel) {
        for (int r = 0; r < rowCount; r++) {
            float scale = scales[firstRow + r];
            int from = (firstRow + r) * in, to = r * in;
            int vectorEnd = int8End(in, from, w.length);
            int p = 0;
            for (; p < vectorEnd; p += LANES) {
                int8s(w, from + p).mul(scale).intoArray(panel, to + p);
            }
            for (; p < in; p++) {
                panel[to + p] = w[from + p] * scale;
            }
        }
    }
}
