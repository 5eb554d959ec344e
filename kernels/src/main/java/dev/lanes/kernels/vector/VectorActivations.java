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

    /** √(2/π) and the cubic coefficient of PyTorch's tanh approximation of GELU, in this half's precision. */
    private static final float FLOAT_SQRT_2_OVER_PI = 0.7978845608028654f, FLOAT_GELU_TANH_CUBIC = 0.044715f;

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

    @Override
    public void tanh(int n, float[] x, float[] out) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), a = xi.abs();
            // tanh|x| = e/(e + 2) with e = e^2|x| − 1 (2|x| is exact), accurate near 0; from |x| = 20 on it rounds
            // to 1 in both precisions, and e may be ∞ (∞/∞ would be NaN).
            FloatVector e = VectorMath.expm1(a.mul(2f));
            FloatVector t = e.div(e.add(2f)).blend(1f, a.compare(VectorOperators.GT, 20f));
            t.blend(t.neg(), xi.compare(VectorOperators.LT, 0f)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, float[] dy, float[] dx) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector yi = FloatVector.fromArray(FLOATS, y, i);
            FloatVector.fromArray(FLOATS, dy, i).mul(one.sub(yi.mul(yi))).intoArray(dx, i);
        }
        ScalarKernels.tanhBackward(i, n, y, dy, dx);
    }

    @Override
    public void geluTanh(int n, float[] x, float[] out) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes);
            FloatVector twiceInner = xi.mul(xi).mul(xi).mul(FLOAT_GELU_TANH_CUBIC).add(xi).mul(2f * FLOAT_SQRT_2_OVER_PI);
            xi.mul(sigmoid(twiceInner)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void geluTanhBackward(int n, float[] x, float[] dy, float[] dx) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), x2 = xi.mul(xi);
            FloatVector twiceInner = x2.mul(xi).mul(FLOAT_GELU_TANH_CUBIC).add(xi).mul(2f * FLOAT_SQRT_2_OVER_PI);
            FloatVector e = VectorMath.exp(twiceInner.abs().neg()), p = one.div(one.add(e)), q = e.div(one.add(e));
            VectorMask<Float> nonNegative = twiceInner.compare(VectorOperators.GE, 0f);
            FloatVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            FloatVector slope = x2.mul(3f * FLOAT_GELU_TANH_CUBIC).add(1f).mul(2f * FLOAT_SQRT_2_OVER_PI);
            FloatVector derivative = xi.mul(s).mul(oneMinusS).mul(slope).add(s);
            FloatVector.fromArray(FLOATS, dy, i, lanes).mul(derivative).intoArray(dx, i, lanes);
        }
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, float[] out) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i);
            xi.mul(slope).blend(xi, xi.compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
        ScalarKernels.leakyRelu(i, n, slope, x, out);
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, float[] dy, float[] dx) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector dyi = FloatVector.fromArray(FLOATS, dy, i);
            VectorMask<Float> positive = FloatVector.fromArray(FLOATS, x, i).compare(VectorOperators.GT, 0f);
            dyi.mul(slope).blend(dyi, positive).intoArray(dx, i);
        }
        ScalarKernels.leakyReluBackward(i, n, slope, x, dy, dx);
    }

    @Override
    public void elu(int n, float alpha, float[] x, float[] out) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes);
            VectorMath.expm1(xi).mul(alpha).blend(xi, xi.compare(VectorOperators.GT, 0f)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void eluBackward(int n, float alpha, float[] x, float[] dy, float[] dx) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), dyi = FloatVector.fromArray(FLOATS, dy, i, lanes);
            dyi.mul(VectorMath.exp(xi).mul(alpha)).blend(dyi, xi.compare(VectorOperators.GT, 0f)).intoArray(dx, i, lanes);
        }
    }

    @Override
    public void silu(int n, float[] x, float[] out) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes);
            xi.mul(sigmoid(xi)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void siluBackward(int n, float[] x, float[] dy, float[] dx) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes);
            FloatVector e = VectorMath.exp(xi.abs().neg()), p = one.div(one.add(e)), q = e.div(one.add(e));
            VectorMask<Float> nonNegative = xi.compare(VectorOperators.GE, 0f);
            FloatVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            FloatVector derivative = xi.mul(oneMinusS).add(1f).mul(s);
            FloatVector.fromArray(FLOATS, dy, i, lanes).mul(derivative).intoArray(dx, i, lanes);
        }
    }

    @Override
    public void softplus(int n, float beta, float threshold, float[] x, float[] out) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), z = xi.mul(beta);
            // (max(z, 0) + log(1 + e^−|z|)) / β: e^−|z| is in [0, 1], so nothing overflows.
            FloatVector smooth = VectorMath.log1pUnit(VectorMath.exp(z.abs().neg()))
                    .add(z.lanewise(VectorOperators.MAX, 0f)).div(beta);
            smooth.blend(xi, z.compare(VectorOperators.GT, threshold)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void softplusBackward(int n, float beta, float threshold, float[] x, float[] dy, float[] dx) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector dyi = FloatVector.fromArray(FLOATS, dy, i, lanes), z = FloatVector.fromArray(FLOATS, x, i, lanes).mul(beta);
            dyi.mul(sigmoid(z)).blend(dyi, z.compare(VectorOperators.GT, threshold)).intoArray(dx, i, lanes);
        }
    }

    /**
     * σ(z) from e^−|z|, which never overflows: 1/(1 + e) for z ≥ 0, e/(1 + e) below (NaN for NaN). Where e^−|z|
     * flushes to 0 (|z| &gt; 87 in float, 708 in double) σ(z) is 0 for negative z, short of the true value by less
     * than 1.7·10⁻³⁸ (float) or 3.3·10⁻³⁰⁸ (double).
     */
    private static FloatVector sigmoid(FloatVector z) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f), e = VectorMath.exp(z.abs().neg());
        return e.div(one.add(e)).blend(one.div(one.add(e)), z.compare(VectorOperators.GE, 0f));
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** √(2/π) and the cubic coefficient of PyTorch's tanh approximation of GELU, in this half's precision. */
    private static final double DOUBLE_SQRT_2_OVER_PI = 0.7978845608028654d, DOUBLE_GELU_TANH_CUBIC = 0.044715d;

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

    @Override
    public void tanh(int n, double[] x, double[] out) {
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes), a = xi.abs();
            // tanh|x| = e/(e + 2) with e = e^2|x| − 1 (2|x| is exact), accurate near 0; from |x| = 20 on it rounds
            // to 1 in both precisions, and e may be ∞ (∞/∞ would be NaN).
            DoubleVector e = VectorMath.expm1(a.mul(2d));
            DoubleVector t = e.div(e.add(2d)).blend(1d, a.compare(VectorOperators.GT, 20d));
            t.blend(t.neg(), xi.compare(VectorOperators.LT, 0d)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void tanhBackward(int n, double[] y, double[] dy, double[] dx) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector yi = DoubleVector.fromArray(DOUBLES, y, i);
            DoubleVector.fromArray(DOUBLES, dy, i).mul(one.sub(yi.mul(yi))).intoArray(dx, i);
        }
        ScalarKernels.tanhBackward(i, n, y, dy, dx);
    }

    @Override
    public void geluTanh(int n, double[] x, double[] out) {
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes);
            DoubleVector twiceInner = xi.mul(xi).mul(xi).mul(DOUBLE_GELU_TANH_CUBIC).add(xi).mul(2d * DOUBLE_SQRT_2_OVER_PI);
            xi.mul(sigmoid(twiceInner)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void geluTanhBackward(int n, double[] x, double[] dy, double[] dx) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes), x2 = xi.mul(xi);
            DoubleVector twiceInner = x2.mul(xi).mul(DOUBLE_GELU_TANH_CUBIC).add(xi).mul(2d * DOUBLE_SQRT_2_OVER_PI);
            DoubleVector e = VectorMath.exp(twiceInner.abs().neg()), p = one.div(one.add(e)), q = e.div(one.add(e));
            VectorMask<Double> nonNegative = twiceInner.compare(VectorOperators.GE, 0d);
            DoubleVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            DoubleVector slope = x2.mul(3d * DOUBLE_GELU_TANH_CUBIC).add(1d).mul(2d * DOUBLE_SQRT_2_OVER_PI);
            DoubleVector derivative = xi.mul(s).mul(oneMinusS).mul(slope).add(s);
            DoubleVector.fromArray(DOUBLES, dy, i, lanes).mul(derivative).intoArray(dx, i, lanes);
        }
    }

    @Override
    public void leakyRelu(int n, double slope, double[] x, double[] out) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i);
            xi.mul(slope).blend(xi, xi.compare(VectorOperators.GT, 0d)).intoArray(out, i);
        }
        ScalarKernels.leakyRelu(i, n, slope, x, out);
    }

    @Override
    public void leakyReluBackward(int n, double slope, double[] x, double[] dy, double[] dx) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector dyi = DoubleVector.fromArray(DOUBLES, dy, i);
            VectorMask<Double> positive = DoubleVector.fromArray(DOUBLES, x, i).compare(VectorOperators.GT, 0d);
            dyi.mul(slope).blend(dyi, positive).intoArray(dx, i);
        }
        ScalarKernels.leakyReluBackward(i, n, slope, x, dy, dx);
    }

    @Override
    public void elu(int n, double alpha, double[] x, double[] out) {
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes);
            VectorMath.expm1(xi).mul(alpha).blend(xi, xi.compare(VectorOperators.GT, 0d)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void eluBackward(int n, double alpha, double[] x, double[] dy, double[] dx) {
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes), dyi = DoubleVector.fromArray(DOUBLES, dy, i, lanes);
            dyi.mul(VectorMath.exp(xi).mul(alpha)).blend(dyi, xi.compare(VectorOperators.GT, 0d)).intoArray(dx, i, lanes);
        }
    }

    @Override
    public void silu(int n, double[] x, double[] out) {
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes);
            xi.mul(sigmoid(xi)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void siluBackward(int n, double[] x, double[] dy, double[] dx) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes);
            DoubleVector e = VectorMath.exp(xi.abs().neg()), p = one.div(one.add(e)), q = e.div(one.add(e));
            VectorMask<Double> nonNegative = xi.compare(VectorOperators.GE, 0d);
            DoubleVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            DoubleVector derivative = xi.mul(oneMinusS).add(1d).mul(s);
            DoubleVector.fromArray(DOUBLES, dy, i, lanes).mul(derivative).intoArray(dx, i, lanes);
        }
    }

    @Override
    public void softplus(int n, double beta, double threshold, double[] x, double[] out) {
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes), z = xi.mul(beta);
            // (max(z, 0) + log(1 + e^−|z|)) / β: e^−|z| is in [0, 1], so nothing overflows.
            DoubleVector smooth = VectorMath.log1pUnit(VectorMath.exp(z.abs().neg()))
                    .add(z.lanewise(VectorOperators.MAX, 0d)).div(beta);
            smooth.blend(xi, z.compare(VectorOperators.GT, threshold)).intoArray(out, i, lanes);
        }
    }

    @Override
    public void softplusBackward(int n, double beta, double threshold, double[] x, double[] dy, double[] dx) {
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector dyi = DoubleVector.fromArray(DOUBLES, dy, i, lanes), z = DoubleVector.fromArray(DOUBLES, x, i, lanes).mul(beta);
            dyi.mul(sigmoid(z)).blend(dyi, z.compare(VectorOperators.GT, threshold)).intoArray(dx, i, lanes);
        }
    }

    /**
     * σ(z) from e^−|z|, which never overflows: 1/(1 + e) for z ≥ 0, e/(1 + e) below (NaN for NaN). Where e^−|z|
     * flushes to 0 (|z| &gt; 87 in double, 708 in double) σ(z) is 0 for negative z, short of the true value by less
     * than 1.7·10⁻³⁸ (double) or 3.3·10⁻³⁰⁸ (double).
     */
    private static DoubleVector sigmoid(DoubleVector z) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d), e = VectorMath.exp(z.abs().neg());
        return e.div(one.add(e)).blend(one.div(one.add(e)), z.compare(VectorOperators.GE, 0d));
    }

    // ---- end of generated double half ----

    // ---- GELU, exact form: float only (the double versions are the scalar reference's, the SPI's defaults) ----

    /*
     * Φ(x) needs erf, which neither Java nor the Vector API has. For a = |x|, the tail Φ(−a) = ½·erfc(a/√2) is
     * written q = t·e^(−a²/2)·e^P(s), t = 1/(1 + 0.3536a), s = 2t − 1 ∈ (−1, 1], where P, of degree 11, is a least
     * squares fit of log(q/t) + a²/2 (a smooth function of t on (0, 1], tending to log(0.3536/√(2π)) as a → ∞) at
     * 1000 Chebyshev nodes, against 40-digit values of erfc (mpmath; the script is kept in
     * kernels/scripts/fit_normal_tail.py). The fit is within 1.1·10⁻⁸ (0.2u) of log(q/t) + a²/2, so within 0.2u
     * relative of q, at every a. a² is split exactly into hi + lo (a fused multiply-add) and e^(−a²/2) formed as
     * e^(−hi/2)·e^(P − lo/2), so the large argument of exp is exact: one e^(−a²/2 + P) would carry u·a²/2 of
     * relative error (80u at a = 13). Relative error of q from the arithmetic: t (2u), Horner's rule on P in float
     * (11 steps, each within u of partial sums bounded by Σ|cᵢ| = 2.15, against |P| ≥ 1.36: 17u absolute in P, so
     * 17u relative in q), two exps (2u each) and two products (2u): 25u; measured 6.5u. Then Φ(x) = q for x &lt; 0,
     * else 1 − q (no cancellation: q ≤ ½), and GELU = x·Φ(x). Below 1.7·10⁻³⁸ e^(−hi/2) is flushed to 0 (see
     * VectorMath.exp), so Φ(x) = 0 from x ≈ −13.2 where the true value is below that.
     */
    private static final float[] NORMAL_TAIL_FIT = {
            -1.3648310899734497f, 0.6725834608078003f, 0.04729028791189194f, -0.046902481466531754f,
            -0.009867869317531586f, 0.00881213415414095f, 0.001790217706002295f, -0.002289586467668414f,
            -0.0002267280942760408f, 0.0005738841136917472f, 7.786932656017598e-06f, -8.728636021260172e-05f};
    private static final float NORMAL_TAIL_SCALE = 0.3536f, INV_SQRT_2PI = 0.3989422804014327f;

    @Override
    public void gelu(int n, float[] x, float[] out) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), a = xi.abs(), hi = a.mul(a);
            FloatVector q = normalTail(a, hi, VectorMath.exp(hi.mul(-0.5f)));
            xi.mul(q.neg().add(1f).blend(q, xi.compare(VectorOperators.LT, 0f))).intoArray(out, i, lanes);
        }
    }

    @Override
    public void geluBackward(int n, float[] x, float[] dy, float[] dx) {
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), a = xi.abs(), hi = a.mul(a);
            FloatVector gaussianHi = VectorMath.exp(hi.mul(-0.5f)), q = normalTail(a, hi, gaussianHi);
            FloatVector cdf = q.neg().add(1f).blend(q, xi.compare(VectorOperators.LT, 0f));
            // φ(x) = e^(−hi/2)·e^(−lo/2)/√(2π), with e^(−lo/2) = 1 − lo/2 to within lo²/8 (|lo| ≤ u·a²).
            FloatVector lo = a.fma(a, hi.neg());
            FloatVector density = gaussianHi.mul(lo.mul(-0.5f).add(1f)).mul(INV_SQRT_2PI);
            FloatVector.fromArray(FLOATS, dy, i, lanes).mul(xi.fma(density, cdf)).intoArray(dx, i, lanes);
        }
    }

    /** Φ(−a) for a = |x| ≥ 0, given hi = a·a (rounded) and e^(−hi/2); see above. */
    private static FloatVector normalTail(FloatVector a, FloatVector hi, FloatVector gaussianHi) {
        FloatVector t = FloatVector.broadcast(FLOATS, 1f).div(a.fma(NORMAL_TAIL_SCALE, 1f));
        FloatVector s = t.fma(2f, -1f);
        FloatVector p = FloatVector.broadcast(FLOATS, NORMAL_TAIL_FIT[NORMAL_TAIL_FIT.length - 1]);
        for (int k = NORMAL_TAIL_FIT.length - 2; k >= 0; k--) {
            p = p.lanewise(VectorOperators.FMA, s, NORMAL_TAIL_FIT[k]);
        }
        FloatVector lo = a.fma(a, hi.neg());
        // Where e^(−hi/2) is flushed to 0 (a > 13.2, and a = ∞, whose lo is NaN), so is the tail.
        return t.mul(gaussianHi).mul(VectorMath.exp(lo.mul(-0.5f).add(p))).blend(0f, gaussianHi.compare(VectorOperators.EQ, 0f));
    }
}
