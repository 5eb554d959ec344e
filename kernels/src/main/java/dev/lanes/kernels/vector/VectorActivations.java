package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.spi.Activations;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * ReLU and sigmoid, forward and backward.
 *
 * <p>Each loop runs whole vectors up to {@code loopBound}; ReLU, its mask and both backward passes then finish with
 * the scalar reference's loop, not a masked vector (why: {@link VectorElementwise}). ReLU, its mask and
 * both backward passes are bit-identical to the scalar reference: {@code MAX} is specified as {@link Math#max}
 * (NaN stays NaN, max(−0, 0) = +0), and a comparison with NaN is false, giving 0 as the contract asks. Sigmoid
 * is the reference's 1 / (1 + e^−x) with e^x from {@link VectorMath#exp}, which may be 1 ulp away from the
 * reference's {@link Math#exp}; it saturates to exactly 0 and 1 the same way.
 */
final class VectorActivations implements Activations {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    @Override
    public void relu(int n, float[] x, float[] out) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector.fromArray(FLOATS, x, i).lanewise(VectorOperators.MAX, 0f).intoArray(out, i);
        }
        ScalarKernels.relu(i, n, x, out);
    }

    @Override
    public void reluMask(int n, float[] x, float[] mask) {
        FloatVector zero = FloatVector.zero(FLOATS), one = FloatVector.broadcast(FLOATS, 1f);
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            zero.blend(one, FloatVector.fromArray(FLOATS, x, i).compare(VectorOperators.GT, 0f)).intoArray(mask, i);
        }
        ScalarKernels.reluMask(i, n, x, mask);
    }

    @Override
    public void reluBackward(int n, float[] x, float[] dy, float[] dx) {
        FloatVector zero = FloatVector.zero(FLOATS);
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            VectorMask<Float> positive = FloatVector.fromArray(FLOATS, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(FLOATS, dy, i), positive).intoArray(dx, i);
        }
        ScalarKernels.reluBackward(i, n, x, dy, dx);
    }

    /** Masked on every vector, not only the tail, so that there is one copy of e^x (as in VectorMath.expAndSum). */
    @Override
    public void sigmoid(int n, float[] x, float[] out) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector e = VectorMath.exp(FloatVector.fromArray(FLOATS, x, i, lanes).neg());
            one.div(one.add(e)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, float[] dy, float[] dx) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector yi = FloatVector.fromArray(FLOATS, y, i);
            FloatVector.fromArray(FLOATS, dy, i).mul(yi).mul(one.sub(yi)).intoArray(dx, i);
        }
        ScalarKernels.sigmoidBackward(i, n, y, dy, dx);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    @Override
    public void relu(int n, double[] x, double[] out) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector.fromArray(DOUBLES, x, i).lanewise(VectorOperators.MAX, 0d).intoArray(out, i);
        }
        ScalarKernels.relu(i, n, x, out);
    }

    @Override
    public void reluMask(int n, double[] x, double[] mask) {
        DoubleVector zero = DoubleVector.zero(DOUBLES), one = DoubleVector.broadcast(DOUBLES, 1d);
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            zero.blend(one, DoubleVector.fromArray(DOUBLES, x, i).compare(VectorOperators.GT, 0d)).intoArray(mask, i);
        }
        ScalarKernels.reluMask(i, n, x, mask);
    }

    @Override
    public void reluBackward(int n, double[] x, double[] dy, double[] dx) {
        DoubleVector zero = DoubleVector.zero(DOUBLES);
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            VectorMask<Double> positive = DoubleVector.fromArray(DOUBLES, x, i).compare(VectorOperators.GT, 0d);
            zero.blend(DoubleVector.fromArray(DOUBLES, dy, i), positive).intoArray(dx, i);
        }
        ScalarKernels.reluBackward(i, n, x, dy, dx);
    }

    /** Masked on every vector, not only the tail, so that there is one copy of e^x (as in VectorMath.expAndSum). */
    @Override
    public void sigmoid(int n, double[] x, double[] out) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector e = VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, i, lanes).neg());
            one.div(one.add(e)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void sigmoidBackward(int n, double[] y, double[] dy, double[] dx) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector yi = DoubleVector.fromArray(DOUBLES, y, i);
            DoubleVector.fromArray(DOUBLES, dy, i).mul(yi).mul(one.sub(yi)).intoArray(dx, i);
        }
        ScalarKernels.sigmoidBackward(i, n, y, dy, dx);
    }

    // ---- end of generated double half ----
}
