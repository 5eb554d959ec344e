package dev.lanes.kernels.vector;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The float e^x of {@link VectorMath#exp(FloatVector)} and {@link VectorMath#expAndSum} against {@link Math#exp} in
 * double (within 1 ulp of e^x in double, 2⁻²⁹ of a float ulp: exact for this purpose), over its whole useful range:
 * every 31st float from the flush threshold to the overflow threshold, every float near the thresholds, 0 and the
 * table's steps, and the special values.
 *
 * <p>The bound asserted is VectorMath's derivation (class comment on the float exp): 0.5 ulp for the last rounding plus
 * δ/u ulp for the error before it, δ ≤ u·(4.04h + 0.018) + truncation with h = ln2/(2N) the largest |r| and N the
 * table's size (16 with 16 lanes or more: 0.64 ulp; 8 lanes: 0.70; 4 lanes: 0.88).
 */
class VectorMathExpTest {
    private static final int LANES = FLOATS.length();
    /** e^x overflows float from here on (Math.exp(88.72284f) &gt; Float.MAX_VALUE). */
    private static final float OVERFLOW = 88.72284f;

    private static double bound() {
        double h = Math.log(2) / (2 * VectorMath.F_TABLE);
        double truncation = VectorMath.F_TABLE >= 16 ? 0.1716 * Math.pow(h, 4) / 24 + Math.pow(h, 5) / 120 : Math.pow(h, 6) / 720;
        return 0.5 + 4.04 * h + 0.018 + truncation * 0x1p24;
    }

    /** |got − exact| in ulps of the exact value's binade (normal results only). */
    private static double ulps(float got, double exact) {
        return Math.abs(got - exact) / Math.scalb(1.0, Math.getExponent(exact) - 23);
    }

    /** Worst error of exp and of expAndSum (x ≤ 0 only) over the given arguments, checking both stay in the bound. */
    private static double[] check(float[] x, int n) {
        float[] viaExp = new float[n + LANES], viaSum = new float[n + LANES], lanes = new float[LANES];
        float[] padded = java.util.Arrays.copyOf(x, n + LANES);
        for (int i = 0; i < n; i += LANES) {
            VectorMath.exp(FloatVector.fromArray(FLOATS, padded, i)).intoArray(viaExp, i);
        }
        // expAndSum's arguments are x − max; max = 0 makes them x, exactly.
        VectorMath.expAndSum(padded, 0, n, 0f, viaSum, lanes, 0);
        double worstExp = 0, worstSum = 0, bound = bound();
        for (int i = 0; i < n; i++) {
            double exact = Math.exp(x[i]);
            if (x[i] >= VectorMath.F_MIN_ARG && x[i] < OVERFLOW) {
                double e = ulps(viaExp[i], exact);
                if (!(e <= bound)) {
                    fail("exp(" + x[i] + ") = " + viaExp[i] + ", exact " + exact + ": " + e + " ulp > " + bound);
                }
                worstExp = Math.max(worstExp, e);
            }
            if (x[i] >= VectorMath.F_SUM_MIN_ARG && x[i] <= 0) {
                double e = ulps(viaSum[i], exact);
                if (!(e <= bound)) {
                    fail("expAndSum e^" + x[i] + " = " + viaSum[i] + ", exact " + exact + ": " + e + " ulp > " + bound);
                }
                worstSum = Math.max(worstSum, e);
                if (x[i] >= VectorMath.F_MIN_ARG) {
                    // Documented: the same bits as exp wherever exp does not flush.
                    if (Float.floatToRawIntBits(viaExp[i]) != Float.floatToRawIntBits(viaSum[i])) {
                        fail("x = " + x[i] + ": exp " + viaExp[i] + ", expAndSum " + viaSum[i]);
                    }
                }
            }
        }
        return new double[] {worstExp, worstSum};
    }

    @Test
    void everyThirtyFirstFloatOfTheRangeIsWithinTheDerivedBound() {
        float[] x = new float[1 << 16];
        double worstExp = 0, worstSum = 0;
        int n = 0;
        for (int bits = Float.floatToRawIntBits(VectorMath.F_SUM_MIN_ARG); bits < 0; bits -= 31) {
            x[n++] = Float.intBitsToFloat(bits); // negative floats: smaller bits, smaller magnitude
            if (n == x.length) {
                double[] w = check(x, n);
                worstExp = Math.max(worstExp, w[0]);
                worstSum = Math.max(worstSum, w[1]);
                n = 0;
            }
        }
        for (int bits = 0; bits <= Float.floatToRawIntBits(OVERFLOW); bits += 31) {
            x[n++] = Float.intBitsToFloat(bits);
            if (n == x.length) {
                double[] w = check(x, n);
                worstExp = Math.max(worstExp, w[0]);
                worstSum = Math.max(worstSum, w[1]);
                n = 0;
            }
        }
        double[] w = check(x, n);
        System.out.printf("VectorMath float exp (%d-entry table): worst %.4f ulp (exp), %.4f ulp (expAndSum); bound %.4f%n",
                VectorMath.F_TABLE, Math.max(worstExp, w[0]), Math.max(worstSum, w[1]), bound());
    }

    @Test
    void everyFloatNearTheThresholdsZeroAndTheTableStepsIsWithinTheDerivedBound() {
        float[] centres = {VectorMath.F_SUM_MIN_ARG, VectorMath.F_MIN_ARG, OVERFLOW, -0f, 0f, 1e-3f, -1e-3f,
                (float) (Math.log(2) / (2 * VectorMath.F_TABLE)), (float) (-Math.log(2) / (2 * VectorMath.F_TABLE)),
                (float) (-60 * Math.log(2)), (float) (-125.5 * Math.log(2)), (float) (127.5 * Math.log(2))};
        float[] x = new float[2 * 4096 + 1];
        for (float centre : centres) {
            int n = 0;
            float v = centre;
            for (int i = 0; i < 4096; i++) {
                v = Math.nextDown(v);
            }
            for (; n < x.length; n++, v = Math.nextUp(v)) {
                x[n] = v;
            }
            check(x, n);
        }
    }

    @Test
    void specialValuesAndTheFlushAndOverflowEdges() {
        float[] x = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xFFC00000),
                Float.intBitsToFloat(0x7FC12345), Float.intBitsToFloat(0xFF812345), -0f, 0f, 88.72283f, OVERFLOW, 89f, 1e30f,
                Float.MAX_VALUE, -Float.MAX_VALUE, -1e30f, -200f, -103.972f, -103.28f, -87.4f, -90f, -100f,
                Math.nextDown(VectorMath.F_MIN_ARG), Math.nextDown(VectorMath.F_SUM_MIN_ARG), Float.MIN_VALUE, -Float.MIN_VALUE};
        float[] padded = java.util.Arrays.copyOf(x, (x.length + LANES - 1) / LANES * LANES), e = new float[padded.length];
        for (int i = 0; i < padded.length; i += LANES) {
            VectorMath.exp(FloatVector.fromArray(FLOATS, padded, i)).intoArray(e, i);
        }
        for (int i = 0; i < x.length; i++) {
            float xi = x[i], got = e[i];
            double exact = Math.exp(xi);
            if (Float.isNaN(xi)) {
                assertTrue(Float.isNaN(got), "exp(NaN " + Integer.toHexString(Float.floatToRawIntBits(xi)) + ") = " + got);
            } else if (exact > Float.MAX_VALUE) {
                assertEquals(Float.POSITIVE_INFINITY, got, "exp(" + xi + ")");
            } else if (xi < VectorMath.F_MIN_ARG) {
                // Flushed (documented): e^x < 2^-125, twice the smallest normal float.
                assertEquals(0f, got, "exp(" + xi + ")");
                assertTrue(exact < 0x1p-125, "exp(" + xi + ") flushed, but e^x = " + exact);
            } else {
                assertTrue(ulps(got, exact) <= bound(), "exp(" + xi + ") = " + got + ", exact " + exact);
            }
        }
        // expAndSum: arguments x − max ≤ 0; −∞ gives 0, NaN gives NaN and makes the sum NaN; below −87.33, 0.
        float[] args = {Float.NEGATIVE_INFINITY, -200f, -103.972f, -100f, -87.4f, Math.nextDown(VectorMath.F_SUM_MIN_ARG), -1f, 0f};
        float[] out = new float[args.length], lanes = new float[LANES];
        float sum = VectorMath.expAndSum(args, 0, args.length, 0f, out, lanes, 0);
        for (int i = 0; i < args.length; i++) {
            double exact = Math.exp(args[i]);
            if (args[i] < VectorMath.F_SUM_MIN_ARG) {
                assertEquals(0f, out[i], "e^" + args[i]);
                assertTrue(exact < Float.MIN_NORMAL * 1.02, "e^" + args[i] + " flushed, but it is " + exact);
            } else {
                assertTrue(ulps(out[i], exact) <= bound(), "e^" + args[i] + " = " + out[i]);
            }
        }
        assertEquals((float) (Math.exp(-1) + 1), sum, 1e-6f);
        float[] withNaN = {-1f, Float.NaN, -2f, Float.intBitsToFloat(0xFFC00010)};
        float[] nanOut = new float[withNaN.length];
        float nanSum = VectorMath.expAndSum(withNaN, 0, withNaN.length, 0f, nanOut, lanes, 0);
        assertTrue(Float.isNaN(nanSum), "sum with a NaN argument: " + nanSum);
        assertTrue(Float.isNaN(nanOut[1]) && Float.isNaN(nanOut[3]), "NaN arguments: " + nanOut[1] + ", " + nanOut[3]);
    }
}
