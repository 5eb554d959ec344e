package dev.lanes.nn;

/** The element type of a {@link Tensor}: the two the kernels compute in. */
public enum DType {
    /** 32-bit IEEE 754, stored in a {@code float[]}; safetensors "F32", PyTorch {@code torch.float32}. */
    F32(4),
    /** 64-bit IEEE 754, stored in a {@code double[]}; safetensors "F64", PyTorch {@code torch.float64}. */
    F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Bytes per element.
     *
     * @return 4 for F32, 8 for F64, as stored in a model file
     */
    public int bytes() {
        return bytes;
    }
}
