package dev.lanes.nn.quant;

/**
 * How a quantized model stores its Linear weights. Activations, biases and normalisation parameters stay float32,
 * and every sum is float32: only the weights are narrower, which is what batch-1 inference spends its time reading.
 */
public enum Precision {
    /** bfloat16: a float32's upper 16 bits (8-bit exponent, 7-bit mantissa), rounded to nearest even; safetensors "BF16". */
    BF16("BF16", 2),
    /** IEEE 754 binary16 (5-bit exponent, 10-bit mantissa), rounded to nearest even; safetensors "F16". */
    F16("F16", 2),
    /**
     * Signed bytes with one float32 scale per output row, symmetric, as PyTorch's dynamic quantisation
     * ({@code torch.quantization.quantize_dynamic}) quantises weights: scale = max|w_row| / 127,
     * q = round(w / scale) in [−127, 127]; safetensors "I8" with the scales beside it.
     */
    INT8("I8", 1);

    private final String safetensorsDtype;
    private final int bytes;

    Precision(String safetensorsDtype, int bytes) {
        this.safetensorsDtype = safetensorsDtype;
        this.bytes = bytes;
    }

    /**
     * The dtype name a safetensors header gives the weights.
     *
     * @return "BF16", "F16" or "I8"
     */
    public String safetensorsDtype() {
        return safetensorsDtype;
    }

    /**
     * Bytes per stored weight.
     *
     * @return 2 or 1
     */
    public int bytes() {
        return bytes;
    }

    /**
     * The precision whose safetensors dtype is {@code dtype}.
     *
     * @param dtype a safetensors dtype name
     * @return the precision
     * @throws IllegalArgumentException if no precision stores weights as {@code dtype}
     */
    public static Precision ofSafetensorsDtype(String dtype) {
        for (Precision p : values()) {
            if (p.safetensorsDtype.equals(dtype)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no quantized precision stores weights as " + dtype + " (BF16, F16 or I8)");
    }
}
