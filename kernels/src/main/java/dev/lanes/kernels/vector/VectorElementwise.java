package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.spi.Elementwise;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * The element-wise arithmetic of a layer: bias-add, {@code axpy} and {@code scale} (Adam is {@link VectorOptimizerSteps}).
 *
 * <p>Each loop runs whole vectors up to {@code loopBound} and hands the elements after them (fewer than a vector)
 * to the scalar reference's own loop ({@link ScalarKernels}, from that index), not to a masked vector. A masked
 * access whose vector reaches past the end of the array (a 10-element bias with 8 or 16 lanes) takes the Vector
 * API's lane-by-lane bounds check, {@code AbstractMask.checkIndexByLane}; in compiled code that depends on inlining
 * decisions this kept its mask and a {@code boolean[]} on the heap: 288 bytes per training step in some JVMs,
 * in all of them under {@code -Xbatch} (issue 11). A scalar loop allocates nothing whatever the compiler decides,
 * and costs a few scalar operations on at most L − 1 elements. Every element is computed with the same operations
 * in the same order as the scalar reference (a product and a sum, never a fused multiply-add), so the results are
 * bit-identical to it, vector lanes and tail alike.
 *
 * <p>{@code axpy}, plain SGD's update, is cut between threads as the optimisers' updates are
 * ({@link VectorOptimizerSteps}, {@link FloatUpdateJob}).
 */
final class VectorElementwise implements Elementwise {

    private final int threads;

    /** Operations that may use up to {@code threads} threads per call (at least 1): axpy only. */
    VectorElementwise(int threads) {
        this.threads = threads;
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    @Override
    public void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, x, row + j).add(FloatVector.fromArray(FLOATS, bias, j)).intoArray(out, row + j);
            }
        }
        ScalarKernels.addBias(rows, bound, cols, x, bias, out);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, float[] y) {
        FloatUpdateJob.axpy(threads, n, alpha, x, y);
    }

    /** axpy of the elements [from, to); from is a whole number of vectors. */
    static void axpy(int from, int to, float alpha, float[] x, float[] y) {
        int step = FLOATS.length(), i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += step) {
            FloatVector.fromArray(FLOATS, x, i).mul(alpha).add(FloatVector.fromArray(FLOATS, y, i)).intoArray(y, i);
        }
        ScalarKernels.axpy(i, to, alpha, x, y);
    }

    @Override
    public void scale(int n, float alpha, float[] x) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector.fromArray(FLOATS, x, i).mul(alpha).intoArray(x, i);
        }
        ScalarKernels.scale(i, n, alpha, x);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    @Override
    public void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, x, row + j).add(DoubleVector.fromArray(DOUBLES, bias, j)).intoArray(out, row + j);
            }
        }
        ScalarKernels.addBias(rows, bound, cols, x, bias, out);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        DoubleUpdateJob.axpy(threads, n, alpha, x, y);
    }

    /** axpy of the elements [from, to); from is a whole number of vectors. */
    static void axpy(int from, int to, double alpha, double[] x, double[] y) {
        int step = DOUBLES.length(), i = from;
        for (int bound = from + DOUBLES.loopBound(to - from); i < bound; i += step) {
            DoubleVector.fromArray(DOUBLES, x, i).mul(alpha).add(DoubleVector.fromArray(DOUBLES, y, i)).intoArray(y, i);
        }
        ScalarKernels.axpy(i, to, alpha, x, y);
    }

    @Override
    public void scale(int n, double alpha, double[] x) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector.fromArray(DOUBLES, x, i).mul(alpha).intoArray(x, i);
        }
        ScalarKernels.scale(i, n, alpha, x);
    }

    // ---- end of generated double half ----
}
