package dev.lanes.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * The row-wise operations, all built on a row's maximum: softmax, log-softmax, softmax cross-entropy and argmax.
 *
 * <h2>How the results relate to the scalar reference</h2>
 * <ul>
 * <li>The row maximum is exact whatever the order ({@code MAX} is {@link Math#max} lane by lane, so a NaN
 * anywhere in the row makes it NaN), and so are {@code x − max} and, in {@code argmaxRows}, the comparisons:
 * {@code argmaxRows} is bit-identical to the reference (first maximum on ties, −0 and +0 tie, first NaN if any).
 * <li>e^(x − max) is {@code lanewise(VectorOperators.EXP)}. The Vector API specifies it only as accurate as
 * {@link Math#exp} (within 1 ulp of the exact result), without Math.exp's semi-monotonicity. While the code is
 * interpreted or compiled by C1 the Vector API computes it with Math.exp lane by lane (bit-identical to the
 * reference); once C2 compiles it, it calls the JDK's SIMD math library, which measured on this machine (AVX-512,
 * JDK 25, 16k random arguments per type) at most 0.54 ulp (float) and 0.64 ulp (double) from the exact result,
 * and 1 ulp from the reference's {@code (float) Math.exp} / {@code Math.exp} for about 1% (float) and 5% (double)
 * of arguments. So results can change by an ulp between a cold and a warm call.
 * <li>The row sum of the exponentials uses two vector accumulators (even and odd vectors; the masked tail goes to
 * the second) added lane-wise and then reduced across lanes by {@code reduceLanes(ADD)} in an unspecified order,
 * so it differs from the reference's left-to-right sum by the rounding of a sum of {@code cols} positive terms.
 * <li>Everything after the sum — the divisions by the sum and by {@code rows}, the logarithm, the subtractions —
 * is the reference's arithmetic in the reference's order (divisions, not products with a reciprocal).
 * </ul>
 * Non-finite rows follow from that arithmetic exactly as in the reference: a NaN or +∞ makes the maximum NaN or
 * +∞, so x − max is NaN somewhere and the whole row (and the loss) is NaN; a row of −∞ has −∞ − (−∞) = NaN.
 */
final class VectorRowwise {
    private static final int ACCUMULATORS = 4;

    private VectorRowwise() {
    }

    // =============================================== float ===============================================

    static void softmax(int rows, int cols, float[] x, float[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = rowMax(x, row, cols);
            float sum = storeExpAndSum(x, row, cols, max, out);
            divide(out, row, cols, sum);
        }
    }

    static void logSoftmax(int rows, int cols, float[] x, float[] out) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            float max = rowMax(x, row, cols);
            float logSum = (float) Math.log(sumExp(x, row, cols, max));
            for (; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, x, row + j).sub(max).sub(logSum).intoArray(out, row + j);
            }
            if (j < cols) {
                VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
                FloatVector.fromArray(FLOATS, x, row + j, tail).sub(max).sub(logSum).intoArray(out, row + j, tail);
            }
        }
    }

    static float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient) {
        float total = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            float max = rowMax(logits, row, cols);
            // Read before the row is overwritten: gradient may be logits.
            float labelLogit = logits[label];
            float sum = gradient == null ? sumExp(logits, row, cols, max) : storeExpAndSum(logits, row, cols, max, gradient);
            // -log softmax[label] = (max - x[label]) + log(sum): both terms are >= 0, so no cancellation.
            total += (max - labelLogit) + (float) Math.log(sum);
            if (gradient != null) {
                float labelExp = gradient[label];
                divide(gradient, row, cols, sum, rows);
                gradient[label] = (labelExp / sum - 1f) / rows;
            }
        }
        return total / rows;
    }

    static void argmaxRows(int rows, int cols, float[] x, int[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = rowMax(x, row, cols);
            out[r] = Float.isNaN(max) ? firstNaN(x, row, cols) : firstEqual(x, row, cols, max);
        }
    }

    /** The row's maximum as {@link Math#max} folds it: NaN if the row holds one, −∞ for an empty row. */
    private static float rowMax(float[] x, int row, int cols) {
        int step = FLOATS.length(), j = 0;
        FloatVector m0 = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
        for (; j <= cols - ACCUMULATORS * step; j += ACCUMULATORS * step) {
            m0 = m0.max(FloatVector.fromArray(FLOATS, x, row + j));
            m1 = m1.max(FloatVector.fromArray(FLOATS, x, row + j + step));
            m2 = m2.max(FloatVector.fromArray(FLOATS, x, row + j + 2 * step));
            m3 = m3.max(FloatVector.fromArray(FLOATS, x, row + j + 3 * step));
        }
        for (; j <= cols - step; j += step) {
            m0 = m0.max(FloatVector.fromArray(FLOATS, x, row + j));
        }
        if (j < cols) {
            VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
            m1 = m1.lanewise(VectorOperators.MAX, FloatVector.fromArray(FLOATS, x, row + j, tail), tail);
        }
        return m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    }

    /** Σ e^(x − max) over the row. */
    private static float sumExp(float[] x, int row, int cols, float max) {
        int step = FLOATS.length(), j = 0;
        FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0;
        for (; j <= cols - 2 * step; j += 2 * step) {
            s0 = s0.add(VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j).sub(max)));
            s1 = s1.add(VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j + step).sub(max)));
        }
        if (j <= cols - step) {
            s0 = s0.add(VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j).sub(max)));
            j += step;
        }
        if (j < cols) {
            VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
            s1 = s1.add(VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j, tail).sub(max)), tail);
        }
        return VectorMath.sum(s0.add(s1));
    }

    /** out = e^(x − max) over the row, returning its sum; out may be x. */
    private static float storeExpAndSum(float[] x, int row, int cols, float max, float[] out) {
        int step = FLOATS.length(), j = 0;
        FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0;
        for (; j <= cols - 2 * step; j += 2 * step) {
            FloatVector e0 = VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j).sub(max));
            FloatVector e1 = VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j + step).sub(max));
            e0.intoArray(out, row + j);
            e1.intoArray(out, row + j + step);
            s0 = s0.add(e0);
            s1 = s1.add(e1);
        }
        if (j <= cols - step) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j).sub(max));
            e.intoArray(out, row + j);
            s0 = s0.add(e);
            j += step;
        }
        if (j < cols) {
            VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
            FloatVector e = VectorMath.exp(FloatVector.fromArray(FLOATS, x, row + j, tail).sub(max));
            e.intoArray(out, row + j, tail);
            s1 = s1.add(e, tail);
        }
        return VectorMath.sum(s0.add(s1));
    }

    /** out /= sum over the row: a division, as the reference, not a product with 1/sum. */
    private static void divide(float[] out, int row, int cols, float sum) {
        int step = FLOATS.length(), j = 0;
        for (int bound = FLOATS.loopBound(cols); j < bound; j += step) {
            FloatVector.fromArray(FLOATS, out, row + j).div(sum).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
            FloatVector.fromArray(FLOATS, out, row + j, tail).div(sum).intoArray(out, row + j, tail);
        }
    }

    /** out = out / sum / rows over the row, two divisions in the reference's order. */
    private static void divide(float[] out, int row, int cols, float sum, int rows) {
        float divisor = rows;
        int step = FLOATS.length(), j = 0;
        for (int bound = FLOATS.loopBound(cols); j < bound; j += step) {
            FloatVector.fromArray(FLOATS, out, row + j).div(sum).div(divisor).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
            FloatVector.fromArray(FLOATS, out, row + j, tail).div(sum).div(divisor).intoArray(out, row + j, tail);
        }
    }

    /** The column of the row's first element equal to its (non-NaN) maximum; −0 and +0 are equal, as in the reference. */
    private static int firstEqual(float[] x, int row, int cols, float max) {
        int step = FLOATS.length(), j = 0;
        for (; j <= cols - step; j += step) {
            VectorMask<Float> hits = FloatVector.fromArray(FLOATS, x, row + j).compare(VectorOperators.EQ, max);
            if (hits.anyTrue()) {
                return j + hits.firstTrue();
            }
        }
        VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
        VectorMask<Float> hits = FloatVector.fromArray(FLOATS, x, row + j, tail).compare(VectorOperators.EQ, max, tail);
        if (hits.anyTrue()) {
            return j + hits.firstTrue();
        }
        throw new AssertionError("the maximum " + max + " of row at " + row + " is not in the row");
    }

    /** The column of the row's first NaN, known to exist. */
    private static int firstNaN(float[] x, int row, int cols) {
        int step = FLOATS.length(), j = 0;
        for (; j <= cols - step; j += step) {
            VectorMask<Float> hits = FloatVector.fromArray(FLOATS, x, row + j).test(VectorOperators.IS_NAN);
            if (hits.anyTrue()) {
                return j + hits.firstTrue();
            }
        }
        VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
        VectorMask<Float> hits = FloatVector.fromArray(FLOATS, x, row + j, tail).test(VectorOperators.IS_NAN, tail);
        if (hits.anyTrue()) {
            return j + hits.firstTrue();
        }
        throw new AssertionError("row at " + row + " has a NaN maximum but no NaN");
    }

    // =============================================== double ==============================================

    static void softmax(int rows, int cols, double[] x, double[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double max = rowMax(x, row, cols);
            double sum = storeExpAndSum(x, row, cols, max, out);
            divide(out, row, cols, sum);
        }
    }

    static void logSoftmax(int rows, int cols, double[] x, double[] out) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            double max = rowMax(x, row, cols);
            double logSum = Math.log(sumExp(x, row, cols, max));
            for (; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, x, row + j).sub(max).sub(logSum).intoArray(out, row + j);
            }
            if (j < cols) {
                VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
                DoubleVector.fromArray(DOUBLES, x, row + j, tail).sub(max).sub(logSum).intoArray(out, row + j, tail);
            }
        }
    }

    static double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            double max = rowMax(logits, row, cols);
            // Read before the row is overwritten: gradient may be logits.
            double labelLogit = logits[label];
            double sum = gradient == null ? sumExp(logits, row, cols, max) : storeExpAndSum(logits, row, cols, max, gradient);
            // -log softmax[label] = (max - x[label]) + log(sum): both terms are >= 0, so no cancellation.
            total += (max - labelLogit) + Math.log(sum);
            if (gradient != null) {
                double labelExp = gradient[label];
                divide(gradient, row, cols, sum, rows);
                gradient[label] = (labelExp / sum - 1d) / rows;
            }
        }
        return total / rows;
    }

    static void argmaxRows(int rows, int cols, double[] x, int[] out) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double max = rowMax(x, row, cols);
            out[r] = Double.isNaN(max) ? firstNaN(x, row, cols) : firstEqual(x, row, cols, max);
        }
    }

    /** The row's maximum as {@link Math#max} folds it: NaN if the row holds one, −∞ for an empty row. */
    private static double rowMax(double[] x, int row, int cols) {
        int step = DOUBLES.length(), j = 0;
        DoubleVector m0 = DoubleVector.broadcast(DOUBLES, Double.NEGATIVE_INFINITY), m1 = m0, m2 = m0, m3 = m0;
        for (; j <= cols - ACCUMULATORS * step; j += ACCUMULATORS * step) {
            m0 = m0.max(DoubleVector.fromArray(DOUBLES, x, row + j));
            m1 = m1.max(DoubleVector.fromArray(DOUBLES, x, row + j + step));
            m2 = m2.max(DoubleVector.fromArray(DOUBLES, x, row + j + 2 * step));
            m3 = m3.max(DoubleVector.fromArray(DOUBLES, x, row + j + 3 * step));
        }
        for (; j <= cols - step; j += step) {
            m0 = m0.max(DoubleVector.fromArray(DOUBLES, x, row + j));
        }
        if (j < cols) {
            VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
            m1 = m1.lanewise(VectorOperators.MAX, DoubleVector.fromArray(DOUBLES, x, row + j, tail), tail);
        }
        return m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    }

    /** Σ e^(x − max) over the row. */
    private static double sumExp(double[] x, int row, int cols, double max) {
        int step = DOUBLES.length(), j = 0;
        DoubleVector s0 = DoubleVector.zero(DOUBLES), s1 = s0;
        for (; j <= cols - 2 * step; j += 2 * step) {
            s0 = s0.add(VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j).sub(max)));
            s1 = s1.add(VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j + step).sub(max)));
        }
        if (j <= cols - step) {
            s0 = s0.add(VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j).sub(max)));
            j += step;
        }
        if (j < cols) {
            VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
            s1 = s1.add(VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j, tail).sub(max)), tail);
        }
        return VectorMath.sum(s0.add(s1));
    }

    /** out = e^(x − max) over the row, returning its sum; out may be x. */
    private static double storeExpAndSum(double[] x, int row, int cols, double max, double[] out) {
        int step = DOUBLES.length(), j = 0;
        DoubleVector s0 = DoubleVector.zero(DOUBLES), s1 = s0;
        for (; j <= cols - 2 * step; j += 2 * step) {
            DoubleVector e0 = VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j).sub(max));
            DoubleVector e1 = VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j + step).sub(max));
            e0.intoArray(out, row + j);
            e1.intoArray(out, row + j + step);
            s0 = s0.add(e0);
            s1 = s1.add(e1);
        }
        if (j <= cols - step) {
            DoubleVector e = VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j).sub(max));
            e.intoArray(out, row + j);
            s0 = s0.add(e);
            j += step;
        }
        if (j < cols) {
            VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
            DoubleVector e = VectorMath.exp(DoubleVector.fromArray(DOUBLES, x, row + j, tail).sub(max));
            e.intoArray(out, row + j, tail);
            s1 = s1.add(e, tail);
        }
        return VectorMath.sum(s0.add(s1));
    }

    /** out /= sum over the row: a division, as the reference, not a product with 1/sum. */
    private static void divide(double[] out, int row, int cols, double sum) {
        int step = DOUBLES.length(), j = 0;
        for (int bound = DOUBLES.loopBound(cols); j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, out, row + j).div(sum).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
            DoubleVector.fromArray(DOUBLES, out, row + j, tail).div(sum).intoArray(out, row + j, tail);
        }
    }

    /** out = out / sum / rows over the row, two divisions in the reference's order. */
    private static void divide(double[] out, int row, int cols, double sum, int rows) {
        double divisor = rows;
        int step = DOUBLES.length(), j = 0;
        for (int bound = DOUBLES.loopBound(cols); j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, out, row + j).div(sum).div(divisor).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
            DoubleVector.fromArray(DOUBLES, out, row + j, tail).div(sum).div(divisor).intoArray(out, row + j, tail);
        }
    }

    /** The column of the row's first element equal to its (non-NaN) maximum; −0 and +0 are equal, as in the reference. */
    private static int firstEqual(double[] x, int row, int cols, double max) {
        int step = DOUBLES.length(), j = 0;
        for (; j <= cols - step; j += step) {
            VectorMask<Double> hits = DoubleVector.fromArray(DOUBLES, x, row + j).compare(VectorOperators.EQ, max);
            if (hits.anyTrue()) {
                return j + hits.firstTrue();
            }
        }
        VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
        VectorMask<Double> hits = DoubleVector.fromArray(DOUBLES, x, row + j, tail).compare(VectorOperators.EQ, max, tail);
        if (hits.anyTrue()) {
            return j + hits.firstTrue();
        }
        throw new AssertionError("the maximum " + max + " of row at " + row + " is not in the row");
    }

    /** The column of the row's first NaN, known to exist. */
    private static int firstNaN(double[] x, int row, int cols) {
        int step = DOUBLES.length(), j = 0;
        for (; j <= cols - step; j += step) {
            VectorMask<Double> hits = DoubleVector.fromArray(DOUBLES, x, row + j).test(VectorOperators.IS_NAN);
            if (hits.anyTrue()) {
                return j + hits.firstTrue();
            }
        }
        VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
        VectorMask<Double> hits = DoubleVector.fromArray(DOUBLES, x, row + j, tail).test(VectorOperators.IS_NAN, tail);
        if (hits.anyTrue()) {
            return j + hits.firstTrue();
        }
        throw new AssertionError("row at " + row + " has a NaN maximum but no NaN");
    }
}
