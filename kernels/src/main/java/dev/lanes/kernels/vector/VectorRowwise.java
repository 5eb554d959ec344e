package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.spi.LossMean;
import dev.lanes.kernels.spi.Rowwise;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * The row-wise operations, all built on a row's maximum: softmax, log-softmax, softmax cross-entropy and argmax;
 * and the backward passes of softmax and log-softmax, whose row sums are lane-wise as below.
 *
 * <h2>How the results relate to the scalar reference</h2>
 * <ul>
 * <li>{@code argmaxRows} takes the row maximum with {@code MAX} ({@link Math#max} lane by lane, so a NaN anywhere
 * in the row makes it NaN): exact whatever the order, and bit-identical to the reference (first maximum on ties,
 * −0 and +0 tie, the first NaN if there is one). The exp-based operations take it by compare-and-blend
 * (see VectorMath, "max": a third of the instructions): the exact maximum of the row's non-NaN elements, possibly
 * −0 where the reference has +0. Neither difference reaches an output (a NaN still makes the whole row NaN through
 * the sum; see VectorMath), and {@code x − max} is exact. Each row's maximum is found in the loop that
 * exponentiates the row before it, so that its loads overlap that arithmetic instead of forming a pass of their own.
 * <li>e^(x − max) is VectorMath's exp (in float its table-driven form, written out in {@link VectorMath#expAndSum}):
 * within 1 ulp of the exact value (float: derived 0.63 ulp, measured 0.559; double: measured 0.80), where the
 * reference's {@code (float) Math.exp} / {@code Math.exp} is within 1 ulp too; the two differ in the last bit for a
 * few percent of arguments. Exponentials below 1.19·10⁻³⁸ (float, x − max below −87.33: the smallest normal float)
 * or 3.3·10⁻³⁰⁸ (double, below −708.04) are 0 here where the reference has a tiny or subnormal value: a probability
 * off by less than that absolutely.
 * <li>The row sum of the exponentials is lane-wise: lane l of one accumulator sums the elements at l, l + L, l + 2L,
 * … (L lanes) in order, then the L partial sums are added as a balanced tree ({@link VectorMath#sumLanes}). It
 * differs from the reference's left-to-right sum by the rounding of a sum of {@code cols} positive terms (at most
 * about (cols/L + log₂L)·ε relative, usually far less; measured at cols = 1024, the vector result was the closer of
 * the two to the exact softmax).
 * <li>Softmax multiplies each exponential by 1/sum rounded, where the reference divides: two roundings instead of one,
 * so an output is within 2u + u² relatively of e/sum (u = 2⁻²⁴ in float, 2⁻⁵³ in double; at most 2 ulp, against the
 * division's ½), on top of the exponential's and the sum's errors above. A vector division costs about as much as
 * the whole max pass did (on AVX-512, a {@code vdivps} every few cycles; a multiply two per cycle), and a
 * probability a few ulp off is immaterial to a neural network. The cross-entropy gradient likewise is
 * e · (1/sum) · (1/rows), and its label entry (e · (1/sum) − 1) · (1/rows). The logarithm and the subtractions of
 * log-softmax and the loss are the reference's arithmetic in the reference's order.
 * </ul>
 * Non-finite rows follow from that arithmetic exactly as in the reference: a NaN or +∞ makes the maximum NaN or
 * +∞, so x − max is NaN somewhere and the whole row (and the loss) is NaN; a row of only −∞ has −∞ − (−∞) = NaN;
 * a −∞ among finite values gets e^−∞ = 0. All of it is the same bits on every call, interpreted or compiled.
 */
final class VectorRowwise implements Rowwise {
    private static final int ACCUMULATORS = 4;

    /**
     * Where the row after row r starts, whose maximum {@link VectorMath#expAndSum} finds while it exponentiates row r;
     * the last row names itself (its maximum is then found again and not used), so that the loop has no branch.
     */
    private static int next(int r, int rows, int cols) {
        return (r + 1 < rows ? r + 1 : r) * cols;
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    @Override
    public void softmax(int rows, int cols, float[] x, float[] out) {
        float[] scratch = LaneScratch.floats();
        float max = firstMax(x, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float sum = VectorMath.expAndSum(x, row, cols, max, out, scratch, next(r, rows, cols));
            max = scratch[0];
            scale(out, row, cols, 1f / sum);
        }
    }

    @Override
    public void logSoftmax(int rows, int cols, float[] x, float[] out) {
        float[] scratch = LaneScratch.floats();
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        float nextMax = firstMax(x, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            float max = nextMax;
            float sum = VectorMath.expAndSum(x, row, cols, max, null, scratch, next(r, rows, cols));
            float logSum = (float) Math.log(sum);
            nextMax = scratch[0];
            for (; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, x, row + j).sub(max).sub(logSum).intoArray(out, row + j);
            }
            if (j < cols) {
                VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
                FloatVector.fromArray(FLOATS, x, row + j, tail).sub(max).sub(logSum).intoArray(out, row + j, tail);
            }
        }
    }

    /** Σⱼ dyⱼ·yⱼ lane by lane (fused multiply-adds) and in VectorMath.sumLanes' order, then y ⊙ (dy − Σ). */
    @Override
    public void softmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        float[] scratch = LaneScratch.floats();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            FloatVector dot = FloatVector.zero(FLOATS);
            for (int j = 0; j < cols; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
                dot = FloatVector.fromArray(FLOATS, dy, row + j, lanes).fma(FloatVector.fromArray(FLOATS, y, row + j, lanes), dot);
            }
            dot.intoArray(scratch, 0);
            float sum = VectorMath.sumLanes(scratch);
            for (int j = 0; j < cols; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
                FloatVector yj = FloatVector.fromArray(FLOATS, y, row + j, lanes);
                FloatVector.fromArray(FLOATS, dy, row + j, lanes).sub(sum).mul(yj).intoArray(dx, row + j, lanes);
            }
        }
    }

    /** Σⱼ dyⱼ lane by lane and in VectorMath.sumLanes' order, then dy − e^y·Σ with VectorMath's exp. */
    @Override
    public void logSoftmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        float[] scratch = LaneScratch.floats();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            FloatVector total = FloatVector.zero(FLOATS);
            for (int j = 0; j < cols; j += FLOATS.length()) {
                total = total.add(FloatVector.fromArray(FLOATS, dy, row + j, FLOATS.indexInRange(j, cols)));
            }
            total.intoArray(scratch, 0);
            float sum = VectorMath.sumLanes(scratch);
            for (int j = 0; j < cols; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
                FloatVector e = VectorMath.exp(FloatVector.fromArray(FLOATS, y, row + j, lanes));
                FloatVector.fromArray(FLOATS, dy, row + j, lanes).sub(e.mul(sum)).intoArray(dx, row + j, lanes);
            }
        }
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient) {
        float[] scratch = LaneScratch.floats();
        float scaledTotal = 0;
        float nextMax = firstMax(logits, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            float max = nextMax;
            // Read before the row is overwritten: gradient may be logits.
            float labelLogit = logits[label];
            float sum = VectorMath.expAndSum(logits, row, cols, max, gradient, scratch, next(r, rows, cols));
            nextMax = scratch[0];
            scaledTotal = LossMean.addRow(scaledTotal, max, labelLogit, (float) Math.log(sum));
            if (gradient != null) {
                float labelExp = gradient[label];
                float reciprocal = 1f / sum, perRow = 1f / rows;
                scale(gradient, row, cols, reciprocal, perRow);
                gradient[label] = (labelExp * reciprocal - 1f) * perRow;
            }
        }
        return LossMean.mean(scaledTotal, rows);
    }

    /**
     * The reference's arithmetic per row, with its sums lane-wise: Σⱼ wⱼ·(max − xⱼ) in a pass before the
     * exponentials (gradient may be logits, and the pass that writes the gradient no longer sees x), then the
     * exponentials and their sum as softmaxCrossEntropy's, then the gradient (e·(1/sum)·a − ε/cols·wⱼ)·(1/Σw[y]).
     */
    @Override
    public float crossEntropy(int rows, int cols, float[] logits, int[] labels, float[] classWeights,
                              float labelSmoothing, float[] gradient) {
        float[] scratch = LaneScratch.floats();
        float labelShare = 1f - labelSmoothing, spread = labelSmoothing / cols;
        float weightTotal = ScalarKernels.classWeightTotal(cols, classWeights);
        float perDenominator = 1f / ScalarKernels.labelWeightTotal(rows, labels, classWeights);
        float total = 0;
        float nextMax = firstMax(logits, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            float max = nextMax;
            float labelLogit = logits[label], labelWeight = ScalarKernels.classWeight(classWeights, labels[r]);
            float gaps = spread != 0 ? weightedGaps(logits, row, cols, max, classWeights, scratch) : 0f;
            float sum = VectorMath.expAndSum(logits, row, cols, max, gradient, scratch, next(r, rows, cols));
            nextMax = scratch[0];
            float logSum = (float) Math.log(sum);
            float rowLoss = labelShare * labelWeight * ((max - labelLogit) + logSum);
            if (spread != 0) {
                rowLoss += spread * (gaps + weightTotal * logSum);
            }
            total += rowLoss;
            if (gradient != null) {
                float labelExp = gradient[label];
                float reciprocal = 1f / sum, probabilityScale = labelShare * labelWeight + spread * weightTotal;
                smoothedGradient(gradient, row, cols, reciprocal, probabilityScale, spread, classWeights, perDenominator);
                gradient[label] = (probabilityScale * (labelExp * reciprocal)
                        - (spread * labelWeight + labelShare * labelWeight)) * perDenominator;
            }
        }
        return total * perDenominator;
    }

    /** Σⱼ wⱼ·(max − xⱼ) over the row (wⱼ = 1 without weights), lane-wise and in VectorMath.sumLanes' order. */
    private static float weightedGaps(float[] x, int row, int cols, float max, float[] classWeights, float[] scratch) {
        FloatVector total = FloatVector.zero(FLOATS);
        if (classWeights == null) {
            for (int j = 0; j < cols; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
                total = total.add(FloatVector.broadcast(FLOATS, max).sub(FloatVector.fromArray(FLOATS, x, row + j, lanes)), lanes);
            }
        } else {
            for (int j = 0; j < cols; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
                FloatVector gap = FloatVector.broadcast(FLOATS, max).sub(FloatVector.fromArray(FLOATS, x, row + j, lanes));
                total = total.add(gap.mul(FloatVector.fromArray(FLOATS, classWeights, j, lanes)), lanes);
            }
        }
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** out = (out · reciprocal · probabilityScale − spread·wⱼ) · perDenominator over the row. */
    private static void smoothedGradient(float[] out, int row, int cols, float reciprocal, float probabilityScale,
                                         float spread, float[] classWeights, float perDenominator) {
        if (classWeights == null) {
            for (int j = 0; j < cols; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
                FloatVector.fromArray(FLOATS, out, row + j, lanes).mul(reciprocal).mul(probabilityScale).sub(spread)
                        .mul(perDenominator).intoArray(out, row + j, lanes);
            }
        } else {
            for (int j = 0; j < cols; j += FLOATS.length()) {
                VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
                FloatVector target = FloatVector.fromArray(FLOATS, classWeights, j, lanes).mul(spread);
                FloatVector.fromArray(FLOATS, out, row + j, lanes).mul(reciprocal).mul(probabilityScale).sub(target)
                        .mul(perDenominator).intoArray(out, row + j, lanes);
            }
        }
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int[] out) {
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

    /** out ·= reciprocal over the row. */
    private static void scale(float[] out, int row, int cols, float reciprocal) {
        int step = FLOATS.length(), j = 0;
        for (int bound = FLOATS.loopBound(cols); j < bound; j += step) {
            FloatVector.fromArray(FLOATS, out, row + j).mul(reciprocal).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
            FloatVector.fromArray(FLOATS, out, row + j, tail).mul(reciprocal).intoArray(out, row + j, tail);
        }
    }

    /** out = out · reciprocal · perRow over the row, in that order. */
    private static void scale(float[] out, int row, int cols, float reciprocal, float perRow) {
        int step = FLOATS.length(), j = 0;
        for (int bound = FLOATS.loopBound(cols); j < bound; j += step) {
            FloatVector.fromArray(FLOATS, out, row + j).mul(reciprocal).mul(perRow).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Float> tail = FLOATS.indexInRange(j, cols);
            FloatVector.fromArray(FLOATS, out, row + j, tail).mul(reciprocal).mul(perRow).intoArray(out, row + j, tail);
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


    /** Row 0's maximum, from the same loop as every other row's (see VectorMath, "max"): e^(x − ∞) is discarded. */
    private static float firstMax(float[] x, int rows, int cols, float[] scratch) {
        if (rows == 0) {
            return 0;
        }
        VectorMath.expAndSum(x, 0, cols, Float.POSITIVE_INFINITY, null, scratch, 0);
        return scratch[0];
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    @Override
    public void softmax(int rows, int cols, double[] x, double[] out) {
        double[] scratch = LaneScratch.doubles();
        double max = firstMax(x, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double sum = VectorMath.expAndSum(x, row, cols, max, out, scratch, next(r, rows, cols));
            max = scratch[0];
            scale(out, row, cols, 1d / sum);
        }
    }

    @Override
    public void logSoftmax(int rows, int cols, double[] x, double[] out) {
        double[] scratch = LaneScratch.doubles();
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        double nextMax = firstMax(x, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, j = 0;
            double max = nextMax;
            double sum = VectorMath.expAndSum(x, row, cols, max, null, scratch, next(r, rows, cols));
            double logSum = Math.log(sum);
            nextMax = scratch[0];
            for (; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, x, row + j).sub(max).sub(logSum).intoArray(out, row + j);
            }
            if (j < cols) {
                VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
                DoubleVector.fromArray(DOUBLES, x, row + j, tail).sub(max).sub(logSum).intoArray(out, row + j, tail);
            }
        }
    }

    /** Σⱼ dyⱼ·yⱼ lane by lane (fused multiply-adds) and in VectorMath.sumLanes' order, then y ⊙ (dy − Σ). */
    @Override
    public void softmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        double[] scratch = LaneScratch.doubles();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            DoubleVector dot = DoubleVector.zero(DOUBLES);
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
                dot = DoubleVector.fromArray(DOUBLES, dy, row + j, lanes).fma(DoubleVector.fromArray(DOUBLES, y, row + j, lanes), dot);
            }
            dot.intoArray(scratch, 0);
            double sum = VectorMath.sumLanes(scratch);
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
                DoubleVector yj = DoubleVector.fromArray(DOUBLES, y, row + j, lanes);
                DoubleVector.fromArray(DOUBLES, dy, row + j, lanes).sub(sum).mul(yj).intoArray(dx, row + j, lanes);
            }
        }
    }

    /** Σⱼ dyⱼ lane by lane and in VectorMath.sumLanes' order, then dy − e^y·Σ with VectorMath's exp. */
    @Override
    public void logSoftmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        double[] scratch = LaneScratch.doubles();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            DoubleVector total = DoubleVector.zero(DOUBLES);
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                total = total.add(DoubleVector.fromArray(DOUBLES, dy, row + j, DOUBLES.indexInRange(j, cols)));
            }
            total.intoArray(scratch, 0);
            double sum = VectorMath.sumLanes(scratch);
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
                DoubleVector e = VectorMath.exp(DoubleVector.fromArray(DOUBLES, y, row + j, lanes));
                DoubleVector.fromArray(DOUBLES, dy, row + j, lanes).sub(e.mul(sum)).intoArray(dx, row + j, lanes);
            }
        }
    }

    @Override
    public double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient) {
        double[] scratch = LaneScratch.doubles();
        double scaledTotal = 0;
        double nextMax = firstMax(logits, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            double max = nextMax;
            // Read before the row is overwritten: gradient may be logits.
            double labelLogit = logits[label];
            double sum = VectorMath.expAndSum(logits, row, cols, max, gradient, scratch, next(r, rows, cols));
            nextMax = scratch[0];
            scaledTotal = LossMean.addRow(scaledTotal, max, labelLogit, Math.log(sum));
            if (gradient != null) {
                double labelExp = gradient[label];
                double reciprocal = 1d / sum, perRow = 1d / rows;
                scale(gradient, row, cols, reciprocal, perRow);
                gradient[label] = (labelExp * reciprocal - 1d) * perRow;
            }
        }
        return LossMean.mean(scaledTotal, rows);
    }

    /**
     * The reference's arithmetic per row, with its sums lane-wise: Σⱼ wⱼ·(max − xⱼ) in a pass before the
     * exponentials (gradient may be logits, and the pass that writes the gradient no longer sees x), then the
     * exponentials and their sum as softmaxCrossEntropy's, then the gradient (e·(1/sum)·a − ε/cols·wⱼ)·(1/Σw[y]).
     */
    @Override
    public double crossEntropy(int rows, int cols, double[] logits, int[] labels, double[] classWeights,
                              double labelSmoothing, double[] gradient) {
        double[] scratch = LaneScratch.doubles();
        double labelShare = 1d - labelSmoothing, spread = labelSmoothing / cols;
        double weightTotal = ScalarKernels.classWeightTotal(cols, classWeights);
        double perDenominator = 1d / ScalarKernels.labelWeightTotal(rows, labels, classWeights);
        double total = 0;
        double nextMax = firstMax(logits, rows, cols, scratch);
        for (int r = 0; r < rows; r++) {
            int row = r * cols, label = row + labels[r];
            double max = nextMax;
            double labelLogit = logits[label], labelWeight = ScalarKernels.classWeight(classWeights, labels[r]);
            double gaps = spread != 0 ? weightedGaps(logits, row, cols, max, classWeights, scratch) : 0d;
            double sum = VectorMath.expAndSum(logits, row, cols, max, gradient, scratch, next(r, rows, cols));
            nextMax = scratch[0];
            double logSum = Math.log(sum);
            double rowLoss = labelShare * labelWeight * ((max - labelLogit) + logSum);
            if (spread != 0) {
                rowLoss += spread * (gaps + weightTotal * logSum);
            }
            total += rowLoss;
            if (gradient != null) {
                double labelExp = gradient[label];
                double reciprocal = 1d / sum, probabilityScale = labelShare * labelWeight + spread * weightTotal;
                smoothedGradient(gradient, row, cols, reciprocal, probabilityScale, spread, classWeights, perDenominator);
                gradient[label] = (probabilityScale * (labelExp * reciprocal)
                        - (spread * labelWeight + labelShare * labelWeight)) * perDenominator;
            }
        }
        return total * perDenominator;
    }

    /** Σⱼ wⱼ·(max − xⱼ) over the row (wⱼ = 1 without weights), lane-wise and in VectorMath.sumLanes' order. */
    private static double weightedGaps(double[] x, int row, int cols, double max, double[] classWeights, double[] scratch) {
        DoubleVector total = DoubleVector.zero(DOUBLES);
        if (classWeights == null) {
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
                total = total.add(DoubleVector.broadcast(DOUBLES, max).sub(DoubleVector.fromArray(DOUBLES, x, row + j, lanes)), lanes);
            }
        } else {
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
                DoubleVector gap = DoubleVector.broadcast(DOUBLES, max).sub(DoubleVector.fromArray(DOUBLES, x, row + j, lanes));
                total = total.add(gap.mul(DoubleVector.fromArray(DOUBLES, classWeights, j, lanes)), lanes);
            }
        }
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** out = (out · reciprocal · probabilityScale − spread·wⱼ) · perDenominator over the row. */
    private static void smoothedGradient(double[] out, int row, int cols, double reciprocal, double probabilityScale,
                                         double spread, double[] classWeights, double perDenominator) {
        if (classWeights == null) {
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
                DoubleVector.fromArray(DOUBLES, out, row + j, lanes).mul(reciprocal).mul(probabilityScale).sub(spread)
                        .mul(perDenominator).intoArray(out, row + j, lanes);
            }
        } else {
            for (int j = 0; j < cols; j += DOUBLES.length()) {
                VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
                DoubleVector target = DoubleVector.fromArray(DOUBLES, classWeights, j, lanes).mul(spread);
                DoubleVector.fromArray(DOUBLES, out, row + j, lanes).mul(reciprocal).mul(probabilityScale).sub(target)
                        .mul(perDenominator).intoArray(out, row + j, lanes);
            }
        }
    }

    @Override
    public void argmaxRows(int rows, int cols, double[] x, int[] out) {
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

    /** out ·= reciprocal over the row. */
    private static void scale(double[] out, int row, int cols, double reciprocal) {
        int step = DOUBLES.length(), j = 0;
        for (int bound = DOUBLES.loopBound(cols); j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, out, row + j).mul(reciprocal).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
            DoubleVector.fromArray(DOUBLES, out, row + j, tail).mul(reciprocal).intoArray(out, row + j, tail);
        }
    }

    /** out = out · reciprocal · perRow over the row, in that order. */
    private static void scale(double[] out, int row, int cols, double reciprocal, double perRow) {
        int step = DOUBLES.length(), j = 0;
        for (int bound = DOUBLES.loopBound(cols); j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, out, row + j).mul(reciprocal).mul(perRow).intoArray(out, row + j);
        }
        if (j < cols) {
            VectorMask<Double> tail = DOUBLES.indexInRange(j, cols);
            DoubleVector.fromArray(DOUBLES, out, row + j, tail).mul(reciprocal).mul(perRow).intoArray(out, row + j, tail);
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


    /** Row 0's maximum, from the same loop as every other row's (see VectorMath, "max"): e^(x − ∞) is discarded. */
    private static double firstMax(double[] x, int rows, int cols, double[] scratch) {
        if (rows == 0) {
            return 0;
        }
        VectorMath.expAndSum(x, 0, cols, Double.POSITIVE_INFINITY, null, scratch, 0);
        return scratch[0];
    }

    // ---- end of generated double half ----
}
