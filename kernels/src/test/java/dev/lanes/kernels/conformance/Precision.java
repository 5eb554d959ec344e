package dev.lanes.kernels.conformance;

import java.util.Arrays;

/**
 * The two element types every operation comes in. Test data is made in {@code double} and rounded to the
 * element type with {@link #array}, so both precisions run the same cases; {@link #values} reads any
 * result back as {@code double} (exactly, for float) for comparison and error bounds.
 */
enum Precision {
    FLOAT(0x1p-24, Float.MIN_NORMAL),
    DOUBLE(0x1p-53, Double.MIN_NORMAL);

    /** The unit roundoff u: the largest relative error of one correctly rounded operation (half an ulp of 1). */
    final double unitRoundoff;
    /** The smallest normal number: below it relative error bounds do not hold (gradual underflow). */
    final double minNormal;

    Precision(double unitRoundoff, double minNormal) {
        this.unitRoundoff = unitRoundoff;
        this.minNormal = minNormal;
    }

    /**
     * γₙ = n·u / (1 − n·u): the classical bound (Higham, Accuracy and Stability of Numerical Algorithms, §3.1)
     * on the relative error accumulated through a chain of n roundings, |θₙ| ≤ γₙ for ∏(1 + δᵢ)^±1 = 1 + θₙ.
     */
    double gamma(int n) {
        double nu = n * unitRoundoff;
        if (nu >= 1) {
            throw new IllegalArgumentException("γ(" + n + ") is not defined for " + this);
        }
        return nu / (1 - nu);
    }

    /** A new array of the element type holding {@code values} rounded to it. */
    Object array(double[] values) {
        if (this == DOUBLE) {
            return values.clone();
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** The elements of a float[] or double[] as doubles (exact). */
    static double[] values(Object array) {
        if (array instanceof double[] d) {
            return d.clone();
        }
        float[] f = (float[]) array;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Values rounded to this precision and read back: what the kernels will actually see. */
    double[] round(double[] values) {
        return values((array(values)));
    }

    static Object copy(Object array) {
        return array instanceof double[] d ? d.clone() : ((float[]) array).clone();
    }

    /** Bit-for-bit equality of two arrays of the same element type (NaNs compared by their bits). */
    static boolean sameBits(Object x, Object y) {
        if (x instanceof double[] dx) {
            double[] dy = (double[]) y;
            for (int i = 0; i < dx.length; i++) {
                if (Double.doubleToRawLongBits(dx[i]) != Double.doubleToRawLongBits(dy[i])) {
                    return false;
                }
            }
            return dx.length == dy.length;
        }
        float[] fx = (float[]) x, fy = (float[]) y;
        for (int i = 0; i < fx.length; i++) {
            if (Float.floatToRawIntBits(fx[i]) != Float.floatToRawIntBits(fy[i])) {
                return false;
            }
        }
        return fx.length == fy.length;
    }

    /** The first index where two arrays differ in bits, or -1. */
    static int firstDifference(Object x, Object y) {
        double[] dx = values(x), dy = values(y);
        for (int i = 0; i < Math.min(dx.length, dy.length); i++) {
            if (Double.doubleToRawLongBits(dx[i]) != Double.doubleToRawLongBits(dy[i])) {
                return i;
            }
        }
        return dx.length == dy.length ? -1 : Math.min(dx.length, dy.length);
    }

    static String describe(double[] values, int around) {
        int from = Math.max(0, around - 2), to = Math.min(values.length, around + 3);
        return "[" + from + ".." + to + ") = " + Arrays.toString(Arrays.copyOfRange(values, from, to));
    }
}
