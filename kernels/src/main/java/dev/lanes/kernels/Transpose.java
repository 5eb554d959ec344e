package dev.lanes.kernels;

/** Whether GEMM reads an operand as stored or transposed, as BLAS's {@code 'N'} and {@code 'T'}. */
public enum Transpose {
    /** op(X) = X: the operand is stored with the shape op(X) has. */
    NONE,
    /** op(X) = Xᵀ: the operand is stored with rows and columns swapped. */
    TRANSPOSE
}
