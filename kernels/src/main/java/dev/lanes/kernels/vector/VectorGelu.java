package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * GELU of one vector, in both of PyTorch's forms: the one place that computes it for the element-wise kernels
 * ({@link VectorActivations}) and for the GEMM's fused epilogue ({@code gemm.FloatEpilogue}), so that a fused
 * Linear→GELU gives the bits of a GEMM followed by the GELU kernel. Public for {@code vector.gemm} only: the
 * package is not exported.
 *
 * <p>The exact form needs Φ(x), hence erf, which neither Java nor the Vector API has. For a = |x|, the tail
 * Φ(−a) = ½·erfc(a/√2) is written q = t·e^(−a²/2)·e^P(s), t = 1/(1 + 0.3536a), s = 2t − 1 ∈ (−1, 1], where P, of
 * degree 11, is a least squares fit of log(q/t) + a²/2 (a smooth function of t on (0, 1], tending to
 * log(0.3536/√(2π)) as a → ∞) at 1000 Chebyshev nodes, against 40-digit values of erfc (mpmath; the script is
 * {@code kernels/scripts/fit_normal_tail.py}). The fit is within 1.1·10⁻⁸ (0.2u) of log(q/t) + a²/2, so within
 * 0.2u relative of q, at every a. a² is split exactly into hi + lo (a fused multiply-add) and e^(−a²/2) formed as
 * e^(−hi/2)·e^(P − lo/2), so the large argument of exp is exact: one e^(−a²/2 + P) would carry u·a²/2 of
 * relative error (80u at a = 13). Relative error of q from the arithmetic: t (2u), Horner's rule on P in float
 * (11 steps, each within u of partial sums bounded by Σ|cᵢ| = 2.15, against |P| ≥ 1.36: 17u absolute in P, so
 * 17u relative in q), two exps (2u each) and two products (2u): 25u; measured 6.5u. Then Φ(x) = q for x &lt; 0,
 * else 1 − q (no cancellation: q ≤ ½), and GELU = x·Φ(x). Below 1.7·10⁻³⁸ e^(−hi/2) is flushed to 0 (see
 * VectorMath.exp), so Φ(x) = 0 from x ≈ −13.2, where the true value is below that. This is float only: in double
 * the exact form is the scalar reference's, lane by lane.
 */
public final class VectorGelu {
    private VectorGelu() {
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** √(2/π) and the cubic coefficient of PyTorch's tanh approximation of GELU, in this half's precision. */
    static final float FLOAT_SQRT_2_OVER_PI = 0.7978845608028654f, FLOAT_GELU_TANH_CUBIC = 0.044715f;

    /**
     * GELU's tanh approximation ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), as x·σ(2u): the same function, and
     * σ from e^−|2u| neither overflows nor cancels where tanh(u) is near −1.
     *
     * @param x the pre-activations
     * @return the approximation, lane by lane
     */
    public static FloatVector geluTanh(FloatVector x) {
        FloatVector twiceInner = x.mul(x).mul(x).mul(FLOAT_GELU_TANH_CUBIC).add(x).mul(2f * FLOAT_SQRT_2_OVER_PI);
        return x.mul(VectorMath.sigmoid(twiceInner));
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** √(2/π) and the cubic coefficient of PyTorch's tanh approximation of GELU, in this half's precision. */
    static final double DOUBLE_SQRT_2_OVER_PI = 0.7978845608028654d, DOUBLE_GELU_TANH_CUBIC = 0.044715d;

    /**
     * GELU's tanh approximation ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), as x·σ(2u): the same function, and
     * σ from e^−|2u| neither overflows nor cancels where tanh(u) is near −1.
     *
     * @param x the pre-activations
     * @return the approximation, lane by lane
     */
    public static DoubleVector geluTanh(DoubleVector x) {
        DoubleVector twiceInner = x.mul(x).mul(x).mul(DOUBLE_GELU_TANH_CUBIC).add(x).mul(2d * DOUBLE_SQRT_2_OVER_PI);
        return x.mul(VectorMath.sigmoid(twiceInner));
    }

    // ---- end of generated double half ----

    /** The fitted coefficients of P, lowest degree first (see the class comment). */
    private static final float[] NORMAL_TAIL_FIT = {
            -1.3648310899734497f, 0.6725834608078003f, 0.04729028791189194f, -0.046902481466531754f,
            -0.009867869317531586f, 0.00881213415414095f, 0.001790217706002295f, -0.002289586467668414f,
            -0.0002267280942760408f, 0.0005738841136917472f, 7.786932656017598e-06f, -8.728636021260172e-05f};
    private static final float NORMAL_TAIL_SCALE = 0.3536f;
    /** 1/√(2π), the standard normal density at 0. */
    static final float INV_SQRT_2PI = 0.3989422804014327f;

    /**
     * GELU's exact form x·Φ(x), in float (see the class comment).
     *
     * @param x the pre-activations
     * @return x·Φ(x), lane by lane
     */
    public static FloatVector gelu(FloatVector x) {
        FloatVector a = x.abs(), hi = a.mul(a);
        FloatVector q = normalTail(a, hi, VectorMath.exp(hi.mul(-0.5f)));
        return x.mul(q.neg().add(1f).blend(q, x.compare(VectorOperators.LT, 0f)));
    }

    /**
     * GELU's exact form in double: the scalar reference's, lane by lane (the double kernel is the reference's
     * too, so the fused epilogue gives its bits).
     *
     * @param x the pre-activations
     * @return x·Φ(x), lane by lane
     */
    public static DoubleVector gelu(DoubleVector x) {
        double[] lanes = x.toArray();
        ScalarKernels.gelu(lanes.length, lanes, lanes);
        return DoubleVector.fromArray(x.species(), lanes, 0);
    }

    /** Φ(−a) for a = |x| ≥ 0, given hi = a·a (rounded) and e^(−hi/2); see the class comment. */
    static FloatVector normalTail(FloatVector a, FloatVector hi, FloatVector gaussianHi) {
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
