package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarNormalization;
import dev.lanes.kernels.spi.Normalization;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * Dropout and the passes of batch and layer normalisation.
 *
 * <p>Everything but two row sums is bit-identical to the reference ({@link ScalarNormalization}): dropout's mask
 * is the reference's hash computed lane by lane (one lane per element); column statistics run one column per lane over the rows in row order, as the reference sums
 * them; and the element-wise passes use the reference's operations in its order, never a fused multiply-add. Like
 * {@link VectorElementwise}, the columns after the last whole vector go to the reference's own loop, not to a
 * masked vector. The exceptions are {@code rowMoments} and the row sums of {@code normalizeRowsBackward}, which add
 * a row lane by lane and then the lanes as a balanced tree ({@link VectorMath#sumLanes}): they differ from the
 * reference by the rounding of a sum in another order.
 */
final class VectorNormalization implements Normalization {

    /** Int lanes for dropout's hash, one per float lane: the same shape as {@code FLOATS}. */
    private static final VectorSpecies<Integer> FLOAT_HASHES = FLOATS.withLanes(int.class);
    /** Int lanes for dropout's hash, one per double lane: half the shape of {@code DOUBLES}. */
    private static final VectorSpecies<Integer> DOUBLE_HASHES =
            VectorSpecies.of(int.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    /*
     * Dropout is written by hand in each precision: its hash is 32-bit integer arithmetic in int lanes, as many as
     * the data vector has, so half a double vector's shape (long lanes would need a 64-bit multiply, which AVX2
     * lacks and C2 then does not compile: every iteration allocated). The hash is written
     * out inside each loop rather than called: a vector passed to or returned from a method C2 does not inline is
     * boxed, and these loops then allocated on every iteration (ZeroAllocationTest).
     */

    @Override
    public void dropout(int n, float[] x, float p, long seed, float[] out) {
        dropout(n, x, p, seed, false, out);
    }

    @Override
    public void reluDropout(int n, float[] x, float p, long seed, float[] out) {
        dropout(n, x, p, seed, true, out);
    }

    /** Dropout of x, or of max(x, 0) when {@code rectify} (a loop-invariant test, which C2 hoists out of the loop). */
    private static void dropout(int n, float[] x, float p, long seed, boolean rectify, float[] out) {
        float threshold = ScalarNormalization.dropThreshold(p);
        float scale = 1 / (1 - p);
        int low = (int) seed, high = (int) (seed >>> 32);
        int step = FLOATS.length(), i = 0;
        IntVector lanes = IntVector.zero(FLOAT_HASHES).addIndex(1);
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            IntVector h = lanes.add(i).mul(0x9E3779B9).lanewise(VectorOperators.XOR, low);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).lanewise(VectorOperators.XOR, high);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
            // The draw has 24 bits, so it converts to float exactly, and the comparison can be a float lane mask.
            FloatVector draw = (FloatVector) h.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0);
            VectorMask<Float> keep = draw.compare(VectorOperators.GE, threshold);
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (rectify) {
                v = v.lanewise(VectorOperators.MAX, 0f);
            }
            FloatVector.zero(FLOATS).blend(v.mul(scale), keep).intoArray(out, i);
        }
        if (rectify) {
            ScalarNormalization.reluDropout(i, n, x, p, seed, out);
        } else {
            ScalarNormalization.dropout(i, n, x, p, seed, out);
        }
    }

    @Override
    public void dropout(int n, double[] x, double p, long seed, double[] out) {
        dropout(n, x, p, seed, false, out);
    }

    @Override
    public void reluDropout(int n, double[] x, double p, long seed, double[] out) {
        dropout(n, x, p, seed, true, out);
    }

    /** Dropout of x, or of max(x, 0) when {@code rectify} (a loop-invariant test, which C2 hoists out of the loop). */
    private static void dropout(int n, double[] x, double p, long seed, boolean rectify, double[] out) {
        double threshold = ScalarNormalization.dropThreshold(p);
        double scale = 1 / (1 - p);
        int low = (int) seed, high = (int) (seed >>> 32);
        int step = DOUBLES.length(), i = 0;
        IntVector lanes = IntVector.zero(DOUBLE_HASHES).addIndex(1);
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            IntVector h = lanes.add(i).mul(0x9E3779B9).lanewise(VectorOperators.XOR, low);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).lanewise(VectorOperators.XOR, high);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
            // Widening the int lanes to the double vector's full width: one conversion instruction (vcvtdq2pd).
            DoubleVector draw = (DoubleVector) h.lanewise(VectorOperators.LSHR, 8).convertShape(VectorOperators.I2D, DOUBLES, 0);
            VectorMask<Double> keep = draw.compare(VectorOperators.GE, threshold);
            DoubleVector v = DoubleVector.fromArray(DOUBLES, x, i);
            if (rectify) {
                v = v.lanewise(VectorOperators.MAX, 0d);
            }
            DoubleVector.zero(DOUBLES).blend(v.mul(scale), keep).intoArray(out, i);
        }
        if (rectify) {
            ScalarNormalization.reluDropout(i, n, x, p, seed, out);
        } else {
            ScalarNormalization.dropout(i, n, x, p, seed, out);
        }
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    // The column sums below read x row by row, adding each row into per-column accumulators (mean and variance
    // themselves, or scratch), rather than walking each column down the rows: the same additions in the same order,
    // so the same bits, but sequential reads instead of a row's stride between consecutive loads.

    @Override
    public void columnMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        for (int j = 0; j < bound; j += step) {
            FloatVector.zero(FLOATS).intoArray(mean, j);
            FloatVector.zero(FLOATS).intoArray(variance, j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, mean, j).add(FloatVector.fromArray(FLOATS, x, row + j)).intoArray(mean, j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            FloatVector.fromArray(FLOATS, mean, j).div(rows).intoArray(mean, j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector d = FloatVector.fromArray(FLOATS, x, row + j).sub(FloatVector.fromArray(FLOATS, mean, j));
                FloatVector.fromArray(FLOATS, variance, j).add(d.mul(d)).intoArray(variance, j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            FloatVector.fromArray(FLOATS, variance, j).div(rows).intoArray(variance, j);
        }
        ScalarNormalization.columnMoments(rows, bound, cols, x, mean, variance);
    }

    @Override
    public void rowMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        float[] lanes = LaneScratch.floats();
        for (int i = 0; i < rows; i++) {
            int row = i * cols, j = 0;
            FloatVector sums = FloatVector.zero(FLOATS);
            for (; j < bound; j += step) {
                sums = sums.add(FloatVector.fromArray(FLOATS, x, row + j));
            }
            sums.intoArray(lanes, 0);
            float sum = VectorMath.sumLanes(lanes);
            for (; j < cols; j++) {
                sum += x[row + j];
            }
            float m = sum / cols;
            FloatVector squareSums = FloatVector.zero(FLOATS);
            for (j = 0; j < bound; j += step) {
                FloatVector d = FloatVector.fromArray(FLOATS, x, row + j).sub(m);
                squareSums = squareSums.add(d.mul(d));
            }
            squareSums.intoArray(lanes, 0);
            float squares = VectorMath.sumLanes(lanes);
            for (; j < cols; j++) {
                float d = x[row + j] - m;
                squares += d * d;
            }
            mean[i] = m;
            variance[i] = squares / cols;
        }
    }

    @Override
    public void normalizeColumns(int rows, int cols, float[] x, float[] mean, float[] scale, float[] shift, float[] out) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, x, row + j).sub(FloatVector.fromArray(FLOATS, mean, j))
                        .mul(FloatVector.fromArray(FLOATS, scale, j)).add(FloatVector.fromArray(FLOATS, shift, j))
                        .intoArray(out, row + j);
            }
        }
        ScalarNormalization.normalizeColumns(rows, bound, cols, x, mean, scale, shift, out);
    }

    @Override
    public void normalizeRows(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight, float[] bias,
                              float[] out) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            float m = mean[i], s = invStd[i];
            for (int j = 0; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s).mul(FloatVector.fromArray(FLOATS, weight, j))
                        .add(FloatVector.fromArray(FLOATS, bias, j)).intoArray(out, row + j);
            }
        }
        ScalarNormalization.normalizeRows(rows, bound, cols, x, mean, invStd, weight, bias, out);
    }

    @Override
    public void normalizeColumnsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                         boolean batchStatistics, float[] dy, float[] dx, float beta, float[] dWeight,
                                         float[] dBias) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        // Per column: Σ dy and Σ dy·x̂, then the two means the input gradient subtracts, and a = weight·invStd.
        float[] scratch = LaneScratch.floats(3 * bound);
        int sumDyAt = 0, sumDyXhatAt = bound, scaleAt = 2 * bound;
        for (int j = 0; j < bound; j += step) {
            FloatVector.zero(FLOATS).intoArray(scratch, sumDyAt + j);
            FloatVector.zero(FLOATS).intoArray(scratch, sumDyXhatAt + j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector g = FloatVector.fromArray(FLOATS, dy, row + j);
                FloatVector xhat = FloatVector.fromArray(FLOATS, x, row + j).sub(FloatVector.fromArray(FLOATS, mean, j))
                        .mul(FloatVector.fromArray(FLOATS, invStd, j));
                FloatVector.fromArray(FLOATS, scratch, sumDyAt + j).add(g).intoArray(scratch, sumDyAt + j);
                FloatVector.fromArray(FLOATS, scratch, sumDyXhatAt + j).add(g.mul(xhat)).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            FloatVector sumDy = FloatVector.fromArray(FLOATS, scratch, sumDyAt + j);
            FloatVector sumDyXhat = FloatVector.fromArray(FLOATS, scratch, sumDyXhatAt + j);
            storeSums(sumDyXhat, beta, dWeight, j);
            storeSums(sumDy, beta, dBias, j);
            FloatVector.fromArray(FLOATS, weight, j).mul(FloatVector.fromArray(FLOATS, invStd, j))
                    .intoArray(scratch, scaleAt + j);
            if (batchStatistics) {
                sumDy.div(rows).intoArray(scratch, sumDyAt + j);
                sumDyXhat.div(rows).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                int k = row + j;
                FloatVector a = FloatVector.fromArray(FLOATS, scratch, scaleAt + j);
                if (batchStatistics) {
                    FloatVector xhat = FloatVector.fromArray(FLOATS, x, k).sub(FloatVector.fromArray(FLOATS, mean, j))
                            .mul(FloatVector.fromArray(FLOATS, invStd, j));
                    a.mul(FloatVector.fromArray(FLOATS, dy, k).sub(FloatVector.fromArray(FLOATS, scratch, sumDyAt + j))
                            .sub(xhat.mul(FloatVector.fromArray(FLOATS, scratch, sumDyXhatAt + j)))).intoArray(dx, k);
                } else {
                    a.mul(FloatVector.fromArray(FLOATS, dy, k)).intoArray(dx, k);
                }
            }
        }
        ScalarNormalization.normalizeColumnsBackward(rows, bound, cols, x, mean, invStd, weight, batchStatistics, dy, dx,
                beta, dWeight, dBias);
    }

    /** out = beta·out + sums (a product, then a sum, as the reference), not reading out when beta is 0. */
    private static void storeSums(FloatVector sums, float beta, float[] out, int j) {
        (beta == 0 ? sums : FloatVector.fromArray(FLOATS, out, j).mul(beta).add(sums)).intoArray(out, j);
    }

    @Override
    public void normalizeRowsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                      float[] dy, float[] dx, float beta, float[] dWeight, float[] dBias) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        float[] sums = LaneScratch.floats(2 * bound);
        int sumDyAt = 0, sumDyXhatAt = bound;
        for (int j = 0; j < bound; j += step) {
            FloatVector.zero(FLOATS).intoArray(sums, sumDyAt + j);
            FloatVector.zero(FLOATS).intoArray(sums, sumDyXhatAt + j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            float m = mean[i], s = invStd[i];
            for (int j = 0; j < bound; j += step) {
                FloatVector g = FloatVector.fromArray(FLOATS, dy, row + j);
                FloatVector.fromArray(FLOATS, sums, sumDyAt + j).add(g).intoArray(sums, sumDyAt + j);
                FloatVector.fromArray(FLOATS, sums, sumDyXhatAt + j)
                        .add(g.mul(FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s))).intoArray(sums, sumDyXhatAt + j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            storeSums(FloatVector.fromArray(FLOATS, sums, sumDyXhatAt + j), beta, dWeight, j);
            storeSums(FloatVector.fromArray(FLOATS, sums, sumDyAt + j), beta, dBias, j);
        }
        ScalarNormalization.normalizeRowsParameterGradients(rows, bound, cols, x, mean, invStd, dy, beta, dWeight, dBias);
        float[] lanes = LaneScratch.floats();
        for (int i = 0; i < rows; i++) {
            int row = i * cols, j = 0;
            float m = mean[i], s = invStd[i];
            FloatVector sumsG = FloatVector.zero(FLOATS), sumsGXhat = sumsG;
            for (; j < bound; j += step) {
                FloatVector g = FloatVector.fromArray(FLOATS, dy, row + j).mul(FloatVector.fromArray(FLOATS, weight, j));
                sumsG = sumsG.add(g);
                sumsGXhat = sumsGXhat.add(g.mul(FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s)));
            }
            sumsG.intoArray(lanes, 0);
            float sumG = VectorMath.sumLanes(lanes);
            sumsGXhat.intoArray(lanes, 0);
            float sumGXhat = VectorMath.sumLanes(lanes);
            for (; j < cols; j++) {
                float g = dy[row + j] * weight[j];
                sumG += g;
                sumGXhat += g * ((x[row + j] - m) * s);
            }
            float meanG = sumG / cols, meanGXhat = sumGXhat / cols;
            for (j = 0; j < bound; j += step) {
                FloatVector xhat = FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s);
                FloatVector.fromArray(FLOATS, dy, row + j).mul(FloatVector.fromArray(FLOATS, weight, j)).sub(meanG)
                        .sub(xhat.mul(meanGXhat)).mul(s).intoArray(dx, row + j);
            }
            ScalarNormalization.normalizeRowsInputGradient(row, bound, cols, x, m, s, weight, dy, meanG, meanGXhat, dx);
        }
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    // The column sums below read x row by row, adding each row into per-column accumulators (mean and variance
    // themselves, or scratch), rather than walking each column down the rows: the same additions in the same order,
    // so the same bits, but sequential reads instead of a row's stride between consecutive loads.

    @Override
    public void columnMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        for (int j = 0; j < bound; j += step) {
            DoubleVector.zero(DOUBLES).intoArray(mean, j);
            DoubleVector.zero(DOUBLES).intoArray(variance, j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, mean, j).add(DoubleVector.fromArray(DOUBLES, x, row + j)).intoArray(mean, j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, mean, j).div(rows).intoArray(mean, j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector d = DoubleVector.fromArray(DOUBLES, x, row + j).sub(DoubleVector.fromArray(DOUBLES, mean, j));
                DoubleVector.fromArray(DOUBLES, variance, j).add(d.mul(d)).intoArray(variance, j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, variance, j).div(rows).intoArray(variance, j);
        }
        ScalarNormalization.columnMoments(rows, bound, cols, x, mean, variance);
    }

    @Override
    public void rowMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        double[] lanes = LaneScratch.doubles();
        for (int i = 0; i < rows; i++) {
            int row = i * cols, j = 0;
            DoubleVector sums = DoubleVector.zero(DOUBLES);
            for (; j < bound; j += step) {
                sums = sums.add(DoubleVector.fromArray(DOUBLES, x, row + j));
            }
            sums.intoArray(lanes, 0);
            double sum = VectorMath.sumLanes(lanes);
            for (; j < cols; j++) {
                sum += x[row + j];
            }
            double m = sum / cols;
            DoubleVector squareSums = DoubleVector.zero(DOUBLES);
            for (j = 0; j < bound; j += step) {
                DoubleVector d = DoubleVector.fromArray(DOUBLES, x, row + j).sub(m);
                squareSums = squareSums.add(d.mul(d));
            }
            squareSums.intoArray(lanes, 0);
            double squares = VectorMath.sumLanes(lanes);
            for (; j < cols; j++) {
                double d = x[row + j] - m;
                squares += d * d;
            }
            mean[i] = m;
            variance[i] = squares / cols;
        }
    }

    @Override
    public void normalizeColumns(int rows, int cols, double[] x, double[] mean, double[] scale, double[] shift, double[] out) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, x, row + j).sub(DoubleVector.fromArray(DOUBLES, mean, j))
                        .mul(DoubleVector.fromArray(DOUBLES, scale, j)).add(DoubleVector.fromArray(DOUBLES, shift, j))
                        .intoArray(out, row + j);
            }
        }
        ScalarNormalization.normalizeColumns(rows, bound, cols, x, mean, scale, shift, out);
    }

    @Override
    public void normalizeRows(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight, double[] bias,
                              double[] out) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            double m = mean[i], s = invStd[i];
            for (int j = 0; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s).mul(DoubleVector.fromArray(DOUBLES, weight, j))
                        .add(DoubleVector.fromArray(DOUBLES, bias, j)).intoArray(out, row + j);
            }
        }
        ScalarNormalization.normalizeRows(rows, bound, cols, x, mean, invStd, weight, bias, out);
    }

    @Override
    public void normalizeColumnsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                         boolean batchStatistics, double[] dy, double[] dx, double beta, double[] dWeight,
                                         double[] dBias) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        // Per column: Σ dy and Σ dy·x̂, then the two means the input gradient subtracts, and a = weight·invStd.
        double[] scratch = LaneScratch.doubles(3 * bound);
        int sumDyAt = 0, sumDyXhatAt = bound, scaleAt = 2 * bound;
        for (int j = 0; j < bound; j += step) {
            DoubleVector.zero(DOUBLES).intoArray(scratch, sumDyAt + j);
            DoubleVector.zero(DOUBLES).intoArray(scratch, sumDyXhatAt + j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector g = DoubleVector.fromArray(DOUBLES, dy, row + j);
                DoubleVector xhat = DoubleVector.fromArray(DOUBLES, x, row + j).sub(DoubleVector.fromArray(DOUBLES, mean, j))
                        .mul(DoubleVector.fromArray(DOUBLES, invStd, j));
                DoubleVector.fromArray(DOUBLES, scratch, sumDyAt + j).add(g).intoArray(scratch, sumDyAt + j);
                DoubleVector.fromArray(DOUBLES, scratch, sumDyXhatAt + j).add(g.mul(xhat)).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            DoubleVector sumDy = DoubleVector.fromArray(DOUBLES, scratch, sumDyAt + j);
            DoubleVector sumDyXhat = DoubleVector.fromArray(DOUBLES, scratch, sumDyXhatAt + j);
            storeSums(sumDyXhat, beta, dWeight, j);
            storeSums(sumDy, beta, dBias, j);
            DoubleVector.fromArray(DOUBLES, weight, j).mul(DoubleVector.fromArray(DOUBLES, invStd, j))
                    .intoArray(scratch, scaleAt + j);
            if (batchStatistics) {
                sumDy.div(rows).intoArray(scratch, sumDyAt + j);
                sumDyXhat.div(rows).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                int k = row + j;
                DoubleVector a = DoubleVector.fromArray(DOUBLES, scratch, scaleAt + j);
                if (batchStatistics) {
                    DoubleVector xhat = DoubleVector.fromArray(DOUBLES, x, k).sub(DoubleVector.fromArray(DOUBLES, mean, j))
                            .mul(DoubleVector.fromArray(DOUBLES, invStd, j));
                    a.mul(DoubleVector.fromArray(DOUBLES, dy, k).sub(DoubleVector.fromArray(DOUBLES, scratch, sumDyAt + j))
                            .sub(xhat.mul(DoubleVector.fromArray(DOUBLES, scratch, sumDyXhatAt + j)))).intoArray(dx, k);
                } else {
                    a.mul(DoubleVector.fromArray(DOUBLES, dy, k)).intoArray(dx, k);
                }
            }
        }
        ScalarNormalization.normalizeColumnsBackward(rows, bound, cols, x, mean, invStd, weight, batchStatistics, dy, dx,
                beta, dWeight, dBias);
    }

    /** out = beta·out + sums (a product, then a sum, as the reference), not reading out when beta is 0. */
    private static void storeSums(DoubleVector sums, double beta, double[] out, int j) {
        (beta == 0 ? sums : DoubleVector.fromArray(DOUBLES, out, j).mul(beta).add(sums)).intoArray(out, j);
    }

    @Override
    public void normalizeRowsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                      double[] dy, double[] dx, double beta, double[] dWeight, double[] dBias) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        double[] sums = LaneScratch.doubles(2 * bound);
        int sumDyAt = 0, sumDyXhatAt = bound;
        for (int j = 0; j < bound; j += step) {
            DoubleVector.zero(DOUBLES).intoArray(sums, sumDyAt + j);
            DoubleVector.zero(DOUBLES).intoArray(sums, sumDyXhatAt + j);
        }
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            double m = mean[i], s = invStd[i];
            for (int j = 0; j < bound; j += step) {
                DoubleVector g = DoubleVector.fromArray(DOUBLES, dy, row + j);
                DoubleVector.fromArray(DOUBLES, sums, sumDyAt + j).add(g).intoArray(sums, sumDyAt + j);
                DoubleVector.fromArray(DOUBLES, sums, sumDyXhatAt + j)
                        .add(g.mul(DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s))).intoArray(sums, sumDyXhatAt + j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            storeSums(DoubleVector.fromArray(DOUBLES, sums, sumDyXhatAt + j), beta, dWeight, j);
            storeSums(DoubleVector.fromArray(DOUBLES, sums, sumDyAt + j), beta, dBias, j);
        }
        ScalarNormalization.normalizeRowsParameterGradients(rows, bound, cols, x, mean, invStd, dy, beta, dWeight, dBias);
        double[] lanes = LaneScratch.doubles();
        for (int i = 0; i < rows; i++) {
            int row = i * cols, j = 0;
            double m = mean[i], s = invStd[i];
            DoubleVector sumsG = DoubleVector.zero(DOUBLES), sumsGXhat = sumsG;
            for (; j < bound; j += step) {
                DoubleVector g = DoubleVector.fromArray(DOUBLES, dy, row + j).mul(DoubleVector.fromArray(DOUBLES, weight, j));
                sumsG = sumsG.add(g);
                sumsGXhat = sumsGXhat.add(g.mul(DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s)));
            }
            sumsG.intoArray(lanes, 0);
            double sumG = VectorMath.sumLanes(lanes);
            sumsGXhat.intoArray(lanes, 0);
            double sumGXhat = VectorMath.sumLanes(lanes);
            for (; j < cols; j++) {
                double g = dy[row + j] * weight[j];
                sumG += g;
                sumGXhat += g * ((x[row + j] - m) * s);
            }
            double meanG = sumG / cols, meanGXhat = sumGXhat / cols;
            for (j = 0; j < bound; j += step) {
                DoubleVector xhat = DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s);
                DoubleVector.fromArray(DOUBLES, dy, row + j).mul(DoubleVector.fromArray(DOUBLES, weight, j)).sub(meanG)
                        .sub(xhat.mul(meanGXhat)).mul(s).intoArray(dx, row + j);
            }
            ScalarNormalization.normalizeRowsInputGradient(row, bound, cols, x, m, s, weight, dy, meanG, meanGXhat, dx);
        }
    }

    // ---- end of generated double half ----
}
