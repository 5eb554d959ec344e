package dev.lanes.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * e^x and the sum of a vector's lanes, built only from operations IEEE 754 defines exactly (add, multiply, fused
 * multiply-add, compare, blend, integer add and shift), so that they give the same bits interpreted, under C1 and
 * under C2, on every CPU.
 *
 * <p>Why not the Vector API's own: {@code lanewise(VectorOperators.EXP)} is specified only as "the accuracy of
 * {@link Math#exp}" (within 1 ulp; and, unlike Math.exp, not even semi-monotonic). The interpreter and C1 compute it
 * with Math.exp lane by lane, C2 with a SIMD library (Intel's SVML on x86); on this machine (AVX-512, JDK 25) the
 * library was within 0.54 ulp (float) and 0.64 ulp (double) of the exact value but differed from Math.exp in the last
 * bit for about 1% (float) and 5% (double) of arguments. {@code reduceLanes(ADD)} leaves its order unspecified, and
 * C2 on x86 adds in another order than the interpreter for about half of all inputs. Either made a kernel's first
 * (cold) calls and its later (compiled) calls disagree, breaking the promise that a provider gives the same bits for
 * the same inputs. It costs nothing: the exp below runs as fast as the library's on AVX-512 (float; double about
 * 15% slower) and faster with AVX2, because it is inlined arithmetic, about 20 vector operations, with no call.
 *
 * <p>Accuracy of {@link #exp}: float by a table of 2^(j/16) and a degree-3 polynomial (the derivation is at the
 * float exp below: within 0.63 ulp, measured 0.559); double: x = k·ln2 + r with k = round(x / ln2) and |r| ≤ ln2/2
 * (Cody–Waite: ln2 in two parts, so r is nearly exact); e^r by its Taylor polynomial of degree 13 (truncation below
 * 5·10⁻¹⁸) in Horner form with fused multiply-adds; then multiplied by 2^k built in the exponent bits. Measured
 * against exact values (16k double arguments over the whole range, and the edges): at most 0.80 ulp. ±∞, NaN and
 * overflow to +∞ are exactly as Math.exp. The one deliberate difference: results below 2⁻¹²⁵ = 2.35·10⁻³⁸ (float,
 * x &lt; −86.64) and 3.3·10⁻³⁰⁸ (double, x &lt; −708.04) — near or below the smallest normal number — are flushed
 * to 0 where Math.exp gives a tiny or subnormal value (an absolute error below those bounds). Handling them exactly
 * took a second scaling step, and the extra vector operations pushed C2 past its inlining budget
 * (NodeCountInliningCutoff) in the softmax loops: a method taking a
 * vector that is then not inlined gets its vectors boxed, and the kernel ran four times slower. For the same reason
 * exp is one method with no helpers of its own, and the lane sums below take an array, not a vector.
 */
final class VectorMath {
    private VectorMath() {
    }

    // ------------------------------------------------ exp -------------------------------------------------

    /** Adding then subtracting 1.5·2²³ rounds a float of magnitude below 2²² to an integer; its bits hold it too. */
    private static final float F_ROUNDER = 0x1.8p23f;
    private static final float F_LOG2E = 1.44269504088896341f;
    /** ln2 = F_LN2_HI + F_LN2_LO; F_LN2_HI has few significant bits (9), so k·F_LN2_HI is exact for |k| &lt; 2¹⁵. */
    private static final float F_LN2_HI = 0.693359375f, F_LN2_LO = -2.12194440e-4f;
    private static final int F_EXPONENT_BIAS = 127, F_MANTISSA_BITS = 23;

    /*
     * The float e^x of exp and expAndSum: e^x = 2^(n/N)·e^r with n = round(x·N/ln2), r = x − n·ln2/N, so that
     * |r| ≤ ln2/(2N); 2^(n/N) = 2^k·2^(j/N) with k = ⌊n/N⌋ and j = n mod N, 2^(j/N) from a table of N entries held
     * in one vector (so a lookup is one permute: N is 16, or the lane count where a vector has fewer lanes), and
     * 2^k added into that entry's exponent bits. e^r = 1 + P(r) by a short polynomial.
     *
     * Tables: T_j = 2^(j/N) rounded to float (StrictMath.pow, so the bits are the same everywhere), and the
     * correction q_j = (2^(j/N) − T_j)/T_j rounded to float (|q_j| ≤ 2⁻²⁴). The result is S·(1 + (P(r) + q_j)) with
     * S = 2^k·T_j exact, computed as one fused multiply-add fma(S, p, S) with p = P(r) + q_j from the polynomial's
     * last fused multiply-add: so T_j's rounding does not reach the result (Tang's method with the table's low part
     * folded into the polynomial); the one rounding that matters is the last.
     *
     * P(r): for N = 16 (|r| ≤ ln2/32 = 0.02166), r + a₂r² + r³/6 with a₂ = ½ + δ, δ = h²(√2 − 1)/12 (h = ln2/32):
     * the r⁴/24 term that Taylor's degree 3 leaves out is even, and this δ balances it over [−h, h] (error
     * r⁴/24 − δr², extremes −6δ² at r² = 12δ and h⁴/24 − δh² = 6δ² at h): |error| ≤ 0.1716·h⁴/24 + h⁵/120 ≤
     * 1.6·10⁻⁹ relative (0.027u, u = 2⁻²⁴), against 9.2·10⁻⁹ for plain Taylor. For N = 8 or 4 (256- or 128-bit
     * vectors, |r| ≤ 0.0433 or 0.0866) Taylor's degree 5: h⁶/720 ≤ 5.9·10⁻¹⁰.
     *
     * Error bound (N = 16), relative to e^x, before the last rounding: r is exact after its first part (k·ln2_hi is
     * exact and x − n·ln2_hi/N cancels exactly, Sterbenz) and rounded once after the second (u·|r| ≤ 0.022u);
     * ln2_hi + ln2_lo differs from ln2 by at most 2⁻³⁷, times |n|/N ≤ 150: 0.018u; P's truncation 0.027u; Horner's
     * three roundings (|a₂ + a₃r| ≤ 0.51, |1 + …| ≤ 1.012, |p| ≤ 0.022): u·(0.022 + 0.022·(1.012 + 0.022·0.51))
     * ≤ 0.045u absolute in 1 + p ≥ 0.978; q_j's rounding (u·2⁻²⁴) and the dropped product q_j·P(r) (≤ 0.022u):
     * 0.022u. In all δ ≤ u·(4.04h + 0.018) + truncation = 0.134u. A relative error δ before the last rounding to
     * nearest is at most δ/u ulp of the result (a float's value is below 2²⁴ of its ulp), so the result is within
     * 0.5 + 0.134 ≈ 0.63 ulp of e^x (N = 8: 0.70; N = 4: 0.88, the larger |r| in the same terms). Measured (every
     * float of [−87.33, 0] and every 31st of the rest up to 88.72, VectorMathExpTest): 0.559 ulp with N = 16, where
     * the old degree-7 Taylor exp without a table measured 0.87.
     */
    static final int F_TABLE_BITS = Integer.numberOfTrailingZeros(Math.min(16, FLOATS.length()));
    static final int F_TABLE = 1 << F_TABLE_BITS;
    private static final VectorSpecies<Integer> F_INDICES = FLOATS.withLanes(int.class);
    /** N/ln2, exact in double (N a power of two) before its one rounding to float. */
    private static final float F_TABLE_PER_LN2 = (float) (1.4426950408889634 * F_TABLE);
    /** ln2/N in two parts, both exact divisions of ln2's parts by a power of two. */
    private static final float F_STEP_HI = F_LN2_HI / F_TABLE, F_STEP_LO = F_LN2_LO / F_TABLE;
    /** (n mod N) ≪ 23 − log₂N lands in the mantissa; this keeps ⌊n/N⌋ ≪ 23, the exponent to add. */
    private static final int F_EXPONENT_FIELD = 0xFF800000;
    /** a₂ = ½ + h²(√2 − 1)/12 with h = ln2/32, used with N = 16 (see above). */
    private static final float F_A2 = (float) (0.5 + (0.6931471805599453 / 32) * (0.6931471805599453 / 32) * (Math.sqrt(2) - 1) / 12);
    /** Bits of T_j = 2^(j/N) and of the correction q_j, for lane i with j = i mod N (one vector each). */
    private static final int[] F_POWER_BITS = new int[F_INDICES.length()], F_CORRECTION_BITS = new int[F_INDICES.length()];
    /** The same table halved (exponent one lower): exp builds 2^(k−1)·T_j and doubles last, so k = 128 fits. */
    private static final int[] F_HALF_POWER_BITS = new int[F_INDICES.length()];

    static {
        for (int i = 0; i < F_POWER_BITS.length; i++) {
            double power = StrictMath.pow(2, (i % F_TABLE) / (double) F_TABLE);
            float rounded = (float) power;
            F_POWER_BITS[i] = Float.floatToRawIntBits(rounded);
            F_HALF_POWER_BITS[i] = Float.floatToRawIntBits(rounded / 2);
            F_CORRECTION_BITS[i] = Float.floatToRawIntBits((float) ((power - rounded) / rounded));
        }
    }

    /**
     * Where exp's arithmetic is valid: k − 1 ≥ −126 (2^(k−1)·T_j normal, and so is 2^(k−1)·T_j·(1 + p) before the
     * doubling) from x ≥ −125·ln2 (F_MIN_ARG is the float just above it), and k ≤ 128 up to x = 88.75. Below, e^x
     * (under 2⁻¹²⁵ = 2.35·10⁻³⁸, twice the smallest normal float) is 0;
     * above, +∞ (e^x overflows from 88.7228 on, inside the range, by the arithmetic itself).
     */
    static final float F_MIN_ARG = -86.643394f, F_MAX_ARG = 88.75f;
    /**
     * expAndSum's arguments are ≤ 0 and it builds 2^k·T_j directly (no doubling): valid down to k ≥ −126, from
     * x ≥ −87.33 (N·x/ln2 ≥ −125.99·N); below, e^x &lt; 1.19·10⁻³⁸ (the smallest normal float is 1.18·10⁻³⁸) is 0.
     */
    static final float F_SUM_MIN_ARG = -87.33f;

    /** e^x by the table method above; within 0.63 ulp (16 lanes or more), ±∞ and NaN as Math.exp, 0 below F_MIN_ARG (−86.64). */
    static FloatVector exp(FloatVector x) {
        FloatVector rounded = x.fma(F_TABLE_PER_LN2, F_ROUNDER);
        FloatVector n = rounded.sub(F_ROUNDER);
        FloatVector r = n.lanewise(VectorOperators.FMA, -F_STEP_LO, n.lanewise(VectorOperators.FMA, -F_STEP_HI, x));
        IntVector bits = rounded.reinterpretAsInts();
        FloatVector halfScale = bits.selectFrom(IntVector.fromArray(F_INDICES, F_HALF_POWER_BITS, 0))
                .add(bits.lanewise(VectorOperators.LSHL, F_MANTISSA_BITS - F_TABLE_BITS).lanewise(VectorOperators.AND, F_EXPONENT_FIELD))
                .reinterpretAsFloats();
        FloatVector q = bits.selectFrom(IntVector.fromArray(F_INDICES, F_CORRECTION_BITS, 0)).reinterpretAsFloats();
        // Written out here, not in a helper (see the class comment); the branch is on a constant and folds.
        FloatVector p = F_TABLE >= 16 ? r.fma(1f / 6, F_A2)
                : r.fma(1f / 120, 1f / 24).lanewise(VectorOperators.FMA, r, 1f / 6).lanewise(VectorOperators.FMA, r, 0.5f);
        p = p.lanewise(VectorOperators.FMA, r, 1f).fma(r, q);
        FloatVector e = p.fma(halfScale, halfScale).mul(2f);
        // Outside the range the arithmetic above is meaningless; a NaN compares false and stays NaN.
        e = e.blend(0f, x.compare(VectorOperators.LT, F_MIN_ARG));
        return e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, F_MAX_ARG));
    }

    /**
     * out[from + i] = e^(x[from + i] − max) for i below n (nothing stored if out is null; out may be x), returning the
     * sum of those exponentials: lane l of one accumulator adds the elements at l, l + L, l + 2L, … in order (L lanes),
     * then {@link #sumLanes} adds the L partial sums, using {@code lanes} (one element per lane) as space. {@code max}
     * is at least every x[from + i] (the row's maximum), so each argument is ≤ 0, −∞ or NaN and nothing overflows. On
     * return, {@code lanes[0]} holds the maximum, found as described under "max" below, of the n elements from
     * x[next]: another row, whose loads (from L3 at large sizes) then overlap this row's arithmetic instead of being a
     * pass of their own; next may be from.
     *
     * <p>Each e^x is {@link #exp(FloatVector)}'s arithmetic written out (this method takes and returns only arrays and
     * scalars: a call exp(vector) in the softmax loops was inlined by C2 or not depending on what it had compiled
     * first, and when not, its vectors were boxed and the softmax ran five times slower), without its doubling and its
     * overflow test, which arguments ≤ 0 do not need: 2^k·T_j is built directly, so the same bits as exp wherever
     * exp's result is at least 2.3·10⁻³⁸, and results down to the smallest normal float (x − max ≥ −87.33) rather than
     * exp's 0 below that. Two vectors are computed side by side (one e^x is a chain of about 12 dependent
     * operations), with plain loads and stores; the rest of the row (under 2L elements) one vector at a time under an
     * {@code indexInRange} mask, a second copy of the arithmetic: masking every vector (one copy) cost 16% at
     * 1024 × 1024 (softmax 315 → 271 µs in a probe). A third copy, or the next pass fused in (scaling the previous
     * row while this one is exponentiated), made the method too big for C1 ("out of virtual registers in linear
     * scan"): it then stayed in its boxing tier-2 code and ran 100 times slower.
     */
    static float expAndSum(float[] x, int from, int n, float max, float[] out, float[] lanes, int next) {
        int step = FLOATS.length();
        FloatVector sum = FloatVector.zero(FLOATS);
        FloatVector nextMax0 = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY), nextMax1 = nextMax0;
        IntVector powers = IntVector.fromArray(F_INDICES, F_POWER_BITS, 0);
        IntVector corrections = IntVector.fromArray(F_INDICES, F_CORRECTION_BITS, 0);
        // Nothing stored if out is null, by a mask rather than a branch: with an if around the stores, once both paths
        // had run (log-softmax and the first row's maximum pass null), C2 boxed e0 and e1, a new vector per store.
        float[] target = out != null ? out : x;
        VectorMask<Float> store = FLOATS.maskAll(out != null);
        int j = 0;
        for (int bound = n - 2 * step; j <= bound; j += 2 * step) {
            int o0 = from + j, o1 = o0 + step;
            FloatVector x0 = FloatVector.fromArray(FLOATS, x, o0).sub(max),
                    x1 = FloatVector.fromArray(FLOATS, x, o1).sub(max);
            // The next row, read here so that its loads (often from L3) overlap this row's arithmetic.
            FloatVector y0 = FloatVector.fromArray(FLOATS, x, next + j),
                    y1 = FloatVector.fromArray(FLOATS, x, next + j + step);
            nextMax0 = nextMax0.blend(y0, nextMax0.compare(VectorOperators.LT, y0));
            nextMax1 = nextMax1.blend(y1, nextMax1.compare(VectorOperators.LT, y1));
            // n = round(x·N/ln2) in the low bits of rounded; r = x − n·ln2/N in two parts (Cody–Waite).
            FloatVector rounded0 = x0.fma(F_TABLE_PER_LN2, F_ROUNDER), rounded1 = x1.fma(F_TABLE_PER_LN2, F_ROUNDER);
            FloatVector n0 = rounded0.sub(F_ROUNDER), n1 = rounded1.sub(F_ROUNDER);
            FloatVector r0 = n0.lanewise(VectorOperators.FMA, -F_STEP_LO, n0.lanewise(VectorOperators.FMA, -F_STEP_HI, x0)),
                    r1 = n1.lanewise(VectorOperators.FMA, -F_STEP_LO, n1.lanewise(VectorOperators.FMA, -F_STEP_HI, x1));
            IntVector bits0 = rounded0.reinterpretAsInts(), bits1 = rounded1.reinterpretAsInts();
            FloatVector scale0 = bits0.selectFrom(powers)
                    .add(bits0.lanewise(VectorOperators.LSHL, F_MANTISSA_BITS - F_TABLE_BITS).lanewise(VectorOperators.AND, F_EXPONENT_FIELD))
                    .reinterpretAsFloats();
            FloatVector scale1 = bits1.selectFrom(powers)
                    .add(bits1.lanewise(VectorOperators.LSHL, F_MANTISSA_BITS - F_TABLE_BITS).lanewise(VectorOperators.AND, F_EXPONENT_FIELD))
                    .reinterpretAsFloats();
            FloatVector q0 = bits0.selectFrom(corrections).reinterpretAsFloats(),
                    q1 = bits1.selectFrom(corrections).reinterpretAsFloats();
            FloatVector p0 = F_TABLE >= 16 ? r0.fma(1f / 6, F_A2)
                    : r0.fma(1f / 120, 1f / 24).lanewise(VectorOperators.FMA, r0, 1f / 6).lanewise(VectorOperators.FMA, r0, 0.5f);
            FloatVector p1 = F_TABLE >= 16 ? r1.fma(1f / 6, F_A2)
                    : r1.fma(1f / 120, 1f / 24).lanewise(VectorOperators.FMA, r1, 1f / 6).lanewise(VectorOperators.FMA, r1, 0.5f);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 1f).fma(r0, q0);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 1f).fma(r1, q1);
            // Below the range, 0 (a NaN compares false and stays NaN).
            FloatVector e0 = p0.fma(scale0, scale0).blend(0f, x0.compare(VectorOperators.LT, F_SUM_MIN_ARG));
            FloatVector e1 = p1.fma(scale1, scale1).blend(0f, x1.compare(VectorOperators.LT, F_SUM_MIN_ARG));
            e0.intoArray(target, o0, store);
            e1.intoArray(target, o1, store);
            sum = sum.add(e0).add(e1);
        }
        // The rest of the row, one vector at a time under an indexInRange mask: the same arithmetic as above.
        for (; j < n; j += step) {
            int o0 = from + j;
            VectorMask<Float> m0 = FLOATS.indexInRange(j, n);
            FloatVector x0 = FloatVector.fromArray(FLOATS, x, o0, m0).sub(max);
            FloatVector y0 = FloatVector.fromArray(FLOATS, x, next + j, m0);
            nextMax0 = nextMax0.blend(y0, nextMax0.compare(VectorOperators.LT, y0, m0));
            FloatVector rounded0 = x0.fma(F_TABLE_PER_LN2, F_ROUNDER);
            FloatVector n0 = rounded0.sub(F_ROUNDER);
            FloatVector r0 = n0.lanewise(VectorOperators.FMA, -F_STEP_LO, n0.lanewise(VectorOperators.FMA, -F_STEP_HI, x0));
            IntVector bits0 = rounded0.reinterpretAsInts();
            FloatVector scale0 = bits0.selectFrom(powers)
                    .add(bits0.lanewise(VectorOperators.LSHL, F_MANTISSA_BITS - F_TABLE_BITS).lanewise(VectorOperators.AND, F_EXPONENT_FIELD))
                    .reinterpretAsFloats();
            FloatVector q0 = bits0.selectFrom(corrections).reinterpretAsFloats();
            FloatVector p0 = F_TABLE >= 16 ? r0.fma(1f / 6, F_A2)
                    : r0.fma(1f / 120, 1f / 24).lanewise(VectorOperators.FMA, r0, 1f / 6).lanewise(VectorOperators.FMA, r0, 0.5f);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 1f).fma(r0, q0);
            FloatVector e0 = p0.fma(scale0, scale0).blend(0f, x0.compare(VectorOperators.LT, F_SUM_MIN_ARG));
            e0.intoArray(target, o0, m0.and(store));
            sum = sum.add(e0, m0);
        }
        sum.intoArray(lanes, 0);
        float total = sumLanes(lanes);
        nextMax0.blend(nextMax1, nextMax0.compare(VectorOperators.LT, nextMax1)).intoArray(lanes, 0);
        lanes[0] = maxLanes(lanes);
        return total;
    }

    /** expm1's clamp: below −88, e^x − 1 is −1 in float (e^−88 &lt; 2⁻¹²⁶); k is capped at 127 from 88 on. */
    private static final float F_EXPM1_MIN_ARG = -88f, F_EXPM1_K_CAP_ARG = 88f;

    /**
     * e^x − 1 in float, accurate relative to the result near 0 as well; −1 from x = −88 down (−∞ too), +∞ where it
     * overflows (from x ≈ 88.72), NaN for NaN. One evaluation per lane, not exp(x) − 1 blended with a Taylor
     * series (two evaluations, the series to x¹⁵ as the double version needs: ~40 vector operations, now ~24):
     * x = k·ln2 + r as in {@link #exp(FloatVector)} (|r| ≤ ln2/2, r exact for k = 0), then
     * e^x − 1 = 2^k·P + (2^k − 1) with P = expm1(r) = r·Q(r), Q = Σⱼ₌₀⁷ rʲ/(j + 1)! (Taylor to r⁸), by a fused
     * multiply-add. For k = 0 (|x| ≤ 0.3466) the result is P itself; the sign of a zero is not kept (−0 gives +0).
     * k is capped at 127 (x clamped to 88 before rounding) so that 2^k is a float; above 88, r reaches 0.72.
     *
     * <p>Error, relative to the exact result, from the arithmetic: truncation r⁹/9! below 0.01u for |r| ≤ 0.347
     * (1.7u at r = 0.72, x &gt; 88 only); Horner's rule on Q with fused multiply-adds, each step within u of a partial
     * sum, Σ|sᵢ|·|r|ⁱ ≤ 1.42 against Q ≥ 0.85: 1.7u; r·Q: u; r's one rounding (the k·ln2 split, u·|r|), amplified by
     * r·e^r/|e^r − 1| ≤ 1.2: 1.2u — so P within 4u (2.7u for k = 0, where r = x exactly). The final fused
     * multiply-add rounds once (u); 2^k − 1 is exact for |k| ≤ 24 and within u·2^k beyond (≤ 1.4u of the result);
     * and 2^k·|P| ≤ 2·|result| for k ≠ 0 (|result| ≥ 0.29 there). In all: within 2·4u + 1.4u + u ≤ 11u (12.5u above
     * x = 88), written 12u in the conformance suite's ELU and tanh bounds; measured (numpy float32 simulation over
     * 10⁶ arguments in [−90, 89]): see kernels/scripts/expm1_float_error.py.
     */
    static FloatVector expm1(FloatVector x) {
        FloatVector clamped = x.lanewise(VectorOperators.MAX, F_EXPM1_MIN_ARG); // NaN stays NaN (Math.max)
        FloatVector rounded = clamped.lanewise(VectorOperators.MIN, F_EXPM1_K_CAP_ARG).fma(F_LOG2E, F_ROUNDER);
        FloatVector k = rounded.sub(F_ROUNDER);
        FloatVector r = k.fma(FloatVector.broadcast(FLOATS, -F_LN2_LO), k.mul(-F_LN2_HI).add(clamped));
        FloatVector q = r.fma(1f / 40320, 1f / 5040);
        q = q.lanewise(VectorOperators.FMA, r, 1f / 720);
        q = q.lanewise(VectorOperators.FMA, r, 1f / 120);
        q = q.lanewise(VectorOperators.FMA, r, 1f / 24);
        q = q.lanewise(VectorOperators.FMA, r, 1f / 6);
        q = q.lanewise(VectorOperators.FMA, r, 0.5f);
        q = q.lanewise(VectorOperators.FMA, r, 1f);
        // 2^k with k in [−127, 127]: the exponent field k + 127 in [0, 254] (0 gives +0, so e^x − 1 = −1 there).
        FloatVector powerOfTwo = rounded.reinterpretAsInts().add(F_EXPONENT_BIAS)
                .lanewise(VectorOperators.LSHL, F_MANTISSA_BITS).reinterpretAsFloats();
        return q.mul(r).fma(powerOfTwo, powerOfTwo.sub(1f));
    }

    private static final double D_ROUNDER = 0x1.8p52;
    /** As for float: k within [−1021, 1024]; below, e^x (under 3.3·10⁻³⁰⁸) is flushed to 0. */
    private static final double D_MIN_ARG = -708.04, D_MAX_ARG = 709.8;
    private static final double D_LOG2E = 1.44269504088896338700e+00;
    private static final double D_LN2_HI = 6.93147180369123816490e-01, D_LN2_LO = 1.90821492927058770002e-10;
    private static final int D_EXPONENT_BIAS = 1023, D_MANTISSA_BITS = 52;

    static DoubleVector exp(DoubleVector x) {
        DoubleVector rounded = x.fma(D_LOG2E, D_ROUNDER);
        DoubleVector k = rounded.sub(D_ROUNDER);
        DoubleVector r = k.fma(DoubleVector.broadcast(DOUBLES, -D_LN2_LO), k.mul(-D_LN2_HI).add(x));
        DoubleVector p = r.fma(1d / 6227020800L, 1d / 479001600);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 39916800);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 3628800);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 362880);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 40320);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 5040);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 720);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 120);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 24);
        p = p.lanewise(VectorOperators.FMA, r, 1d / 6);
        p = p.lanewise(VectorOperators.FMA, r, 0.5d);
        p = p.lanewise(VectorOperators.FMA, r, 1d);
        p = p.lanewise(VectorOperators.FMA, r, 1d);
        DoubleVector powerOfTwo = rounded.reinterpretAsLongs().add(D_EXPONENT_BIAS - 1)
                .lanewise(VectorOperators.LSHL, D_MANTISSA_BITS).reinterpretAsDoubles();
        DoubleVector e = p.mul(2d).mul(powerOfTwo);
        e = e.blend(0d, x.compare(VectorOperators.LT, D_MIN_ARG));
        return e.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, D_MAX_ARG));
    }

    /**
     * As {@link #expAndSum(float[], int, int, float, float[], float[], int)}, with {@link #exp(DoubleVector)}'s
     * arithmetic.
     */
    static double expAndSum(double[] x, int from, int n, double max, double[] out, double[] lanes, int next) {
        int step = DOUBLES.length();
        DoubleVector ln2Lo = DoubleVector.broadcast(DOUBLES, -D_LN2_LO), sum = DoubleVector.zero(DOUBLES);
        DoubleVector nextMax0 = DoubleVector.broadcast(DOUBLES, Double.NEGATIVE_INFINITY), nextMax1 = nextMax0;
        // Nothing stored if out is null, by a mask rather than a branch: with an if around the stores, once both paths
        // had run (log-softmax and the first row's maximum pass null), C2 boxed e0 and e1, a new vector per store.
        double[] target = out != null ? out : x;
        VectorMask<Double> store = DOUBLES.maskAll(out != null);
        for (int j = 0; j < n; j += 2 * step) {
            int o0 = from + j, o1 = o0 + step;
            VectorMask<Double> m0 = DOUBLES.indexInRange(j, n), m1 = DOUBLES.indexInRange(j + step, n);
            DoubleVector x0 = DoubleVector.fromArray(DOUBLES, x, o0, m0).sub(max),
                    x1 = DoubleVector.fromArray(DOUBLES, x, o1, m1).sub(max);
            // The next row, read here so that its loads (often from L3) overlap this row's arithmetic.
            DoubleVector y0 = DoubleVector.fromArray(DOUBLES, x, next + j, m0),
                    y1 = DoubleVector.fromArray(DOUBLES, x, next + j + step, m1);
            nextMax0 = nextMax0.blend(y0, nextMax0.compare(VectorOperators.LT, y0, m0));
            nextMax1 = nextMax1.blend(y1, nextMax1.compare(VectorOperators.LT, y1, m1));
            // k = round(x / ln2), held in the low bits of n; r = x − k·ln2 in two parts (Cody–Waite).
            DoubleVector n0 = x0.fma(D_LOG2E, D_ROUNDER), n1 = x1.fma(D_LOG2E, D_ROUNDER);
            DoubleVector k0 = n0.sub(D_ROUNDER), k1 = n1.sub(D_ROUNDER);
            DoubleVector r0 = k0.fma(ln2Lo, k0.mul(-D_LN2_HI).add(x0)),
                    r1 = k1.fma(ln2Lo, k1.mul(-D_LN2_HI).add(x1));
            // 2·(Taylor polynomial of e^r) by Horner's rule: with doubled coefficients every step is exactly twice
            // exp's, so the result has exp's bits without exp's multiplication by 2.
            DoubleVector p0 = r0.fma(2d / 6227020800L, 2d / 479001600),
                    p1 = r1.fma(2d / 6227020800L, 2d / 479001600);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 39916800);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 39916800);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 3628800);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 3628800);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 362880);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 362880);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 40320);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 40320);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 5040);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 5040);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 720);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 720);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 120);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 120);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 24);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 24);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d / 6);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d / 6);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 1d);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 1d);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d);
            p0 = p0.lanewise(VectorOperators.FMA, r0, 2d);
            p1 = p1.lanewise(VectorOperators.FMA, r1, 2d);
            // × 2^(k−1), built in the exponent bits; below the range, 0 (a NaN compares false and stays NaN).
            DoubleVector e0 = p0.mul(n0.reinterpretAsLongs().add(D_EXPONENT_BIAS - 1)
                    .lanewise(VectorOperators.LSHL, D_MANTISSA_BITS).reinterpretAsDoubles())
                    .blend(0d, x0.compare(VectorOperators.LT, D_MIN_ARG));
            DoubleVector e1 = p1.mul(n1.reinterpretAsLongs().add(D_EXPONENT_BIAS - 1)
                    .lanewise(VectorOperators.LSHL, D_MANTISSA_BITS).reinterpretAsDoubles())
                    .blend(0d, x1.compare(VectorOperators.LT, D_MIN_ARG));
            e0.intoArray(target, o0, m0.and(store));
            e1.intoArray(target, o1, m1.and(store));
            sum = sum.add(e0, m0).add(e1, m1);
        }
        sum.intoArray(lanes, 0);
        double total = sumLanes(lanes);
        nextMax0.blend(nextMax1, nextMax0.compare(VectorOperators.LT, nextMax1)).intoArray(lanes, 0);
        lanes[0] = maxLanes(lanes);
        return total;
    }

    /**
     * e^x − 1 in double, accurate relative to the result near 0 as well; −1 below exp's range, NaN for NaN. For
     * |x| ≤ ½ Taylor's series to x¹⁵ by Horner's rule (truncation below 2⁻⁵⁹ = 0.5¹⁵/16!; within γ₃₀ in the worst
     * case, about 2u in practice), beyond it e^x − 1 (exp's 2u amplified by e^x/|e^x − 1| ≤ 1.55: 4u). Both are
     * evaluated for every lane; the float version below reduces the argument instead, which would need a
     * degree-13 polynomial and a second ln2 split here for no measured gain in double.
     */
    static DoubleVector expm1(DoubleVector x) {
        // x·(1 + x/2!·(1 + x/3·(1 + …))): Taylor to x¹⁵, by Horner's rule on 1/k! written out.
        DoubleVector p = x.fma(1d / 1307674368000d, 1d / 87178291200d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 6227020800d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 479001600d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 39916800d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 3628800d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 362880d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 40320d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 5040d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 720d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 120d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 24d);
        p = p.lanewise(VectorOperators.FMA, x, 1d / 6d);
        p = p.lanewise(VectorOperators.FMA, x, 0.5d);
        p = p.lanewise(VectorOperators.FMA, x, 1d);
        DoubleVector small = p.mul(x);
        return exp(x).sub(1d).blend(small, x.abs().compare(VectorOperators.LE, 0.5d));
    }

    // ------------------------------------------------ sum -------------------------------------------------

    /*
     * A vector's lanes are summed by storing it (intoArray, one instruction) and adding the stored values as a
     * balanced tree: element i with element i + L/2, then with i + L/4, and so on. Not a method taking the vector:
     * after a few inlined exps, C2 may refuse to inline one more call (NodeCountInliningCutoff), and a vector passed
     * to a method that is not inlined is boxed, which costs more than the whole row.
     */

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** The sum of {@code lanes} in a fixed order (overwriting it); its length is a power of two. */
    static float sumLanes(float[] lanes) {
        for (int half = lanes.length / 2; half > 0; half /= 2) {
            for (int i = 0; i < half; i++) {
                lanes[i] += lanes[i + half];
            }
        }
        return lanes[0];
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** The sum of {@code lanes} in a fixed order (overwriting it); its length is a power of two. */
    static double sumLanes(double[] lanes) {
        for (int half = lanes.length / 2; half > 0; half /= 2) {
            for (int i = 0; i < half; i++) {
                lanes[i] += lanes[i + half];
            }
        }
        return lanes[0];
    }

    // ---- end of generated double half ----

    // ------------------------------------------------ max -------------------------------------------------

    /*
     * The row maximum that the exponentials are taken relative to, found by expAndSum for the next row. It is kept by
     * compare-and-blend (x < y ? y : x, two vector instructions) rather than the Vector API's MAX, which is Math.max
     * lane by lane and costs six on AVX-512 (the NaN and signed-zero rules need a sign-bit mask, two blends and an
     * unordered compare around vmaxps).
     * It is the exact maximum of the non-NaN elements, whatever the order, except that where −0 and +0 are both in
     * the row it may be either. Neither difference reaches an output: a NaN in the row makes its e^(x − max) and so
     * the row's sum NaN, and with it every output of the row; two zeros of the row both give e^0 = 1, so the sum is
     * at least 2 and log Σ ≥ ln 2 > 0 absorbs the sign of x − max in log-softmax and cross-entropy. Softmax of a row
     * holding +∞ or only −∞ is NaN as before (∞ − ∞).
     *
     * There is no method for one row's maximum on its own: the row kernels get the first row's from expAndSum too
     * (exponentiating it against +∞, with nothing stored), at the cost of one extra row of arithmetic per call. Such a
     * method, called once per call, was C2-compiled inlined into the row kernel before it had a type profile: its
     * compare and blend stayed virtual calls and boxed their vectors, 22 kB per call at 1024 × 1024.
     */

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** The largest of {@code lanes} by the same compare-and-blend, lane 0 first. */
    private static float maxLanes(float[] lanes) {
        float m = lanes[0];
        for (int i = 1; i < lanes.length; i++) {
            m = m < lanes[i] ? lanes[i] : m;
        }
        return m;
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** The largest of {@code lanes} by the same compare-and-blend, lane 0 first. */
    private static double maxLanes(double[] lanes) {
        double m = lanes[0];
        for (int i = 1; i < lanes.length; i++) {
            m = m < lanes[i] ? lanes[i] : m;
        }
        return m;
    }

    // ---- end of generated double half ----

    // ------------------------------------------- log1p and sigmoid -------------------------------------------

    /*
     * log(1 + a) where the obvious log(1 + a) would round a away (expm1 is above, by precision: its float and double
     * versions differ). Built on a Taylor polynomial whose degree serves double precision (the float twin evaluates
     * the same terms, a few more than it needs): log1p for a in [0, 1] is 2·atanh(s), s = a/(2 + a) ≤ ⅓ (2u), by
     * its series in s² ≤ 1/9 to the term s³⁵ (truncation below 2⁻⁵⁷): within 2u + γ₃₅·⅛ relative.
     */

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** log(1 + a) for a in [0, 1] (the range softplus needs), as 2·atanh(a / (2 + a)). */
    static FloatVector log1pUnit(FloatVector a) {
        FloatVector s = a.div(a.add(2f)), s2 = s.mul(s);
        // 2·(s + s³/3 + s⁵/5 + … + s³⁵/35), by Horner's rule in s².
        FloatVector p = s2.fma(1f / 35, 1f / 33);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 31);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 29);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 27);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 25);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 23);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 21);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 19);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 17);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 15);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 13);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 11);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 9);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 7);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 5);
        p = p.lanewise(VectorOperators.FMA, s2, 1f / 3);
        p = p.lanewise(VectorOperators.FMA, s2, 1f);
        return p.mul(s).mul(2f);
    }

    /**
     * σ(z) from e^−|z|, which never overflows: r = 1/(1 + e) for z ≥ 0, e·r below (NaN for NaN); one division, not
     * two (a division costs several multiplications' time). Where e^−|z| flushes to 0 (|z| &gt; 86.64 in float, 708 in
     * double) σ(z) is 0 for negative z, short of the true value by less than 2.4·10⁻³⁸ (float) or 3.3·10⁻³⁰⁸ (double).
     */
    static FloatVector sigmoid(FloatVector z) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f), e = exp(z.abs().neg()), r = one.div(one.add(e));
        return e.mul(r).blend(r, z.compare(VectorOperators.GE, 0f));
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** log(1 + a) for a in [0, 1] (the range softplus needs), as 2·atanh(a / (2 + a)). */
    static DoubleVector log1pUnit(DoubleVector a) {
        DoubleVector s = a.div(a.add(2d)), s2 = s.mul(s);
        // 2·(s + s³/3 + s⁵/5 + … + s³⁵/35), by Horner's rule in s².
        DoubleVector p = s2.fma(1d / 35, 1d / 33);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 31);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 29);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 27);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 25);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 23);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 21);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 19);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 17);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 15);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 13);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 11);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 9);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 7);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 5);
        p = p.lanewise(VectorOperators.FMA, s2, 1d / 3);
        p = p.lanewise(VectorOperators.FMA, s2, 1d);
        return p.mul(s).mul(2d);
    }

    /**
     * σ(z) from e^−|z|, which never overflows: r = 1/(1 + e) for z ≥ 0, e·r below (NaN for NaN); one division, not
     * two (a division costs several multiplications' time). Where e^−|z| flushes to 0 (|z| &gt; 86.64 in double, 708 in
     * double) σ(z) is 0 for negative z, short of the true value by less than 2.4·10⁻³⁸ (double) or 3.3·10⁻³⁰⁸ (double).
     */
    static DoubleVector sigmoid(DoubleVector z) {
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1d), e = exp(z.abs().neg()), r = one.div(one.add(e));
        return e.mul(r).blend(r, z.compare(VectorOperators.GE, 0d));
    }

    // ---- end of generated double half ----
}
