package dev.lanes.kernels;

/** The element-wise function a fused GEMM applies to each element of C before it is stored. */
public enum Activation {
    /** Store the value as computed. */
    IDENTITY,
    /** Store max(value, 0); NaN stays NaN. */
    RELU
}
