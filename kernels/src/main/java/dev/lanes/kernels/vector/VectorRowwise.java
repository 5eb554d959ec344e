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
 * anywhere in the row makes it NaN), and so are {@code x − max} and the comparisons of {@code argmaxRows}, which is
 * bit-identical to the reference (first maximum on ties, −0 and +0 tie, the first NaN if there is one).
 * <li>e^(x − max) is {@link VectorMath#exp}: within 1 ulp of the exact value (measured: 0.87 ulp in float, 0.80 in
 * double), where the reference's {@code (float) Math.exp} / {@code Math.exp} is within 1 ulp too; the two differ in
 * the last bit for about 6% of arguments. Exponentials below 1.7·10⁻³⁸ (float) or 3.3·10⁻³⁰⁸ (double), that is
 * x − max below −86.98 or −708.04, are 0 here where the reference has a tiny or subnormal value: a probability off
 * by less than that absolutely.
 * <li>The row sum of the exponentials is lane-wise: lane l of one accumulator sums the elements at l, l + L, l + 2L,
 * … (L lanes) in order, then the L partial sums are added as a balanced tree ({@link VectorMath#sumLanes}). It
 * differs from the reference's left-to-right sum by the rounding of a sum of {@code cols} positive terms (at most
 * about (cols/L + log₂L)·ε relative, usually far less; measured at cols = 1024, the vector result was the closer of
 * the two to the exact softmax).
 * <li>Everything after the sum — the divisions by the sum and by {@code rows}, the logarithm, the subtractions — is
 * the reference's arithmetic in the reference's order (divisions, not products with a reciprocal).
 * </ul>
 * Non-finite rows follow from that arithmetic exactly as in the reference: a NaN or +∞ makes the maximum NaN or
 * +∞, so x − max is NaN somewhere and the whole row (and the loss) is NaN; a row of only −∞ has −∞ − (−∞) = NaN;
 * a −∞ among finite values gets e^−∞ = 0. All of it is the same bits on every call, interpreted or compiled.
 */
final class VectorRowwise {
    private static final int ACCUMULATORS = 4;

    private VectorRowwise() {
    }

    // =============================================== float ===============================================

    static void softmax(int rows, int cols, float[] x, float[] out) {
        float[] scratch = LaneScratch.floats();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = rowMax(x, row, cols);
            float sum = VectorMath.expAndSum(x, row, cols, max, out, scratch);
            divide(out, row, cols, sum);
        }
    }

    static void logSoftmax(int rows, int cols, float[] x, float[] out) {
        float[] scratch = LaneScratch.floats();
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            float max = rowMax(x, row, cols);
            float logSum = (float) Math.log(VectorMath.expAndSum(x, row, cols, max, null, scratch));
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
        float[] scratch = LaneScratch.floats();
        float total = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            float max = rowMax(logits, row, cols);
            // Read before the row is overwritten: gradient may be logits.
            float labelLogit = logits[label];
            float sum = VectorMath.expAndSum(logits, row, cols, max, gradient, scratch);
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
        double[] scratch = LaneScratch.doubles();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double max = rowMax(x, row, cols);
            double sum = VectorMath.expAndSum(x, row, cols, max, out, scratch);
            divide(out, row, cols, sum);
        }
    }

    static void logSoftmax(int rows, int cols, double[] x, double[] out) {
        double[] scratch = LaneScratch.doubles();
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            double max = rowMax(x, row, cols);
            double logSum = Math.log(VectorMath.expAndSum(x, row, cols, max, null, scratch));
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
        double[] scratch = LaneScratch.doubles();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            double max = rowMax(logits, row, cols);
            // Read before the row is overwritten: gradient may be logits.
            double labelLogit = logits[label];
            double sum = VectorMath.expAndSum(logits, row, cols, max, gradient, scratch);
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
