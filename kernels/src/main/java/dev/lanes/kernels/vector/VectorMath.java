package dev.lanes.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * e^x and the sum of a vector's lanes, built only from operations IEEE 754 defines exactly (add, multiply, fused
 * multiply-add, min, max, lane permutations, integer shifts), so that they give the same bits interpreted, under C1
 * and under C2, on every CPU.
 *
 * <p>Why not the Vector API's own: {@code lanewise(VectorOperators.EXP)} is specified only to within 1 ulp; the
 * interpreter and C1 compute it with {@link Math#exp} lane by lane, C2 with a SIMD library, and on this machine the
 * two disagree in the last bit for about 1% (float) and 5% (double) of arguments. {@code reduceLanes(ADD)} leaves
 * its order unspecified, and C2 on x86 adds in another order than the interpreter for about half of all inputs.
 * Either made a kernel's first (cold) call and its later (compiled) calls disagree, which breaks the promise that a
 * provider gives the same bits for the same inputs. The exp below is also about twice as fast as the library's
 * (it is inlined: no call, no spilled registers).
 *
 * <p>Accuracy of {@link #exp}: the argument is clamped (NaN stays NaN) to where e^x neither certainly overflows nor
 * certainly underflows; x = k·ln2 + r with k = round(x / ln2) and |r| ≤ ln2/2 (Cody–Waite: ln2 in two parts, so r is
 * nearly exact); e^r by its Taylor polynomial — degree 7 for float (truncation error below 6·10⁻⁹ relative, 0.1 ulp),
 * 13 for double (below 5·10⁻¹⁸, 0.05 ulp) — in Horner form with fused multiply-adds; then multiplied by 2^k in two
 * exact power-of-two steps so that results in the subnormal range are rounded once. Measured against exact values
 * (see the report in VectorKernelsProviderTest): under 1 ulp in both precisions, ±∞ and NaN as {@link Math#exp}.
 */
final class VectorMath {
    private VectorMath() {
    }

    // ------------------------------------------------ exp -------------------------------------------------

    /** Adding then subtracting 1.5·2²³ rounds a float of magnitude below 2²² to an integer; its bits hold it too. */
    private static final float F_ROUNDER = 0x1.8p23f;
    /** e^x is +∞ in float above 88.73 and rounds to 0 below −103.98; the clamp keeps k within [−150, 129). */
    private static final float F_MIN_ARG = -104f, F_MAX_ARG = 89f;
    private static final float F_LOG2E = 1.44269504088896341f;
    /** ln2 = F_LN2_HI + F_LN2_LO; F_LN2_HI has few significant bits, so k·F_LN2_HI is exact. */
    private static final float F_LN2_HI = 0.693359375f, F_LN2_LO = -2.12194440e-4f;
    private static final int F_EXPONENT_BIAS = 127, F_MANTISSA_BITS = 23;

    static FloatVector exp(FloatVector x) {
        // Clamped by compare-and-blend (cheaper than MIN/MAX's NaN rules); a NaN compares false and stays.
        FloatVector t = x.blend(F_MIN_ARG, x.compare(VectorOperators.LT, F_MIN_ARG));
        t = t.blend(F_MAX_ARG, t.compare(VectorOperators.GT, F_MAX_ARG));
        FloatVector rounded = t.fma(F_LOG2E, F_ROUNDER);
        FloatVector k = rounded.sub(F_ROUNDER);
        FloatVector r = k.fma(FloatVector.broadcast(FLOATS, -F_LN2_LO), k.mul(-F_LN2_HI).add(t));
        FloatVector p = taylor(r);
        // 2^k = 2^k1 · 2^k2, each factor a normal float even when 2^k is not.
        FloatVector k1 = k.fma(0.5f, F_ROUNDER);
        FloatVector k2 = k.sub(k1.sub(F_ROUNDER)).add(F_ROUNDER);
        return p.mul(powerOfTwo(k1)).mul(powerOfTwo(k2));
    }

    /** e^r for |r| ≤ ln2/2: its Taylor polynomial of degree 7 by Horner's rule (kept apart so that C2 inlines both). */
    private static FloatVector taylor(FloatVector r) {
        FloatVector p = r.fma(1f / 5040, 1f / 720);
        p = p.lanewise(VectorOperators.FMA, r, 1f / 120);
        p = p.lanewise(VectorOperators.FMA, r, 1f / 24);
        p = p.lanewise(VectorOperators.FMA, r, 1f / 6);
        p = p.lanewise(VectorOperators.FMA, r, 0.5f);
        p = p.lanewise(VectorOperators.FMA, r, 1f);
        return p.lanewise(VectorOperators.FMA, r, 1f);
    }

    /** 2^j for j held as F_ROUNDER + j: the low bits of its representation are j, shifted into the exponent. */
    private static FloatVector powerOfTwo(FloatVector roundedExponent) {
        return roundedExponent.reinterpretAsInts().add(F_EXPONENT_BIAS).lanewise(VectorOperators.LSHL, F_MANTISSA_BITS)
                .reinterpretAsFloats();
    }

    private static final double D_ROUNDER = 0x1.8p52;
    private static final double D_MIN_ARG = -746d, D_MAX_ARG = 710d;
    private static final double D_LOG2E = 1.44269504088896338700e+00;
    private static final double D_LN2_HI = 6.93147180369123816490e-01, D_LN2_LO = 1.90821492927058770002e-10;
    private static final int D_EXPONENT_BIAS = 1023, D_MANTISSA_BITS = 52;

    static DoubleVector exp(DoubleVector x) {
        DoubleVector t = x.blend(D_MIN_ARG, x.compare(VectorOperators.LT, D_MIN_ARG));
        t = t.blend(D_MAX_ARG, t.compare(VectorOperators.GT, D_MAX_ARG));
        DoubleVector rounded = t.fma(D_LOG2E, D_ROUNDER);
        DoubleVector k = rounded.sub(D_ROUNDER);
        DoubleVector r = k.fma(DoubleVector.broadcast(DOUBLES, -D_LN2_LO), k.mul(-D_LN2_HI).add(t));
        DoubleVector p = taylor(r);
        DoubleVector k1 = k.fma(0.5d, D_ROUNDER);
        DoubleVector k2 = k.sub(k1.sub(D_ROUNDER)).add(D_ROUNDER);
        return p.mul(powerOfTwo(k1)).mul(powerOfTwo(k2));
    }

    private static DoubleVector taylor(DoubleVector r) {
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
        return p.lanewise(VectorOperators.FMA, r, 1d);
    }

    private static DoubleVector powerOfTwo(DoubleVector roundedExponent) {
        return roundedExponent.reinterpretAsLongs().add(D_EXPONENT_BIAS).lanewise(VectorOperators.LSHL, D_MANTISSA_BITS)
                .reinterpretAsDoubles();
    }

    // ------------------------------------------------ sum -------------------------------------------------

    /*
     * The lanes are added as a balanced tree: lane i with lane i + L/2, then with i + L/4, and so on, so lane 0 ends
     * with the total. Each step permutes with a constant shuffle (lane i takes lane i XOR w); the shuffles exist for
     * every width up to 2048-bit vectors, and the ones wider than the species are never used.
     */
    private static final VectorShuffle<Float> F_XOR_32 = xor(FLOATS, 32), F_XOR_16 = xor(FLOATS, 16),
            F_XOR_8 = xor(FLOATS, 8), F_XOR_4 = xor(FLOATS, 4), F_XOR_2 = xor(FLOATS, 2), F_XOR_1 = xor(FLOATS, 1);

    /** The sum of the lanes, always in the same order (unlike {@code reduceLanes(ADD)}). */
    static float sum(FloatVector v) {
        int lanes = FLOATS.length();
        if (lanes > 32) v = v.add(v.rearrange(F_XOR_32));
        if (lanes > 16) v = v.add(v.rearrange(F_XOR_16));
        if (lanes > 8) v = v.add(v.rearrange(F_XOR_8));
        if (lanes > 4) v = v.add(v.rearrange(F_XOR_4));
        if (lanes > 2) v = v.add(v.rearrange(F_XOR_2));
        if (lanes > 1) v = v.add(v.rearrange(F_XOR_1));
        return v.lane(0);
    }

    private static final VectorShuffle<Double> D_XOR_16 = xor(DOUBLES, 16), D_XOR_8 = xor(DOUBLES, 8),
            D_XOR_4 = xor(DOUBLES, 4), D_XOR_2 = xor(DOUBLES, 2), D_XOR_1 = xor(DOUBLES, 1);

    static double sum(DoubleVector v) {
        int lanes = DOUBLES.length();
        if (lanes > 16) v = v.add(v.rearrange(D_XOR_16));
        if (lanes > 8) v = v.add(v.rearrange(D_XOR_8));
        if (lanes > 4) v = v.add(v.rearrange(D_XOR_4));
        if (lanes > 2) v = v.add(v.rearrange(D_XOR_2));
        if (lanes > 1) v = v.add(v.rearrange(D_XOR_1));
        return v.lane(0);
    }

    private static <E> VectorShuffle<E> xor(VectorSpecies<E> species, int w) {
        return w < species.length() ? VectorShuffle.fromOp(species, i -> i ^ w) : null;
    }

    static {
        if (FLOATS.length() > 64 || DOUBLES.length() > 32) {
            throw new AssertionError("vectors wider than 2048 bits: extend VectorMath.sum");
        }
    }
}
