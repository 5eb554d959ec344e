package dev.lanes.kernels;

/**
 * A matrix op(B), k × n, packed once by {@link Kernels#pack(Transpose, int, int, float[], int, int) Kernels.pack} into
 * the layout that kernels' GEMM multiplies, for a B multiplied many times — a layer's weights at inference — so that
 * {@link Kernels#gemm(Transpose, int, float, float[], int, int, PackedMatrix, float, float[], int, int, float[], Activation)
 * the packed GEMM} skips the packing a plain {@code gemm} does at every call (as BLAS libraries' {@code sgemm_pack} and
 * {@code sgemm_compute}, or ONNX Runtime's weights packed at session creation). It holds a copy: later changes to B do
 * not reach it, so pack again after changing B. Opaque and immutable; it holds floats or doubles, as B did, and only
 * kernels of the same provider multiply it.
 */
public final class PackedMatrix {

    private final Class<?> layout;
    private final int k;
    private final int n;
    private final float[] floats;
    private final double[] doubles;

    PackedMatrix(Class<?> layout, int k, int n, float[] floats, double[] doubles) {
        this.layout = layout;
        this.k = k;
        this.n = n;
        this.floats = floats;
        this.doubles = doubles;
    }

    /**
     * The rows of op(B): the inner dimension of the products it takes part in.
     *
     * @return k
     */
    public int rows() {
        return k;
    }

    /**
     * The columns of op(B), and so of C.
     *
     * @return n
     */
    public int columns() {
        return n;
    }

    /**
     * Whether it holds doubles (packed from a double[] B) rather than floats.
     *
     * @return true for a double matrix
     */
    public boolean isDouble() {
        return doubles != null;
    }

    /** The GEMM implementation whose layout this is. */
    Class<?> layout() {
        return layout;
    }

    float[] floats() {
        return floats;
    }

    double[] doubles() {
        return doubles;
    }

    @Override
    public String toString() {
        return "PackedMatrix[" + k + " × " + n + (doubles != null ? ", double" : ", float") + "]";
    }
}
