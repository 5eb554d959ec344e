package dev.lanes.kernels;

/** The element-wise function a fused GEMM applies to each element of C before it is stored. */
public enum Activation {
    /** Store the value as computed. */
    IDENTITY,
    /** Store max(value, 0); NaN stays NaN. */
    RELU,
    /** Store GELU's exact form value·Φ(value), the bits {@link Kernels#gelu(int, float[], float[])} gives. */
    GELU,
    /** Store GELU's tanh approximation, the bits {@link Kernels#geluTanh(int, float[], float[])} gives. */
    GELU_TANH
}
