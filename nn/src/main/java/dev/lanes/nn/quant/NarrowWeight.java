package dev.lanes.nn.quant;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

/**
 * A Linear layer's weight, out×in as PyTorch stores it, held in a {@link Precision} narrower than float32: 16-bit
 * patterns for {@link Precision#BF16} and {@link Precision#F16}, signed bytes and one scale per output row for
 * {@link Precision#INT8}. Immutable once made. {@link #multiply} computes y = x·Wᵀ + b with the kernels that
 * widen the weights as they read them.
 */
public final class NarrowWeight {

    private final Precision precision;
    private final int out;
    private final int in;
    private final short[] halves;
    private final byte[] bytes;
    private final float[] scales;

    private NarrowWeight(Precision precision, int out, int in, short[] halves, byte[] bytes, float[] scales) {
        this.precision = precision;
        this.out = out;
        this.in = in;
        this.halves = halves;
        this.bytes = bytes;
        this.scales = scales;
    }

    /**
     * Rounds a float32 weight to {@code precision}: bfloat16 and binary16 to the nearest value (ties to even, as
     * PyTorch's {@code tensor.to(torch.bfloat16)} and {@code .half()} do; beyond binary16's range to ±∞), int8 per
     * output row as {@link Precision#INT8} says (a row of zeros gets scale 1).
     *
     * @param weight a float32 [out, in] weight
     * @param precision the storage
     * @return the narrow weight
     * @throws IllegalArgumentException if the weight is not a float32 matrix, or (int8) a row holds a NaN or infinity
     */
    public static NarrowWeight quantize(Tensor weight, Precision precision) {
        if (weight.dtype() != DType.F32 || weight.rank() != 2) {
            throw new IllegalArgumentException("NarrowWeight.quantize: weight " + weight.describe() + " is not a float32 [out, in] matrix");
        }
        int out = weight.dim(0), in = weight.dim(1);
        float[] w = weight.floats();
        int n = out * in;
        return switch (precision) {
            case BF16 -> {
                short[] h = new short[n];
                for (int i = 0; i < n; i++) {
                    h[i] = toBFloat16(w[i]);
                }
                yield new NarrowWeight(precision, out, in, h, null, null);
            }
            case F16 -> {
                short[] h = new short[n];
                for (int i = 0; i < n; i++) {
                    h[i] = Float.floatToFloat16(w[i]);
                }
                yield new NarrowWeight(precision, out, in, h, null, null);
            }
            case INT8 -> {
                byte[] q = new byte[n];
                float[] scales = new float[out];
                for (int j = 0; j < out; j++) {
                    float max = 0;
                    for (int p = 0; p < in; p++) {
                        float v = w[j * in + p];
                        if (!Float.isFinite(v)) {
                            throw new IllegalArgumentException("NarrowWeight.quantize: weight row " + j + " holds " + v
                                    + ", which int8 cannot scale");
                        }
                        max = Math.max(max, Math.abs(v));
                    }
                    float scale = max == 0 ? 1f : max / 127f;
                    scales[j] = scale;
                    for (int p = 0; p < in; p++) {
                        q[j * in + p] = (byte) Math.max(-127, Math.min(127, Math.rint(w[j * in + p] / scale)));
                    }
                }
                yield new NarrowWeight(precision, out, in, null, q, scales);
            }
        };
    }

    /**
     * The bfloat16 nearest to {@code value}, ties to even, as PyTorch rounds ({@code c10::BFloat16}); NaN becomes
     * the quiet NaN 0x7FC0 as there.
     *
     * @param value a float
     * @return the bfloat16 bit pattern
     */
    public static short toBFloat16(float value) {
        if (Float.isNaN(value)) {
            return (short) 0x7FC0;
        }
        int bits = Float.floatToRawIntBits(value);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /**
     * A bfloat16 or binary16 weight from its bit patterns (as a model file holds them).
     *
     * @param precision {@link Precision#BF16} or {@link Precision#F16}
     * @param out the rows
     * @param in the columns
     * @param bits out·in patterns, row-major; kept, not copied
     * @return the weight
     * @throws IllegalArgumentException if the precision is int8 or the length is not out·in
     */
    public static NarrowWeight ofHalves(Precision precision, int out, int in, short[] bits) {
        if (precision == Precision.INT8 || (long) out * in != bits.length) {
            throw new IllegalArgumentException("NarrowWeight.ofHalves: " + bits.length + " " + precision + " values for a ["
                    + out + ", " + in + "] weight");
        }
        return new NarrowWeight(precision, out, in, bits, null, null);
    }

    /**
     * An int8 weight from its bytes and row scales (as a model file holds them).
     *
     * @param out the rows
     * @param in the columns
     * @param q out·in bytes, row-major; kept, not copied
     * @param scales out finite scales; kept, not copied
     * @return the weight
     * @throws IllegalArgumentException if a length does not fit [out, in] or a scale is not finite
     */
    public static NarrowWeight ofInt8(int out, int in, byte[] q, float[] scales) {
        if ((long) out * in != q.length || scales.length != out) {
            throw new IllegalArgumentException("NarrowWeight.ofInt8: " + q.length + " bytes and " + scales.length
                    + " scales for a [" + out + ", " + in + "] weight");
        }
        for (int j = 0; j < out; j++) {
            if (!Float.isFinite(scales[j])) {
                throw new IllegalArgumentException("NarrowWeight.ofInt8: scale of row " + j + " is " + scales[j]);
            }
        }
        return new NarrowWeight(Precision.INT8, out, in, null, q, scales);
    }

    /**
     * y = x·Wᵀ + b for the first {@code rows} rows of x.
     *
     * @param kernels the kernels to compute with
     * @param rows the rows of x and y
     * @param x the inputs, rows×in floats
     * @param bias out floats, or {@code null}
     * @param y receives rows×out floats
     */
    public void multiply(Kernels kernels, int rows, float[] x, float[] bias, float[] y) {
        switch (precision) {
            case BF16 -> kernels.linearBFloat16(rows, in, out, x, halves, bias, y);
            case F16 -> kernels.linearFloat16(rows, in, out, x, halves, bias, y);
            case INT8 -> kernels.linearInt8(rows, in, out, x, bytes, scales, bias, y);
        }
    }

    /**
     * The weight widened back to float32 (exactly the values {@link #multiply} uses; for int8, scale·q rounded).
     *
     * @return a new float32 [out, in] tensor
     */
    public Tensor widen() {
        float[] w = new float[out * in];
        for (int j = 0; j < out; j++) {
            for (int p = 0; p < in; p++) {
                int i = j * in + p;
                w[i] = switch (precision) {
                    case BF16 -> Float.intBitsToFloat(halves[i] << 16);
                    case F16 -> Float.float16ToFloat(halves[i]);
                    case INT8 -> scales[j] * bytes[i];
                };
            }
        }
        return Tensor.of(w, out, in);
    }

    /**
     * How the weight is stored.
     *
     * @return its precision
     */
    public Precision precision() {
        return precision;
    }

    /**
     * The rows of W.
     *
     * @return the output features
     */
    public int outFeatures() {
        return out;
    }

    /**
     * The columns of W.
     *
     * @return the input features
     */
    public int inFeatures() {
        return in;
    }

    /**
     * The stored 16-bit patterns (not a copy: do not change it).
     *
     * @return the bfloat16 or binary16 patterns, out·in, row-major
     * @throws IllegalStateException for an int8 weight
     */
    public short[] halves() {
        if (halves == null) {
            throw new IllegalStateException("an " + precision + " weight has no 16-bit patterns");
        }
        return halves;
    }

    /**
     * The stored bytes (not a copy: do not change it).
     *
     * @return q, out·in, row-major
     * @throws IllegalStateException for a 16-bit weight
     */
    public byte[] int8() {
        if (bytes == null) {
            throw new IllegalStateException("a " + precision + " weight has no int8 values");
        }
        return bytes;
    }

    /**
     * The row scales (not a copy: do not change it).
     *
     * @return one scale per output row
     * @throws IllegalStateException for a 16-bit weight
     */
    public float[] scales() {
        if (scales == null) {
            throw new IllegalStateException("a " + precision + " weight has no scales");
        }
        return scales;
    }
}
