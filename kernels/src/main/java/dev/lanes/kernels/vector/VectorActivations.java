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
 * The activations, forward and backward: ReLU, sigmoid, tanh, GELU (both forms; the arithmetic of its forward
 * pass is {@link VectorGelu}'s, shared with the GEMM's fused epilogue), leaky ReLU, ELU, SiLU and softplus.
 *
 * <p>Every loop runs whole vectors up to {@code loopBound} and finishes with the scalar reference's loop, not a
 * masked vector (why: {@link VectorElementwise}). Loops of pure selections and single operations (ReLU, leaky ReLU,
 * their masks and backward passes; the backward passes of sigmoid and tanh) are then bit-identical to the reference:
 * {@code MAX} is specified as {@link Math#max} (NaN stays NaN, max(−0, 0) = +0), and a comparison with NaN is
 * false, giving 0 as the contract asks. The others use e^x from {@link VectorMath} (and its expm1, log1p and
 * sigmoid), each within a few ulp of the reference, as the conformance suite's bounds derive, and saturating the same
 * way; their last n mod L elements are the reference's own values. (They used to mask every vector instead, so that
 * the arithmetic had one copy; the reference's tail keeps one copy too, and the masks cost 10–27% in a probe: ELU
 * forward 397 → 355 µs, its backward 263 → 192, SiLU's backward 394 → 327 on 2²⁰ floats.) GELU's exact form and the
 * forward of its tanh form are {@link VectorGelu}'s, lane by lane, since the GEMM's fused epilogue must give their bits.
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
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(FLOATS, x, i).neg());
            one.div(one.add(e)).intoArray(out, i);
        }
        ScalarKernels.sigmoid(i, n, x, out);
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
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i), a = xi.abs();
            // tanh|x| = e/(e + 2) with e = e^2|x| − 1 (2|x| is exact), accurate near 0; from |x| = 20 on it rounds
            // to 1 in both precisions, and e may be ∞ (∞/∞ would be NaN).
            FloatVector e = VectorMath.expm1(a.mul(2f));
            FloatVector t = e.div(e.add(2f)).blend(1f, a.compare(VectorOperators.GT, 20f));
            t.blend(t.neg(), xi.compare(VectorOperators.LT, 0f)).intoArray(out, i);
        }
        ScalarKernels.tanh(i, n, x, out);
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
        VectorGelu.geluTanh(x, out, 0, n);
    }

    @Override
    public void geluTanhBackward(int n, float[] x, float[] dy, float[] dx) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i), x2 = xi.mul(xi);
            FloatVector twiceInner = x2.mul(xi).mul(VectorGelu.FLOAT_GELU_TANH_CUBIC).add(xi).mul(2f * VectorGelu.FLOAT_SQRT_2_OVER_PI);
            // σ(|w|) = p = 1/(1 + e) and σ(−|w|) = q = e·p: one division (see VectorMath.sigmoid).
            FloatVector e = VectorMath.exp(twiceInner.abs().neg()), p = one.div(one.add(e)), q = e.mul(p);
            VectorMask<Float> nonNegative = twiceInner.compare(VectorOperators.GE, 0f);
            FloatVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            // x² capped at 10⁸ in the slope: beyond |x| = 10⁴, s(1 − s) is 0 and the slope only needs to be finite,
            // or x·s(1 − s)·w′ would be 0·∞ = NaN where x² overflows (|x| > 1.8·10¹⁹ in float); ±∞ stays NaN, as in the
            // reference.
            FloatVector slope = x2.lanewise(VectorOperators.MIN, 1e8f).mul(3f * VectorGelu.FLOAT_GELU_TANH_CUBIC).add(1f)
                    .mul(2f * VectorGelu.FLOAT_SQRT_2_OVER_PI);
            FloatVector derivative = xi.mul(s).mul(oneMinusS).mul(slope).add(s);
            FloatVector.fromArray(FLOATS, dy, i).mul(derivative).intoArray(dx, i);
        }
        ScalarKernels.geluTanhBackward(i, n, x, dy, dx);
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
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i);
            VectorMath.expm1(xi).mul(alpha).blend(xi, xi.compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
        ScalarKernels.elu(i, n, alpha, x, out);
    }

    @Override
    public void eluBackward(int n, float alpha, float[] x, float[] dy, float[] dx) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i), dyi = FloatVector.fromArray(FLOATS, dy, i);
            dyi.mul(VectorMath.exp(xi).mul(alpha)).blend(dyi, xi.compare(VectorOperators.GT, 0f)).intoArray(dx, i);
        }
        ScalarKernels.eluBackward(i, n, alpha, x, dy, dx);
    }

    @Override
    public void silu(int n, float[] x, float[] out) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i);
            // x/(1 + e^−x): one division and no σ to assemble (VectorMath.sigmoid's e^−|x| form, with its blend and
            // product, is for where 1 − σ is needed too). e^−x = ∞ below x ≈ −88.7 gives x/∞ = −0 (the true value is
            // below 10⁻³⁶); for x = −∞, −∞/∞ = NaN as −∞·σ(−∞) = −∞·0 in the reference.
            xi.div(VectorMath.exp(xi.neg()).add(1f)).intoArray(out, i);
        }
        ScalarKernels.silu(i, n, x, out);
    }

    @Override
    public void siluBackward(int n, float[] x, float[] dy, float[] dx) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i);
            FloatVector e = VectorMath.exp(xi.abs().neg()), p = one.div(one.add(e)), q = e.mul(p);
            VectorMask<Float> nonNegative = xi.compare(VectorOperators.GE, 0f);
            FloatVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            FloatVector derivative = xi.mul(oneMinusS).add(1f).mul(s);
            FloatVector.fromArray(FLOATS, dy, i).mul(derivative).intoArray(dx, i);
        }
        ScalarKernels.siluBackward(i, n, x, dy, dx);
    }

    @Override
    public void softplusBackward(int n, float beta, float threshold, float[] x, float[] dy, float[] dx) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector dyi = FloatVector.fromArray(FLOATS, dy, i), z = FloatVector.fromArray(FLOATS, x, i).mul(beta);
            dyi.mul(VectorMath.sigmoid(z)).blend(dyi, z.compare(VectorOperators.GT, threshold)).intoArray(dx, i);
        }
        ScalarKernels.softplusBackward(i, n, beta, threshold, x, dy, dx);
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
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector e = VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, i).neg());
            one.div(one.add(e)).intoArray(out, i);
        }
        ScalarKernels.sigmoid(i, n, x, out);
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
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i), a = xi.abs();
            // tanh|x| = e/(e + 2) with e = e^2|x| − 1 (2|x| is exact), accurate near 0; from |x| = 20 on it rounds
            // to 1 in both precisions, and e may be ∞ (∞/∞ would be NaN).
            DoubleVector e = VectorMath.expm1(a.mul(2d));
            DoubleVector t = e.div(e.add(2d)).blend(1d, a.compare(VectorOperators.GT, 20d));
            t.blend(t.neg(), xi.compare(VectorOperators.LT, 0d)).intoArray(out, i);
        }
        ScalarKernels.tanh(i, n, x, out);
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
        VectorGelu.geluTanh(x, out, 0, n);
    }

    @Override
    public void geluTanhBackward(int n, double[] x, double[] dy, double[] dx) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i), x2 = xi.mul(xi);
            DoubleVector twiceInner = x2.mul(xi).mul(VectorGelu.DOUBLE_GELU_TANH_CUBIC).add(xi).mul(2d * VectorGelu.DOUBLE_SQRT_2_OVER_PI);
            // σ(|w|) = p = 1/(1 + e) and σ(−|w|) = q = e·p: one division (see VectorMath.sigmoid).
            DoubleVector e = VectorMath.exp(twiceInner.abs().neg()), p = one.div(one.add(e)), q = e.mul(p);
            VectorMask<Double> nonNegative = twiceInner.compare(VectorOperators.GE, 0d);
            DoubleVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            // x² capped at 10⁸ in the slope: beyond |x| = 10⁴, s(1 − s) is 0 and the slope only needs to be finite,
            // or x·s(1 − s)·w′ would be 0·∞ = NaN where x² overflows (|x| > 1.8·10¹⁹ in double); ±∞ stays NaN, as in the
            // reference.
            DoubleVector slope = x2.lanewise(VectorOperators.MIN, 1e8d).mul(3d * VectorGelu.DOUBLE_GELU_TANH_CUBIC).add(1d)
                    .mul(2d * VectorGelu.DOUBLE_SQRT_2_OVER_PI);
            DoubleVector derivative = xi.mul(s).mul(oneMinusS).mul(slope).add(s);
            DoubleVector.fromArray(DOUBLES, dy, i).mul(derivative).intoArray(dx, i);
        }
        ScalarKernels.geluTanhBackward(i, n, x, dy, dx);
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
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i);
            VectorMath.expm1(xi).mul(alpha).blend(xi, xi.compare(VectorOperators.GT, 0d)).intoArray(out, i);
        }
        ScalarKernels.elu(i, n, alpha, x, out);
    }

    @Override
    public void eluBackward(int n, double alpha, double[] x, double[] dy, double[] dx) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i), dyi = DoubleVector.fromArray(DOUBLES, dy, i);
            dyi.mul(VectorMath.exp(xi).mul(alpha)).blend(dyi, xi.compare(VectorOperators.GT, 0d)).intoArray(dx, i);
        }
        ScalarKernels.eluBackward(i, n, alpha, x, dy, dx);
    }

    @Override
    public void silu(int n, double[] x, double[] out) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i);
            // x/(1 + e^−x): one division and no σ to assemble (VectorMath.sigmoid's e^−|x| form, with its blend and
            // product, is for where 1 − σ is needed too). e^−x = ∞ below x ≈ −88.7 gives x/∞ = −0 (the true value is
            // below 10⁻³⁶); for x = −∞, −∞/∞ = NaN as −∞·σ(−∞) = −∞·0 in the reference.
            xi.div(VectorMath.exp(xi.neg()).add(1d)).intoArray(out, i);
        }
        ScalarKernels.silu(i, n, x, out);
    }

    @Override
    public void siluBackward(int n, double[] x, double[] dy, double[] dx) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i);
            DoubleVector e = VectorMath.exp(xi.abs().neg()), p = one.div(one.add(e)), q = e.mul(p);
            VectorMask<Double> nonNegative = xi.compare(VectorOperators.GE, 0d);
            DoubleVector s = q.blend(p, nonNegative), oneMinusS = p.blend(q, nonNegative);
            DoubleVector derivative = xi.mul(oneMinusS).add(1d).mul(s);
            DoubleVector.fromArray(DOUBLES, dy, i).mul(derivative).intoArray(dx, i);
        }
        ScalarKernels.siluBackward(i, n, x, dy, dx);
    }

    @Override
    public void softplusBackward(int n, double beta, double threshold, double[] x, double[] dy, double[] dx) {
        int step = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector dyi = DoubleVector.fromArray(DOUBLES, dy, i), z = DoubleVector.fromArray(DOUBLES, x, i).mul(beta);
            dyi.mul(VectorMath.sigmoid(z)).blend(dyi, z.compare(VectorOperators.GT, threshold)).intoArray(dx, i);
        }
        ScalarKernels.softplusBackward(i, n, beta, threshold, x, dy, dx);
    }

    // ---- end of generated double half ----

    // ---- float only: the double versions are the scalar reference's, the SPI's defaults ----
    // Exact GELU (its Φ is fitted for float); and softplus, whose double twin (a degree-35 log1p after a
    // degree-13 exp) outgrew C2's inlining and boxed its vectors.

    @Override
    public void softplus(int n, float beta, float threshold, float[] x, float[] out) {
        int step = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i), z = xi.mul(beta);
            // (max(z, 0) + log(1 + e^−|z|)) / β: e^−|z| is in [0, 1], so nothing overflows.
            FloatVector smooth = VectorMath.log1pUnit(VectorMath.exp(z.abs().neg()))
                    .add(z.lanewise(VectorOperators.MAX, 0f)).div(beta);
            smooth.blend(xi, z.compare(VectorOperators.GT, threshold)).intoArray(out, i);
        }
        ScalarKernels.softplus(i, n, beta, threshold, x, out);
    }


    @Override
    public void gelu(int n, float[] x, float[] out) {
        VectorGelu.gelu(x, out, 0, n);
    }

    @Override
    public void geluBackward(int n, float[] x, float[] dy, float[] dx) {
        VectorGelu.geluBackward(x, dy, dx, 0, n);
    }
}
