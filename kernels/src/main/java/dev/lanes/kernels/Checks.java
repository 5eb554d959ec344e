package dev.lanes.kernels;

import java.lang.reflect.Array;

/**
 * Argument validation shared by every operation of {@link Kernels}. Each check throws before the operation
 * writes anything, and its message names the operation, the argument and the shapes involved.
 * Sizes are computed in {@code long}, so a product such as rows·cols that overflows {@code int} is reported as
 * an array that is too short rather than wrapping around.
 */
final class Checks {
    private Checks() {
    }

    static void nonNegative(String op, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(op + ": " + name + " must be >= 0, got " + value);
        }
    }

    static void positive(String op, String name, int value, String why) {
        if (value < 1) {
            throw new IllegalArgumentException(op + ": " + name + " must be >= 1 " + why + ", got " + value);
        }
    }

    static int length(String op, String name, Object array) {
        if (array == null) {
            throw new NullPointerException(op + ": " + name + " is null");
        }
        return Array.getLength(array);
    }

    /** An array holding at least {@code n} elements from index 0. */
    static void vector(String op, String name, Object array, int n) {
        int length = length(op, name, array);
        if (length < n) {
            throw new IllegalArgumentException(op + ": " + name + " needs " + n + " elements but "
                    + name + ".length = " + length);
        }
    }

    /** A contiguous row-major rows×cols matrix from index 0. */
    static void dense(String op, String name, Object array, int rows, int cols) {
        int length = length(op, name, array);
        long needed = (long) rows * cols;
        if (length < needed) {
            throw new IllegalArgumentException(op + ": " + name + " is " + rows + "x" + cols + " and needs "
                    + needed + " elements but " + name + ".length = " + length);
        }
    }

    /** A row-major rows×cols matrix stored from {@code offset} with {@code ld} elements between row starts. */
    static void strided(String op, String name, Object array, int offset, int rows, int cols, int ld) {
        int length = length(op, name, array);
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": leading dimension of " + describe(name, offset, rows, cols, ld)
                    + " must be >= max(1, " + cols + ")");
        }
        if (offset < 0 || offset > length) {
            throw new IllegalArgumentException(op + ": offset of " + describe(name, offset, rows, cols, ld)
                    + " is outside [0, " + length + "]");
        }
        long end = end(offset, rows, cols, ld);
        if (end > length) {
            throw new IllegalArgumentException(op + ": " + describe(name, offset, rows, cols, ld) + " needs " + end
                    + " elements but " + name + ".length = " + length);
        }
    }

    // Built only when a check fails: GEMM is called per layer per batch, and a check must not allocate.
    private static String describe(String name, int offset, int rows, int cols, int ld) {
        return name + " (stored " + rows + "x" + cols + " at offset " + offset + ", leading dimension " + ld + ")";
    }

    /** One past the last element a strided matrix touches; {@code offset} when it is empty. */
    static long end(int offset, int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? offset : offset + (long) (rows - 1) * ld + cols;
    }

    /** Throws when two strided matrices in the same array share any part of their spans. */
    static void disjoint(String op, String nameC, Object c, int cOffset, long cEnd,
                         String nameX, Object x, int xOffset, long xEnd) {
        boolean bothNonEmpty = cEnd > cOffset && xEnd > xOffset;
        if (c == x && bothNonEmpty && cOffset < xEnd && xOffset < cEnd) {
            throw new IllegalArgumentException(op + ": " + nameC + " [" + cOffset + ", " + cEnd + ") overlaps "
                    + nameX + " [" + xOffset + ", " + xEnd + ") in the same array; the output must not alias an input");
        }
    }

    static void labels(String op, int[] labels, int rows, int classes) {
        vector(op, "labels", labels, rows);
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(op + ": labels[" + i + "] = " + labels[i]
                        + " is not a class index in [0, " + classes + ")");
            }
        }
    }

    /** At least n elements, each finite and ≥ 0 (class weights, positive weights). */
    static void nonNegativeFinite(String op, String name, float[] array, int n) {
        vector(op, name, array, n);
        for (int i = 0; i < n; i++) {
            if (!(array[i] >= 0) || array[i] == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(op + ": " + name + "[" + i + "] = " + array[i] + " is not finite and >= 0");
            }
        }
    }

    /** At least n elements, each finite and ≥ 0 (class weights, positive weights). */
    static void nonNegativeFinite(String op, String name, double[] array, int n) {
        vector(op, name, array, n);
        for (int i = 0; i < n; i++) {
            if (!(array[i] >= 0) || array[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(op + ": " + name + "[" + i + "] = " + array[i] + " is not finite and >= 0");
            }
        }
    }

    /** A scalar parameter that must be finite and &gt; 0 (a normalisation's eps). */
    static void positiveFinite(String op, String name, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite and > 0, got " + value);
        }
    }

    /** A label smoothing ε in [0, 1], as PyTorch requires. */
    static void smoothing(String op, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
    }

    static void notSame(String op, String nameA, Object a, String nameB, Object b) {
        if (a == b) {
            throw new IllegalArgumentException(op + ": " + nameA + " and " + nameB + " must be different arrays");
        }
    }

    /** The parameter of a regression loss: δ finite and &gt; 0 (Huber), β finite and ≥ 0 (smooth L1), else unread. */
    static void regressionParameter(String op, RegressionLoss kind, double parameter) {
        if (kind == RegressionLoss.HUBER && !(parameter > 0 && parameter < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(op + ": HUBER's parameter delta must be finite and > 0, got " + parameter);
        }
        if (kind == RegressionLoss.SMOOTH_L1 && !(parameter >= 0 && parameter < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(op + ": SMOOTH_L1's parameter beta must be finite and >= 0, got " + parameter);
        }
    }
}
