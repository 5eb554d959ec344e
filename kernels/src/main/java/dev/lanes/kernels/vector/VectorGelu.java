package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 * <p>The exact form needs Φ(x), hence erf, which neither Java nor the Vector API has. Two ways to the tail
 * q = Φ(−a) = ½·erfc(a/√2), a = |x|, chosen lane by lane (so an element's bits never depend on its neighbours):
 *
 * <p><b>Table, a &lt; 4</b> (where 512-bit vectors hold 16 floats): 16 intervals [j/4, (j + 1)/4), and on each a
 * polynomial of degree 5 in d = 8a − (2j + 1) ∈ [−1, 1] (exact for a ≥ 1/16, within 2⁻²⁵ below), a relative fit of q
 * ({@code kernels/scripts/fit_gelu_tables.py}, which also prints the bounds below). Row k of the table holds the
 * coefficient of dᵏ for the 16 intervals, so a lane's coefficient is one in-register permutation by j: no exp, no
 * division, ~20 vector operations where the rational form below takes ~45 and a division. Relative error of q: the
 * fit with float coefficients 4.3u and Horner's rule with fused multiply-adds (first-order bound u·Σ|sᵢ||d|ⁱ/q) 1.9u:
 * 6.2u in all (the rational form's derived bound is 44u). (A second table, of h = q − a·φ(a), served the backward
 * pass in the 2026-12-06 sitting but was withdrawn: C2 allocated 32 bytes per call in it; the script still fits it.)
 * About 1 vector in 1000 of standard normal inputs has a lane at or beyond 4 and also computes:
 *
 * <p><b>Rational, elsewhere</b> (and on narrower vectors): q = t·R(s)·e^(−a²/2), t = 1/(1 + 0.3536a), s = 2t − 1 ∈ (−1, 1], where R, of
 * degree 10, is a relative least squares fit of q·e^(a²/2)/t (a smooth positive function of t on (0, 1], 0.255 at
 * a = 0, tending to 0.3536/√(2π) as a → ∞) at 1000 Chebyshev nodes, against 40-digit values of erfc (mpmath; the
 * script is {@code kernels/scripts/fit_normal_tail.py}). a² is split exactly into hi + lo (a fused multiply-add)
 * and e^(−a²/2) formed as e^(−hi/2)·(1 − lo/2), so the large argument of exp is exact: e^(−a²/2) of a rounded a²
 * would carry u·a²/2 of relative error (80u at a = 13). Relative error of q from the arithmetic: the fit (below
 * 0.1u), t (2u), Horner's rule on R in float (10 steps, each within u of partial sums bounded by Σ|cᵢ| = 0.514,
 * against R ≥ 0.141: 36u), e^(−hi/2) (2u) and four products (4u): 44u; measured 5.4u, fit included. Then
 * Φ(x) = q for x &lt; 0, else 1 − q (no cancellation: q ≤ ½), and GELU = x·Φ(x). Below 2.4·10⁻³⁸ e^(−hi/2) is
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

    /*
     * The table path (see the class comment): |x| below TABLE_END in 16 intervals of width ¼, one per lane of a
     * 512-bit vector, so that a coefficient of every lane's interval is one in-register permutation of a table row.
     * Only where a vector holds 16 floats; elsewhere (AVX2, NEON) every vector takes the rational path.
     */
    private static final float TABLE_END = 4f;
    private static final boolean TABLES = FLOATS.length() == 16;
    /** Adding then subtracting 1.5·2²³ rounds a float of magnitude below 2²² to an integer. */
    private static final float ROUNDER = 0x1.8p23f;

    /** TAIL: row k holds the coefficient of d^k for the 16 intervals (kernels/scripts/fit_gelu_tables.py). */
    private static final float[][] TAIL = {
            {0.45026177167892456f, 0.3538302481174469f, 0.26598551869392395f, 0.1907869577407837f, 0.13029451668262482f, 0.08456572145223618f, 0.05208127945661545f, 0.030396360903978348f, 0.016793306916952133f, 0.008774475194513798f, 0.004332448355853558f, 0.002020137384533882f, 0.0008890253375284374f, 0.00036907847970724106f, 0.0001444807421648875f, 5.331236025085673e-05f},
            {-0.049479711800813675f, -0.04648188501596451f, -0.041020121425390244f, -0.03400687500834465f, -0.02648458071053028f, -0.01937653310596943f, -0.013317283242940903f, -0.008598284795880318f, -0.005215123295783997f, -0.002971487818285823f, -0.0015905227046459913f, -0.0007997650536708534f, -0.0003777822130359709f, -0.00016763980966061354f, -6.98826479492709e-05f, -2.7366424546926282e-05f},
            {0.0003865580656565726f, 0.0010894136503338814f, 0.001602341653779149f, 0.00185974535997957f, 0.0018621942726895213f, 0.0016651710029691458f, 0.0013525388203561306f, 0.0010076144244521856f, 0.0006926360656507313f, 0.00044108176371082664f, 0.0002609457587823272f, 0.00014370774442795664f, 7.378525333479047e-05f, 3.5361135815037414e-05f, 1.5832474673516117e-05f, 6.627597485930892e-06f},
            {0.00012683933891821653f, 0.00010402330372016877f, 6.509424565592781e-05f, 2.075528936984483e-05f, -1.8320506569580175e-05f, -4.494033782975748e-05f, -5.6896769820014015e-05f, -5.6327335187233984e-05f, -4.774508124683052e-05f, -3.59098230546806e-05f, -2.439872332615778e-05f, -1.5132343833101913e-05f, -8.623877874924801e-06f, -4.536358119366923e-06f, -2.2095948679634603e-06f, -9.989655609388137e-07f},
            {-1.4963158037062385e-06f, -4.041025931655895e-06f, -5.425908511824673e-06f, -5.395704647526145e-06f, -4.197951056994498e-06f, -2.4058829239947954e-06f, -6.389510076587612e-07f, 6.685700100206304e-07f, 1.3600696320281713e-06f, 1.5123075627343496e-06f, 1.3202345598983811e-06f, 9.853919209490414e-07f, 6.509440595436899e-07f, 3.8742430774618697e-07f, 2.0994409055674623e-07f, 1.0429067032191597e-07f},
            {-2.914376011631248e-07f, -2.0457115113003965e-07f, -6.658121520786153e-08f, 7.009960256709746e-08f, 1.6102022470931843e-07f, 1.8737448215233599e-07f, 1.5823538035419915e-07f, 9.954267454759247e-08f, 3.8754741638058476e-08f, -6.133831220722641e-09f, -2.9584924732262152e-08f, -3.523000557947853e-08f, -3.039777141111699e-08f, -2.1804400063274443e-08f, -1.3645253815752767e-08f, -7.624591624733057e-09f},
    };

    /** Int lanes, one per float lane: a table row's bits, selected by an interval's index (as VectorMath.exp). */
    private static final VectorSpecies<Integer> INDICES = FLOATS.withLanes(int.class);
    /** TAIL's rows as the bits of their floats, for {@code IntVector.selectFrom} (TAIL_BITS[k] = row k). */
    private static final int[][] TAIL_BITS = new int[TAIL.length][];

    static {
        for (int k = 0; k < TAIL.length; k++) {
            TAIL_BITS[k] = new int[TAIL[k].length];
            for (int j = 0; j < TAIL[k].length; j++) {
                TAIL_BITS[k][j] = Float.floatToRawIntBits(TAIL[k][j]);
            }
        }
    }

    /** Row k of the table as int lanes (zeros where the table path is off: its value is then never used). */
    private static IntVector row(int k) {
        return TABLES ? IntVector.fromArray(INDICES, TAIL_BITS[k], 0) : IntVector.zero(INDICES);
    }

    /**
     * out[i] = GELU's exact form x[i]·Φ(x[i]) for i in [from, to), in float (see the class comment).
     *
     * <p>Two vectors per step where both lie wholly in the table (Horner's rule is a chain of five dependent fused
     * multiply-adds: two chains side by side keep the FMA pipes busy), with plain loads and stores; any other vector
     * (a lane at or beyond TABLE_END, or NaN), the last under 2L elements, and every vector on narrower shapes, one at a
     * time by {@link #geluVector}, whose table path is the same arithmetic (the same bits). The interval's coefficients
     * are picked by {@code IntVector.selectFrom} on the rounded 4a's bits, whose low four bits are the interval (as
     * VectorMath.exp picks its table entries), not by a shuffle converted from the float index.
     *
     * @param x the pre-activations
     * @param out the results, at the same indices; may be {@code x}
     * @param from the first index
     * @param to one past the last index
     */
    public static void gelu(float[] x, float[] out, int from, int to) {
        int step = FLOATS.length(), i = from;
        if (TABLES) {
            IntVector t0 = row(0), t1 = row(1), t2 = row(2), t3 = row(3), t4 = row(4), t5 = row(5);
            FloatVector one = FloatVector.broadcast(FLOATS, 1f), eight = FloatVector.broadcast(FLOATS, 8f);
            for (int bound = to - 2 * step; i <= bound; i += 2 * step) {
                FloatVector x0 = FloatVector.fromArray(FLOATS, x, i), x1 = FloatVector.fromArray(FLOATS, x, i + step);
                FloatVector a0 = x0.abs(), a1 = x1.abs();
                // MAX propagates NaN, and NaN < TABLE_END is false: such a pair goes one vector at a time.
                if (!a0.max(a1).compare(VectorOperators.LT, TABLE_END).allTrue()) {
                    geluVector(x, out, i, to);
                    geluVector(x, out, i + step, to);
                    continue;
                }
                FloatVector rounded0 = a0.fma(4f, -0.5f).add(ROUNDER), rounded1 = a1.fma(4f, -0.5f).add(ROUNDER);
                IntVector j0 = rounded0.reinterpretAsInts(), j1 = rounded1.reinterpretAsInts();
                FloatVector d0 = a0.fma(eight, rounded0.sub(ROUNDER).fma(-2f, -1f));
                FloatVector d1 = a1.fma(eight, rounded1.sub(ROUNDER).fma(-2f, -1f));
                FloatVector q0 = j0.selectFrom(t5).reinterpretAsFloats().fma(d0, j0.selectFrom(t4).reinterpretAsFloats());
                FloatVector q1 = j1.selectFrom(t5).reinterpretAsFloats().fma(d1, j1.selectFrom(t4).reinterpretAsFloats());
                q0 = q0.fma(d0, j0.selectFrom(t3).reinterpretAsFloats());
                q1 = q1.fma(d1, j1.selectFrom(t3).reinterpretAsFloats());
                q0 = q0.fma(d0, j0.selectFrom(t2).reinterpretAsFloats());
                q1 = q1.fma(d1, j1.selectFrom(t2).reinterpretAsFloats());
                q0 = q0.fma(d0, j0.selectFrom(t1).reinterpretAsFloats());
                q1 = q1.fma(d1, j1.selectFrom(t1).reinterpretAsFloats());
                q0 = q0.fma(d0, j0.selectFrom(t0).reinterpretAsFloats());
                q1 = q1.fma(d1, j1.selectFrom(t0).reinterpretAsFloats());
                x0.mul(one.sub(q0).blend(q0, x0.compare(VectorOperators.LT, 0f))).intoArray(out, i);
                x1.mul(one.sub(q1).blend(q1, x1.compare(VectorOperators.LT, 0f))).intoArray(out, i + step);
            }
        }
        for (; i < to; i += step) {
            geluVector(x, out, i, to);
        }
    }

    /**
     * out[k] = GELU's exact form of x[k] for the vector of lanes at [i, min(i + L, to)): the table below TABLE_END and
     * the rational form elsewhere, lane by lane; every step written out, so that no vector crosses a call C2 might not
     * inline (it would be boxed).
     */
    private static void geluVector(float[] x, float[] out, int i, int to) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f), eight = FloatVector.broadcast(FLOATS, 8f);
        VectorMask<Float> lanes = FLOATS.indexInRange(i, to);
        FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), a = xi.abs();
        // Lane by lane: the table below TABLE_END, the rational form from it on (and for NaN), so that an
        // element's bits do not depend on its neighbours (a fused GEMM epilogue groups lanes otherwise); the
        // rational form is computed only for vectors that need it, about 1 in 1000 of standard normal inputs.
        VectorMask<Float> inTable = a.compare(VectorOperators.LT, TABLES ? TABLE_END : 0f);
        // Interval j = ⌊4a⌋ (4a − ½ rounded to nearest; at a tie the neighbour, whose fit covers the edge),
        // d = 8a − (2j + 1) in [−1, 1], exact but for a < 1/16; lanes outside the table read interval 0.
        FloatVector at = FloatVector.zero(FLOATS).blend(a, inTable);
        FloatVector rounded = at.fma(4f, -0.5f).add(ROUNDER);
        IntVector j = rounded.reinterpretAsInts();
        FloatVector d = at.fma(eight, rounded.sub(ROUNDER).fma(-2f, -1f));
        FloatVector q = j.selectFrom(row(5)).reinterpretAsFloats().fma(d, j.selectFrom(row(4)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(3)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(2)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(1)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(0)).reinterpretAsFloats());
        if (!inTable.allTrue()) {
            FloatVector hi = a.mul(a), gaussianHi = VectorMath.exp(hi.mul(-0.5f));
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
            FloatVector rational = t.mul(gaussianHi).mul(r).mul(lo.mul(-0.5f).add(1f)).blend(0f, gaussianHi.compare(VectorOperators.EQ, 0f));
            q = q.blend(rational, inTable.not());
        }
        xi.mul(one.sub(q).blend(q, xi.compare(VectorOperators.LT, 0f))).intoArray(out, i, lanes);
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
