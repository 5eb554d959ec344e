package dev.lanes.kernels.vector;

import dev.lanes.kernels.spi.Elementwise;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * The element-wise arithmetic of a layer: bias-add, {@code axpy} and {@code scale} (Adam is {@link VectorOptimizerSteps}).
 *
 * <p>Each loop runs whole vectors up to {@code loopBound} and finishes with one masked vector. Every element is
 * computed with the same operations in the same order as the scalar reference (a product and a sum, never a
 * fused multiply-add), so the results are bit-identical to it.
 */
final class VectorElementwise implements Elementwise {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    @Override
    public void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            for (; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, x, row + j).add(FloatVector.fromArray(FLOATS, bias, j)).intoArray(out, row + j);
            }
            if (j < cols) {
                VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
                FloatVector.fromArray(FLOATS, x, row + j, tail).add(FloatVector.fromArray(FLOATS, bias, j, tail))
                        .intoArray(out, row + j, tail);
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, float[] y) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector.fromArray(FLOATS, x, i).mul(alpha).add(FloatVector.fromArray(FLOATS, y, i)).intoArray(y, i);
        }
        if (i < n) {
            VectorMask<Float> tail = FLOATS.indexInRange(i, n);
            FloatVector.fromArray(FLOATS, x, i, tail).mul(alpha).add(FloatVector.fromArray(FLOATS, y, i, tail)).intoArray(y, i, tail);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector.fromArray(FLOATS, x, i).mul(alpha).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> tail = FLOATS.indexInRange(i, n);
            FloatVector.fromArray(FLOATS, x, i, tail).mul(alpha).intoArray(x, i, tail);
        }
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    @Override
    public void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            for (; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, x, row + j).add(DoubleVector.fromArray(DOUBLES, bias, j)).intoArray(out, row + j);
            }
            if (j < cols) {
                VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
                DoubleVector.fromArray(DOUBLES, x, row + j, tail).add(DoubleVector.fromArray(DOUBLES, bias, j, tail))
                        .intoArray(out, row + j, tail);
            }
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector.fromArray(DOUBLES, x, i).mul(alpha).add(DoubleVector.fromArray(DOUBLES, y, i)).intoArray(y, i);
        }
        if (i < n) {
            VectorMask<Double> tail = DOUBLES.indexInRange(i, n);
            DoubleVector.fromArray(DOUBLES, x, i, tail).mul(alpha).add(DoubleVector.fromArray(DOUBLES, y, i, tail)).intoArray(y, i, tail);
        }
    }

    @Override
    public void scale(int n, double alpha, double[] x) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector.fromArray(DOUBLES, x, i).mul(alpha).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Double> tail = DOUBLES.indexInRange(i, n);
            DoubleVector.fromArray(DOUBLES, x, i, tail).mul(alpha).intoArray(x, i, tail);
        }
    }

    // ---- end of generated double half ----
}
