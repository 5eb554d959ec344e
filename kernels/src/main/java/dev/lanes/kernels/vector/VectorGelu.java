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
 * 6.2u in all (the rational form's derived bound is 44u). The backward pass has a second table, of h = q − a·φ(a)
 * (the derivative of x·Φ(x) is h for x &lt; 0 and 1 − h above, as x·Φ(x) + (−x)·Φ(−x) = x), within 2.61u of q + a·φ(a),
 * fit included: so the derivative takes ~20 operations too, where Φ and φ by the rational form take ~50 and a division.
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
    private static final float C0 = 0.2554238438606262f, C1 = 0.1717938631772995f, C2 = 0.06985162943601608f,
            C3 = 0.009096214547753334f, C4 = -0.005379118025302887f, C5 = -0.001619801507331431f,
            C6 = 0.0007654104265384376f, C7 = 0.00021499302238225937f, C8 = -0.00014986861788202077f,
            C9 = -1.8256429029861465e-05f, C10 = 2.111002140736673e-05f;
    private static final float NORMAL_TAIL_SCALE = 0.3536f;
    /** 1/√(2π), the standard normal density at 0. */
    private static final float INV_SQRT_2PI = 0.3989422804014327f;

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
    /** SLOPE_TAIL: row k holds the coefficient of d^k for the 16 intervals (kernels/scripts/fit_gelu_tables.py). */
    private static final float[][] SLOPE_TAIL = {
            {0.4007820785045624f, 0.21438457071781158f, 0.060884926468133926f, -0.04726116731762886f, -0.10806670784950256f, -0.1285761445760727f, -0.12104340642690659f, -0.09857790917158127f, -0.07186378538608551f, -0.04768379032611847f, -0.02906852774322033f, -0.016374457627534866f, -0.008555530570447445f, -0.0041571976616978645f, -0.0018821172416210175f, -0.0007950477302074432f},
            {-0.09818629920482635f, -0.08642725646495819f, -0.06601675599813461f, -0.041977234184741974f, -0.019449613988399506f, -0.0021193090360611677f, 0.008531383238732815f, 0.013031774200499058f, 0.013119293376803398f, 0.01081807166337967f, 0.007778650615364313f, 0.0050110281445086f, 0.0029337157029658556f, 0.0015742433024570346f, 0.0007785369525663555f, 0.00035619150730781257f},
            {0.0015401835553348064f, 0.004204433877021074f, 0.005783428903669119f, 0.0060151005163788795f, 0.005091939587146044f, 0.003512485884130001f, 0.0018386293668299913f, 0.0004880830820184201f, -0.0003571279812604189f, -0.0007236457895487547f, -0.0007542988751083612f, -0.000613009266089648f, -0.0004254245723132044f, -0.0002613462565932423f, -0.00014472247858066112f, -7.300943252630532e-05f},
            {0.0005013480549678206f, 0.00036742238444276154f, 0.00015149704995565116f, -6.847317126812413e-05f, -0.0002246730145998299f, -0.0002855936181731522f, -0.00026049657026305795f, -0.0001847196981543675f, -9.803331340663135e-05f, -2.8382286473060958e-05f, 1.3444465366774239e-05f, 3.011653279827442e-05f, 3.0504377718898468e-05f, 2.35787192650605e-05f, 1.5412464563269168e-05f, 8.862816684995778e-06f},
            {-8.927260751079302e-06f, -2.3251779566635378e-05f, -2.8780939828720875e-05f, -2.4529499569325708e-05f, -1.3757744454778731e-05f, -1.7290110463363817e-06f, 7.108030786184827e-06f, 1.0848619240277912e-05f, 1.0143920007976703e-05f, 7.020391421974637e-06f, 3.5169473449059296e-06f, 8.765901498009043e-07f, -5.590625846707553e-07f, -1.027016310217732e-06f, -9.487686725151434e-07f, -6.759051984772668e-07f},
            {-1.7247705272893654e-06f, -1.0495045899006072e-06f, -3.850302832120178e-08f, 8.347727771251812e-07f, 1.2310447345953435e-06f, 1.0980427305185003e-06f, 6.333012834147667e-07f, 1.2055905074248585e-07f, -2.3194259313186194e-07f, -3.607898975133139e-07f, -3.1875143235993164e-07f, -2.015475786265597e-07f, -8.699293374547779e-08f, -1.1556872792084505e-08f, 2.2548963585222737e-08f, 2.911906982205892e-08f},
    };

    /** Int lanes, one per float lane: a table row's bits, selected by an interval's index (as VectorMath.exp). */
    private static final VectorSpecies<Integer> INDICES = FLOATS.withLanes(int.class);
    /** The tables' rows as the bits of their floats, for {@code IntVector.selectFrom} (TAIL_BITS[k] = row k of TAIL). */
    private static final int[][] TAIL_BITS = bits(TAIL), SLOPE_TAIL_BITS = bits(SLOPE_TAIL);

    private static int[][] bits(float[][] table) {
        int[][] bits = new int[table.length][];
        for (int k = 0; k < table.length; k++) {
            bits[k] = new int[table[k].length];
            for (int j = 0; j < table[k].length; j++) {
                bits[k][j] = Float.floatToRawIntBits(table[k][j]);
            }
        }
        return bits;
    }

    /** Row k of a table as int lanes (zeros where the table path is off: its value is then never used). */
    private static IntVector row(int[][] table, int k) {
        return TABLES ? IntVector.fromArray(INDICES, table[k], 0) : IntVector.zero(INDICES);
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
            IntVector t0 = row(TAIL_BITS, 0), t1 = row(TAIL_BITS, 1), t2 = row(TAIL_BITS, 2), t3 = row(TAIL_BITS, 3),
                    t4 = row(TAIL_BITS, 4), t5 = row(TAIL_BITS, 5);
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
        FloatVector q = j.selectFrom(row(TAIL_BITS, 5)).reinterpretAsFloats().fma(d, j.selectFrom(row(TAIL_BITS, 4)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(TAIL_BITS, 3)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(TAIL_BITS, 2)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(TAIL_BITS, 1)).reinterpretAsFloats());
        q = q.fma(d, j.selectFrom(row(TAIL_BITS, 0)).reinterpretAsFloats());
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
     * dx[i] = dy[i]·(Φ(x[i]) + x[i]·φ(x[i])) for i in [from, to), the derivative of GELU's exact form in float: on the
     * table path h = Φ(−a) − a·φ(a) from {@link #SLOPE_TAIL} and the derivative h for x &lt; 0, 1 − h above; elsewhere Φ
     * by the rational form, as {@link #gelu} computes it, and φ = e^(−hi/2)·(1 − lo/2)/√(2π). Structured as
     * {@link #gelu}: two vectors per step where both lie wholly in the table, any other vector by
     * {@link #geluBackwardVector}, whose table path is the same arithmetic. (A first table version computed the
     * rational form under an {@code if} inside its one loop: C2 merged the two versions of the vector there and boxed
     * it, 32 bytes a call.)
     *
     * @param x the pre-activations
     * @param dy the gradient of the outputs
     * @param dx the gradient of the pre-activations, at the same indices; may be {@code x} or {@code dy}
     * @param from the first index
     * @param to one past the last index
     */
    public static void geluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        int step = FLOATS.length(), i = from;
        if (TABLES) {
            IntVector h0 = row(SLOPE_TAIL_BITS, 0), h1 = row(SLOPE_TAIL_BITS, 1), h2 = row(SLOPE_TAIL_BITS, 2),
                    h3 = row(SLOPE_TAIL_BITS, 3), h4 = row(SLOPE_TAIL_BITS, 4), h5 = row(SLOPE_TAIL_BITS, 5);
            FloatVector one = FloatVector.broadcast(FLOATS, 1f), eight = FloatVector.broadcast(FLOATS, 8f);
            for (int bound = to - 2 * step; i <= bound; i += 2 * step) {
                FloatVector x0 = FloatVector.fromArray(FLOATS, x, i), x1 = FloatVector.fromArray(FLOATS, x, i + step);
                FloatVector a0 = x0.abs(), a1 = x1.abs();
                if (!a0.max(a1).compare(VectorOperators.LT, TABLE_END).allTrue()) {
                    geluBackwardVector(x, dy, dx, i, to);
                    geluBackwardVector(x, dy, dx, i + step, to);
                    continue;
                }
                FloatVector rounded0 = a0.fma(4f, -0.5f).add(ROUNDER), rounded1 = a1.fma(4f, -0.5f).add(ROUNDER);
                IntVector j0 = rounded0.reinterpretAsInts(), j1 = rounded1.reinterpretAsInts();
                FloatVector d0 = a0.fma(eight, rounded0.sub(ROUNDER).fma(-2f, -1f));
                FloatVector d1 = a1.fma(eight, rounded1.sub(ROUNDER).fma(-2f, -1f));
                FloatVector g0 = j0.selectFrom(h5).reinterpretAsFloats().fma(d0, j0.selectFrom(h4).reinterpretAsFloats());
                FloatVector g1 = j1.selectFrom(h5).reinterpretAsFloats().fma(d1, j1.selectFrom(h4).reinterpretAsFloats());
                g0 = g0.fma(d0, j0.selectFrom(h3).reinterpretAsFloats());
                g1 = g1.fma(d1, j1.selectFrom(h3).reinterpretAsFloats());
                g0 = g0.fma(d0, j0.selectFrom(h2).reinterpretAsFloats());
                g1 = g1.fma(d1, j1.selectFrom(h2).reinterpretAsFloats());
                g0 = g0.fma(d0, j0.selectFrom(h1).reinterpretAsFloats());
                g1 = g1.fma(d1, j1.selectFrom(h1).reinterpretAsFloats());
                g0 = g0.fma(d0, j0.selectFrom(h0).reinterpretAsFloats());
                g1 = g1.fma(d1, j1.selectFrom(h0).reinterpretAsFloats());
                FloatVector dy0 = FloatVector.fromArray(FLOATS, dy, i), dy1 = FloatVector.fromArray(FLOATS, dy, i + step);
                dy0.mul(one.sub(g0).blend(g0, x0.compare(VectorOperators.LT, 0f))).intoArray(dx, i);
                dy1.mul(one.sub(g1).blend(g1, x1.compare(VectorOperators.LT, 0f))).intoArray(dx, i + step);
            }
        }
        for (; i < to; i += step) {
            geluBackwardVector(x, dy, dx, i, to);
        }
    }

    /**
     * dx[k] = dy[k]·GELU′(x[k]) for the vector of lanes at [i, min(i + L, to)): the table below TABLE_END and the
     * rational form elsewhere (and for NaN), lane by lane, every step written out (see {@link #geluVector}).
     */
    private static void geluBackwardVector(float[] x, float[] dy, float[] dx, int i, int to) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f), eight = FloatVector.broadcast(FLOATS, 8f);
        VectorMask<Float> lanes = FLOATS.indexInRange(i, to);
        FloatVector xi = FloatVector.fromArray(FLOATS, x, i, lanes), a = xi.abs();
        VectorMask<Float> inTable = a.compare(VectorOperators.LT, TABLES ? TABLE_END : 0f);
        FloatVector at = FloatVector.zero(FLOATS).blend(a, inTable);
        FloatVector rounded = at.fma(4f, -0.5f).add(ROUNDER);
        IntVector j = rounded.reinterpretAsInts();
        FloatVector d = at.fma(eight, rounded.sub(ROUNDER).fma(-2f, -1f));
        FloatVector h = j.selectFrom(row(SLOPE_TAIL_BITS, 5)).reinterpretAsFloats()
                .fma(d, j.selectFrom(row(SLOPE_TAIL_BITS, 4)).reinterpretAsFloats());
        h = h.fma(d, j.selectFrom(row(SLOPE_TAIL_BITS, 3)).reinterpretAsFloats());
        h = h.fma(d, j.selectFrom(row(SLOPE_TAIL_BITS, 2)).reinterpretAsFloats());
        h = h.fma(d, j.selectFrom(row(SLOPE_TAIL_BITS, 1)).reinterpretAsFloats());
        h = h.fma(d, j.selectFrom(row(SLOPE_TAIL_BITS, 0)).reinterpretAsFloats());
        FloatVector derivative = one.sub(h).blend(h, xi.compare(VectorOperators.LT, 0f));
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
            // φ(x) = e^(−hi/2)·e^(−lo/2)/√(2π), with e^(−lo/2) = 1 − lo/2 to within lo²/8 (|lo| ≤ u·a²); 0 where
            // e^(−hi/2) is flushed to 0 (also where a or a² is ∞, whose lo is NaN or −∞: 0·∞ otherwise).
            FloatVector lo = a.fma(a, hi.neg());
            FloatVector gaussian = gaussianHi.mul(lo.mul(-0.5f).add(1f)).blend(0f, gaussianHi.compare(VectorOperators.EQ, 0f));
            FloatVector q = t.mul(gaussian).mul(r);
            FloatVector cdf = one.sub(q).blend(q, xi.compare(VectorOperators.LT, 0f));
            derivative = derivative.blend(xi.fma(gaussian.mul(INV_SQRT_2PI), cdf), inTable.not());
        }
        FloatVector.fromArray(FLOATS, dy, i, lanes).mul(derivative).intoArray(dx, i, lanes);
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
