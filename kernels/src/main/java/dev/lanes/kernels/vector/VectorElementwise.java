package dev.lanes.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * The element-wise arithmetic of a layer and its update: bias-add, {@code axpy}, {@code scale} and Adam.
 *
 * <p>Each loop runs whole vectors up to {@code loopBound} and finishes with one masked vector. Every element is
 * computed with the same operations in the same order as the scalar reference (a product and a sum, never a
 * fused multiply-add), so the results are bit-identical to it.
 */
final class VectorElementwise {
    private VectorElementwise() {
    }

    // =============================================== float ===============================================

    static void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
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

    static void axpy(int n, float alpha, float[] x, float[] y) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector.fromArray(FLOATS, x, i).mul(alpha).add(FloatVector.fromArray(FLOATS, y, i)).intoArray(y, i);
        }
        if (i < n) {
            VectorMask<Float> tail = FLOATS.indexInRange(i, n);
            FloatVector.fromArray(FLOATS, x, i, tail).mul(alpha).add(FloatVector.fromArray(FLOATS, y, i, tail)).intoArray(y, i, tail);
        }
    }

    static void scale(int n, float alpha, float[] x) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector.fromArray(FLOATS, x, i).mul(alpha).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> tail = FLOATS.indexInRange(i, n);
            FloatVector.fromArray(FLOATS, x, i, tail).mul(alpha).intoArray(x, i, tail);
        }
    }

    static void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                         float learningRate, float beta1, float beta2, float epsilon, int step) {
        // The bias corrections exactly as the scalar reference computes them, so the update is bit-identical.
        float stepSize = (float) (learningRate / (1 - Math.pow(beta1, step)));
        float sqrtCorrection2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        int lanes = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += lanes) {
            FloatVector g = FloatVector.fromArray(FLOATS, grad, i);
            FloatVector mi = FloatVector.fromArray(FLOATS, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(FLOATS, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            FloatVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector.fromArray(FLOATS, param, i).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i);
        }
        if (i < n) {
            VectorMask<Float> tail = FLOATS.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(FLOATS, grad, i, tail);
            FloatVector mi = FloatVector.fromArray(FLOATS, m, i, tail).mul(beta1).add(g.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(FLOATS, v, i, tail).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            FloatVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i, tail);
            vi.intoArray(v, i, tail);
            FloatVector.fromArray(FLOATS, param, i, tail).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i, tail);
        }
    }

    // =============================================== double ==============================================

    static void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
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

    static void axpy(int n, double alpha, double[] x, double[] y) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector.fromArray(DOUBLES, x, i).mul(alpha).add(DoubleVector.fromArray(DOUBLES, y, i)).intoArray(y, i);
        }
        if (i < n) {
            VectorMask<Double> tail = DOUBLES.indexInRange(i, n);
            DoubleVector.fromArray(DOUBLES, x, i, tail).mul(alpha).add(DoubleVector.fromArray(DOUBLES, y, i, tail)).intoArray(y, i, tail);
        }
    }

    static void scale(int n, double alpha, double[] x) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector.fromArray(DOUBLES, x, i).mul(alpha).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Double> tail = DOUBLES.indexInRange(i, n);
            DoubleVector.fromArray(DOUBLES, x, i, tail).mul(alpha).intoArray(x, i, tail);
        }
    }

    static void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        double stepSize = learningRate / (1 - Math.pow(beta1, step));
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, step));
        double oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        int lanes = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += lanes) {
            DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, i);
            DoubleVector mi = DoubleVector.fromArray(DOUBLES, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            DoubleVector vi = DoubleVector.fromArray(DOUBLES, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            DoubleVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            DoubleVector.fromArray(DOUBLES, param, i).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i);
        }
        if (i < n) {
            VectorMask<Double> tail = DOUBLES.indexInRange(i, n);
            DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, i, tail);
            DoubleVector mi = DoubleVector.fromArray(DOUBLES, m, i, tail).mul(beta1).add(g.mul(oneMinusBeta1));
            DoubleVector vi = DoubleVector.fromArray(DOUBLES, v, i, tail).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            DoubleVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i, tail);
            vi.intoArray(v, i, tail);
            DoubleVector.fromArray(DOUBLES, param, i, tail).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i, tail);
        }
    }
}
