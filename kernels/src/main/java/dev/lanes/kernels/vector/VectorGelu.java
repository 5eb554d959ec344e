package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * GELU's forward pass, in both of PyTorch's forms: the one place that computes it for the element-wise kernels
 * ({@link VectorActivations}) and for the GEMM's fused epilogue ({@code gemm.FloatEpilogue}), so that a fused
 * Linear→GELU gives the bits of a GEMM followed by the GELU kernel. Public for {@code vector.gemm} only: the
 * package is not exported. It takes arrays and loops itself, like VectorMath.expAndSum: a method taking a vector
 * that C2 does not inline gets that vector boxed, and a GELU is large enough that it was not (an allocation per
 * vector, in every fused GEMM).
 *
 * <p>The exact form needs Φ(x), hence erf, which neither Java nor the Vector API has. For a = |x|, the tail
 * Φ(−a) = ½·erfc(a/√2) is written q = t·R(s)·e^(−a²/2), t = 1/(1 + 0.3536a), s = 2t − 1 ∈ (−1, 1], where R, of
 * degree 10, is a relative least squares fit of q·e^(a²/2)/t (a smooth positive function of t on (0, 1], 0.255 at
 * a = 0, tending to 0.3536/√(2π) as a → ∞) at 1000 Chebyshev nodes, against 40-digit values of erfc (mpmath; the
 * script is {@code kernels/scripts/fit_normal_tail.py}). a² is split exactly into hi + lo (a fused multiply-add)
 * and e^(−a²/2) formed as e^(−hi/2)·(1 − lo/2), so the large argument of exp is exact: e^(−a²/2) of a rounded a²
 * would carry u·a²/2 of relative error (80u at a = 13). Relative error of q from the arithmetic: the fit (below
 * 0.1u), t (2u), Horner's rule on R in float (10 steps, each within u of partial sums bounded by Σ|cᵢ| = 0.514,
 * against R ≥ 0.141: 36u), e^(−hi/2) (2u) and four products (4u): 44u; measured 5.4u, fit included. Then
 * Φ(x) = q for x &lt; 0, else 1 − q (no cancellation: q ≤ ½), and GELU = x·Φ(x). Below 1.7·10⁻³⁸ e^(−hi/2) is
 * flushed to 0 (see VectorMath.exp), so Φ(x) = 0 from x ≈ −13.2, where the true value is below that. This is
 * float only: in double the exact form is the scalar reference's.
 */
public final class VectorGelu {
    private VectorGelu() {
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** √(2/π) and the cubic coefficient of PyTorch's tanh approximation of GELU, in this half's precision. */
    static final float FLOAT_SQRT_2_OVER_PI = 0.7978845608028654f, FLOAT_GELU_TANH_CUBIC = 0.044715f;

    /**
     * out[i] = GELU's tanh approximation of x[i] for i in [from, to): ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³),
     * as x·σ(2u), the same function, whose σ from e^−|2u| neither overflows nor cancels where tanh(u) is near −1.
     * Arrays in and out, not a vector: see the class comment.
     *
     * @param x the pre-activations
     * @param out the results, at the same indices; may be {@code x}
     * @param from the first index
     * @param to one past the last index
     */
    public static void geluTanh(float[] x, float[] out, int from, int to) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = from; i < to; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, to);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes);
            FloatVector w = xi.mul(xi).mul(xi).mul(FLOAT_GELU_TANH_CUBIC).add(xi).mul(2f * FLOAT_SQRT_2_OVER_PI);
            // σ(w) = r = 1/(1 + e) for w ≥ 0, else e·r: one division (see VectorMath.sigmoid).
            FloatVector e = VectorMath.exp(w.abs().neg()), r = one.div(one.add(e));
            FloatVector sigma = e.mul(r).blend(r, w.compare(VectorOperators.GE, 0f));
            xi.mul(sigma).intoArray(out, i, lanes);
        }
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** √(2/π) and the cubic coefficient of PyTorch's tanh approximation of GELU, in this half's precision. */
    static final double DOUBLE_SQRT_2_OVER_PI = 0.7978845608028654d, DOUBLE_GELU_TANH_CUBIC = 0.044715d;

    /**
     * out[i] = GELU's tanh approximation of x[i] for i in [from, to): ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³),
     * as x·σ(2u), the same function, whose σ from e^−|2u| neither overflows nor cancels where tanh(u) is near −1.
     * Arrays in and out, not a vector: see the class comment.
     *
     * @param x the pre-activations
     * @param out the results, at the same indices; may be {@code x}
     * @param from the first index
     * @param to one past the last index
     */
    public static void geluTanh(double[] x, double[] out, int from, int to) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d);
        for (int i = from; i < to; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, to);
            DoubleVector xi = DoubleVector.fromArray(DOUBLES, x, i, lanes);
            DoubleVector w = xi.mul(xi).mul(xi).mul(DOUBLE_GELU_TANH_CUBIC).add(xi).mul(2d * DOUBLE_SQRT_2_OVER_PI);
            // σ(w) = r = 1/(1 + e) for w ≥ 0, else e·r: one division (see VectorMath.sigmoid).
            DoubleVector e = VectorMath.exp(w.abs().neg()), r = one.div(one.add(e));
            DoubleVector sigma = e.mul(r).blend(r, w.compare(VectorOperators.GE, 0d));
            xi.mul(sigma).intoArray(out, i, lanes);
        }
    }

    // ---- end of generated double half ----

    /** The fitted coefficients of R, c₀ first (see the class comment). */
    static final float C0 = 0.2554238438606262f, C1 = 0.1717938631772995f, C2 = 0.06985162943601608f,
            C3 = 0.009096214547753334f, C4 = -0.005379118025302887f, C5 = -0.001619801507331431f,
            C6 = 0.0007654104265384376f, C7 = 0.00021499302238225937f, C8 = -0.00014986861788202077f,
            C9 = -1.8256429029861465e-05f, C10 = 2.111002140736673e-05f;
    static final float NORMAL_TAIL_SCALE = 0.3536f;
    /** 1/√(2π), the standard normal density at 0. */
    static final float INV_SQRT_2PI = 0.3989422804014327f;

    /**
     * out[i] = GELU's exact form x[i]·Φ(x[i]) for i in [from, to), in float (see the class comment); every step
     * written out in the loop, so that no vector crosses a call C2 might not inline (it would be boxed).
     *
     * @param x the pre-activations
     * @param out the results, at the same indices; may be {@code x}
     * @param from the first index
     * @param to one past the last index
     */
    public static void gelu(float[] x, float[] out, int from, int to) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = from; i < to; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, to);
            FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), a = xi.abs(), hi = a.mul(a);
            FloatVector gaussianHi = VectorMath.exp(hi.mul(-0.5f));
            FloatVector t = one.div(a.fma(NORMAL_TAIL_SCALE, 1f)), s = t.fma(2f, -1f);
            FloatVector r = s.fma(C10, C9);
            r = r.lanewise(VectorOperators.FMA, s, C8);
            r = r.lanewise(VectorOperators.FMA, s, C7);
            r = r.lanewise(VectorOperators.FMA, s, C6);
            r = r.lanewise(VectorOperators.FMA, s, C5);
            r = r.lanewise(VectorOperators.FMA, s, C4);
            r = r.lanewise(VectorOperators.FMA, s, C3);
            r = r.lanewise(VectorOperators.FMA, s, C2);
            r = r.lanewise(VectorOperators.FMA, s, C1);
            r = r.lanewise(VectorOperators.FMA, s, C0);
            // e^(−lo/2) = 1 − lo/2 to within lo²/8 (|lo| ≤ u·a²); where e^(−hi/2) is flushed to 0, q is 0 (also for
            // a = ∞, whose lo is NaN).
            FloatVector lo = a.fma(a, hi.neg());
            FloatVector q = t.mul(gaussianHi).mul(r).mul(lo.mul(-0.5f).add(1f)).blend(0f, gaussianHi.compare(VectorOperators.EQ, 0f));
            xi.mul(one.sub(q).blend(q, xi.compare(VectorOperators.LT, 0f))).intoArray(out, i, lanes);
        }
    }

    /**
     * GELU's exact form in double: the scalar reference's (the double kernel is the reference's too, so a fused
     * epilogue gives its bits).
     *
     * @param x the pre-activations
     * @param out the results, at the same indices; may be {@code x}
     * @param from the first index
     * @param to one past the last index
     */
    public static void gelu(double[] x, double[] out, int from, int to) {
        ScalarKernels.gelu(from, to, x, out);
    }
}
