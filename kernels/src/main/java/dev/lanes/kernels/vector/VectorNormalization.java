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
 * <p>Everything but the column moments and two row sums is bit-identical to the reference ({@link ScalarNormalization}):
 * dropout's mask is the reference's hash computed lane by lane (one lane per element); the column sums of the
 * backward passes run one column per lane over the rows in row order, as the reference sums them; and the
 * element-wise passes use the reference's operations in its order, never a fused multiply-add. Like
 * {@link VectorElementwise}, the columns after the last whole vector go to the reference's own loop, not to a
 * masked vector. The exceptions: {@code columnMoments} takes its statistics in one pass by blocks of rows merged by
 * Chan's formula (see there), and {@code rowMoments} and the row sums of {@code normalizeRowsBackward} add a row lane
 * by lane and then the lanes as a balanced tree ({@link VectorMath#sumLanes}): they differ from the reference by the
 * rounding of sums in another order.
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

    /**
     * Rows per block of columnMoments after the first: each block's shifted sums are merged into the running moments
     * once per block (a few operations per column), and the block's length bounds the rounding error of its sums.
     */
    private static final int MOMENT_ROWS = 32;

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    // Batch normalisation's column statistics take one streaming pass over x. The first MOMENT_ROWS rows get the
    // reference's two passes (their sums, then the squared deviations from their mean: they are still in cache).
    // Every later block of rows is summed once, centred on the running mean m of the rows before it:
    // S1 = Σ(x − m), S2 = Σ(x − m)², and merged by mean += S1/n and M2 += S2 − S1·(S1/n), n the rows so far with the
    // block. That is Chan, Golub and LeVeque's merge written in the shifted sums (with δ = S1/n_b the block mean's
    // distance from m, S2 − S1²/n = M2_b + δ²·n_a·n_b/n exactly), and it never cancels badly: S2 = M2_b + n_b·δ² and
    // n_b·δ² ≤ 2·δ²·n_a·n_b/n since n_a ≥ n_b, so S2 is at most twice the amount the merge adds to M2, and
    // S1²/n ≤ S2 (Cauchy–Schwarz). A block of B rows therefore adds to M2 with an error within about 3γ_{B+2} of twice its
    // share of M2 (S2's B roundings, S1's error through S1²/n), against the γₙ of a two-pass sum over all n rows; the
    // error of the running mean (m is not exactly the mean of the rows before) enters as in the merge of two means
    // (NormalizationConformance derives the bound). Not Σx² − (Σx)²/n, which cancels catastrophically when
    // |mean| ≫ σ: every square here is of a deviation from a mean. The blocks go in row order, so the result is
    // deterministic. Each row is read once, sequentially, and added into per-column accumulators (a row's stride between
    // consecutive loads of one column costs several times more); the earlier form, two passes over each 64 KiB block
    // from the cache, left memory idle during the second pass: 107–135 µs at 1024 × 1024 in single precision in a probe, 75–92 now.

    @Override
    public void columnMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        int first = Math.min(rows, MOMENT_ROWS);
        float[] scratch = LaneScratch.floats(2 * bound);
        // Each phase is a method of its own taking only arrays and scalars, as elsewhere in this class: no vector
        // crosses a call, and no one method grows big enough for C2 to give up on keeping its vectors in registers.
        firstBlockMoments(first, cols, bound, x, mean, variance);
        for (int start = first; start < rows; start += MOMENT_ROWS) {
            int end = Math.min(rows, start + MOMENT_ROWS);
            shiftedSums(start, end, cols, bound, x, mean, scratch);
            mergeShiftedSums(end, bound, mean, variance, scratch);
        }
        for (int j = 0; j < bound; j += step) {
            FloatVector.fromArray(FLOATS, variance, j).div(rows).intoArray(variance, j);
        }
        ScalarNormalization.columnMoments(rows, bound, cols, x, mean, variance);
    }

    /** The two-pass mean (into mean) and M2 (into variance) of rows [0, first), columns [0, bound). */
    private static void firstBlockMoments(int first, int cols, int bound, float[] x, float[] mean, float[] variance) {
        int step = FLOATS.length(), i;
        // The first block's two passes: its column sums into mean, then its squared deviations into variance (M2).
        for (int j = 0; j < bound; j += step) {
            FloatVector.fromArray(FLOATS, x, j).intoArray(mean, j);
        }
        for (i = 1; i < first; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, mean, j).add(FloatVector.fromArray(FLOATS, x, row + j)).intoArray(mean, j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            FloatVector.fromArray(FLOATS, mean, j).div(first).intoArray(mean, j);
            FloatVector.zero(FLOATS).intoArray(variance, j);
        }
        for (i = 0; i < first; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector d = FloatVector.fromArray(FLOATS, x, row + j).sub(FloatVector.fromArray(FLOATS, mean, j));
                d.fma(d, FloatVector.fromArray(FLOATS, variance, j)).intoArray(variance, j);
            }
        }
    }

    /** S1 = Σ(x − mean) into scratch[0, bound) and S2 = Σ(x − mean)² into scratch[bound, 2·bound), rows [start, end). */
    private static void shiftedSums(int start, int end, int cols, int bound, float[] x, float[] mean, float[] scratch) {
        int step = FLOATS.length(), s1At = 0, s2At = bound, i;
        for (int j = 0; j < bound; j += step) {
            FloatVector.zero(FLOATS).intoArray(scratch, s1At + j);
            FloatVector.zero(FLOATS).intoArray(scratch, s2At + j);
        }
        // Eight rows per step: the running mean and the sums are loaded and stored once per eight rows (one row per
        // step, each sum's store and reload next row chained the rows: twice as slow as four rows per step).
        for (i = start; i + 7 < end; i += 8) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector m = FloatVector.fromArray(FLOATS, mean, j);
                FloatVector d0 = FloatVector.fromArray(FLOATS, x, row + j).sub(m);
                FloatVector d1 = FloatVector.fromArray(FLOATS, x, row + cols + j).sub(m);
                FloatVector d2 = FloatVector.fromArray(FLOATS, x, row + 2 * cols + j).sub(m);
                FloatVector d3 = FloatVector.fromArray(FLOATS, x, row + 3 * cols + j).sub(m);
                FloatVector d4 = FloatVector.fromArray(FLOATS, x, row + 4 * cols + j).sub(m);
                FloatVector d5 = FloatVector.fromArray(FLOATS, x, row + 5 * cols + j).sub(m);
                FloatVector d6 = FloatVector.fromArray(FLOATS, x, row + 6 * cols + j).sub(m);
                FloatVector d7 = FloatVector.fromArray(FLOATS, x, row + 7 * cols + j).sub(m);
                FloatVector.fromArray(FLOATS, scratch, s1At + j).add(d0).add(d1).add(d2).add(d3).add(d4).add(d5).add(d6)
                        .add(d7).intoArray(scratch, s1At + j);
                d7.fma(d7, d6.fma(d6, d5.fma(d5, d4.fma(d4, d3.fma(d3, d2.fma(d2, d1.fma(d1,
                        d0.fma(d0, FloatVector.fromArray(FLOATS, scratch, s2At + j)))))))))
                        .intoArray(scratch, s2At + j);
            }
        }
        for (; i < end; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector d = FloatVector.fromArray(FLOATS, x, row + j).sub(FloatVector.fromArray(FLOATS, mean, j));
                FloatVector.fromArray(FLOATS, scratch, s1At + j).add(d).intoArray(scratch, s1At + j);
                d.fma(d, FloatVector.fromArray(FLOATS, scratch, s2At + j)).intoArray(scratch, s2At + j);
            }
        }
    }

    /** mean += S1/end and M2 (in variance) += S2 − S1·(S1/end), end the rows so far. */
    private static void mergeShiftedSums(int end, int bound, float[] mean, float[] variance, float[] scratch) {
        int step = FLOATS.length(), s1At = 0, s2At = bound;
        float total = end;
        for (int j = 0; j < bound; j += step) {
            FloatVector s1 = FloatVector.fromArray(FLOATS, scratch, s1At + j);
            FloatVector shift = s1.div(total);
            FloatVector.fromArray(FLOATS, mean, j).add(shift).intoArray(mean, j);
            s1.neg().fma(shift, FloatVector.fromArray(FLOATS, scratch, s2At + j))
                    .add(FloatVector.fromArray(FLOATS, variance, j)).intoArray(variance, j);
        }
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
    public void layerNormalize(int rows, int cols, float[] x, double eps, float[] weight, float[] bias, float[] mean,
                               float[] invStd, float[] out) {
        // rowMoments and normalizeRows on one row at a time, their operations in their order (the same bits), so that
        // the normalising pass reads the row from L1 rather than from memory a second time. A method per row, taking
        // only arrays and scalars, keeps the vectors out of a big method C2 might box them in.
        float[] lanes = LaneScratch.floats();
        for (int i = 0; i < rows; i++) {
            layerNormalizeRow(i, cols, x, eps, weight, bias, mean, invStd, out, lanes);
        }
    }

    private static void layerNormalizeRow(int i, int cols, float[] x, double eps, float[] weight, float[] bias,
                                          float[] mean, float[] invStd, float[] out, float[] lanes) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
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
        float variance = squares / cols;
        float s = (float) (1 / Math.sqrt(variance + eps));
        mean[i] = m;
        invStd[i] = s;
        for (j = 0; j < bound; j += step) {
            FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s).mul(FloatVector.fromArray(FLOATS, weight, j))
                    .add(FloatVector.fromArray(FLOATS, bias, j)).intoArray(out, row + j);
        }
        for (; j < cols; j++) {
            out[row + j] = (x[row + j] - m) * s * weight[j] + bias[j];
        }
    }

    @Override
    public void normalizeColumnsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                         boolean batchStatistics, float[] dy, float[] dx, float beta, float[] dWeight,
                                         float[] dBias) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols);
        // Per column: Σ dy and Σ dy·x̂, then the two means the input gradient subtracts, and a = weight·invStd.
        // Four rows per step in the sums, two in the input gradient: the per-column values and the sums are loaded
        // (and the sums stored) once per step, so a sum's store and reload chain fewer rows; each sum still adds the
        // rows one by one in row order (the same bits as the reference).
        float[] scratch = LaneScratch.floats(3 * bound);
        int sumDyAt = 0, sumDyXhatAt = bound, scaleAt = 2 * bound, i;
        for (int j = 0; j < bound; j += step) {
            FloatVector.zero(FLOATS).intoArray(scratch, sumDyAt + j);
            FloatVector.zero(FLOATS).intoArray(scratch, sumDyXhatAt + j);
        }
        for (i = 0; i + 3 < rows; i += 4) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                FloatVector m = FloatVector.fromArray(FLOATS, mean, j), s = FloatVector.fromArray(FLOATS, invStd, j);
                FloatVector g0 = FloatVector.fromArray(FLOATS, dy, row + j), g1 = FloatVector.fromArray(FLOATS, dy, row + cols + j);
                FloatVector g2 = FloatVector.fromArray(FLOATS, dy, row + 2 * cols + j);
                FloatVector g3 = FloatVector.fromArray(FLOATS, dy, row + 3 * cols + j);
                FloatVector xhat0 = FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s);
                FloatVector xhat1 = FloatVector.fromArray(FLOATS, x, row + cols + j).sub(m).mul(s);
                FloatVector xhat2 = FloatVector.fromArray(FLOATS, x, row + 2 * cols + j).sub(m).mul(s);
                FloatVector xhat3 = FloatVector.fromArray(FLOATS, x, row + 3 * cols + j).sub(m).mul(s);
                FloatVector.fromArray(FLOATS, scratch, sumDyAt + j).add(g0).add(g1).add(g2).add(g3).intoArray(scratch, sumDyAt + j);
                FloatVector.fromArray(FLOATS, scratch, sumDyXhatAt + j).add(g0.mul(xhat0)).add(g1.mul(xhat1))
                        .add(g2.mul(xhat2)).add(g3.mul(xhat3)).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        for (; i < rows; i++) {
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
            storeSums(scratch, sumDyXhatAt + j, beta, dWeight, j);
            storeSums(scratch, sumDyAt + j, beta, dBias, j);
            FloatVector.fromArray(FLOATS, weight, j).mul(FloatVector.fromArray(FLOATS, invStd, j))
                    .intoArray(scratch, scaleAt + j);
            if (batchStatistics) {
                sumDy.div(rows).intoArray(scratch, sumDyAt + j);
                sumDyXhat.div(rows).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        if (batchStatistics) {
            for (i = 0; i + 1 < rows; i += 2) {
                int row = i * cols;
                for (int j = 0; j < bound; j += step) {
                    FloatVector a = FloatVector.fromArray(FLOATS, scratch, scaleAt + j);
                    FloatVector m = FloatVector.fromArray(FLOATS, mean, j), s = FloatVector.fromArray(FLOATS, invStd, j);
                    FloatVector meanDy = FloatVector.fromArray(FLOATS, scratch, sumDyAt + j);
                    FloatVector meanDyXhat = FloatVector.fromArray(FLOATS, scratch, sumDyXhatAt + j);
                    FloatVector xhat0 = FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s);
                    FloatVector xhat1 = FloatVector.fromArray(FLOATS, x, row + cols + j).sub(m).mul(s);
                    a.mul(FloatVector.fromArray(FLOATS, dy, row + j).sub(meanDy).sub(xhat0.mul(meanDyXhat))).intoArray(dx, row + j);
                    a.mul(FloatVector.fromArray(FLOATS, dy, row + cols + j).sub(meanDy).sub(xhat1.mul(meanDyXhat)))
                            .intoArray(dx, row + cols + j);
                }
            }
            for (; i < rows; i++) {
                int row = i * cols;
                for (int j = 0; j < bound; j += step) {
                    FloatVector xhat = FloatVector.fromArray(FLOATS, x, row + j).sub(FloatVector.fromArray(FLOATS, mean, j))
                            .mul(FloatVector.fromArray(FLOATS, invStd, j));
                    FloatVector.fromArray(FLOATS, scratch, scaleAt + j).mul(FloatVector.fromArray(FLOATS, dy, row + j)
                            .sub(FloatVector.fromArray(FLOATS, scratch, sumDyAt + j))
                            .sub(xhat.mul(FloatVector.fromArray(FLOATS, scratch, sumDyXhatAt + j)))).intoArray(dx, row + j);
                }
            }
        } else {
            for (i = 0; i < rows; i++) {
                int row = i * cols;
                for (int j = 0; j < bound; j += step) {
                    FloatVector.fromArray(FLOATS, scratch, scaleAt + j).mul(FloatVector.fromArray(FLOATS, dy, row + j))
                            .intoArray(dx, row + j);
                }
            }
        }
        ScalarNormalization.normalizeColumnsBackward(rows, bound, cols, x, mean, invStd, weight, batchStatistics, dy, dx,
                beta, dWeight, dBias);
    }

    /**
     * out[j..] = beta·out + sums[at..] (a product, then a sum, as the reference), not reading out when beta is 0.
     * Arrays, not a vector: a vector passed to a call C2 does not inline is boxed (SteadyStateAllocationTest caught
     * it once normalizeColumnsBackward grew).
     */
    private static void storeSums(float[] sums, int at, float beta, float[] out, int j) {
        FloatVector s = FloatVector.fromArray(FLOATS, sums, at);
        (beta == 0 ? s : FloatVector.fromArray(FLOATS, out, j).mul(beta).add(s)).intoArray(out, j);
    }

    @Override
    public void normalizeRowsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                      float[] dy, float[] dx, float beta, float[] dWeight, float[] dBias) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols), i;
        // One pass over x and dy: two rows at a time, one loop adds them into the column sums of the parameter
        // gradients (row by row, in row order: the reference's bits) and into each row's sums of g = dy·weight and
        // g·x̂, then a second loop writes the two rows' dx while they are still in L1. dx may be dy: a row's dy is
        // read by the first loop before the second overwrites it.
        float[] sums = LaneScratch.floats(2 * cols);
        int sumDyAt = 0, sumDyXhatAt = cols;
        java.util.Arrays.fill(sums, 0, 2 * cols, 0);
        float[] lanes = LaneScratch.floats();
        // Each row's work is a method of its own taking only arrays and scalars: inlined into one big method, C2
        // left vectors boxed (ZeroAllocationTest).
        for (i = 0; i + 1 < rows; i += 2) {
            rowPairBackward(i, cols, x, mean, invStd, weight, dy, dx, sums, lanes);
        }
        if (i < rows) {
            rowBackward(i, cols, x, mean, invStd, weight, dy, dx, sums, lanes);
        }
        for (int j = 0; j < bound; j += step) {
            storeSums(sums, sumDyXhatAt + j, beta, dWeight, j);
            storeSums(sums, sumDyAt + j, beta, dBias, j);
        }
        for (int j = bound; j < cols; j++) {
            float sumDy = sums[sumDyAt + j], sumDyXhat = sums[sumDyXhatAt + j];
            dWeight[j] = beta == 0 ? sumDyXhat : beta * dWeight[j] + sumDyXhat;
            dBias[j] = beta == 0 ? sumDy : beta * dBias[j] + sumDy;
        }
    }

    /**
     * Adds rows [from, to) into the column sums of normalizeRowsBackward's parameter gradients for the columns after
     * the last whole vector, [bound, cols): Σ dy from sums[0], Σ dy·x̂ from sums[cols], as the reference sums them.
     */
    private static void addTailSums(int from, int to, int bound, int cols, float[] x, float[] mean, float[] invStd,
                                    float[] dy, float[] sums) {
        for (int i = from; i < to; i++) {
            float m = mean[i], s = invStd[i];
            for (int j = bound; j < cols; j++) {
                int k = i * cols + j;
                float g = dy[k];
                sums[j] += g;
                sums[cols + j] += g * ((x[k] - m) * s);
            }
        }
    }

    /** normalizeRowsBackward's work on rows i and i + 1: their column sums into sums, then their dx. */
    private static void rowPairBackward(int i, int cols, float[] x, float[] mean, float[] invStd, float[] weight, float[] dy, float[] dx, float[] sums, float[] lanes) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols), sumDyAt = 0, sumDyXhatAt = cols;
        int row0 = i * cols, row1 = row0 + cols, j;
        float m0 = mean[i], s0 = invStd[i], m1 = mean[i + 1], s1 = invStd[i + 1];
        FloatVector sumsG0 = FloatVector.zero(FLOATS), sumsGXhat0 = sumsG0, sumsG1 = sumsG0, sumsGXhat1 = sumsG0;
        for (j = 0; j < bound; j += step) {
            FloatVector w = FloatVector.fromArray(FLOATS, weight, j);
            FloatVector dy0 = FloatVector.fromArray(FLOATS, dy, row0 + j), dy1 = FloatVector.fromArray(FLOATS, dy, row1 + j);
            FloatVector xhat0 = FloatVector.fromArray(FLOATS, x, row0 + j).sub(m0).mul(s0);
            FloatVector xhat1 = FloatVector.fromArray(FLOATS, x, row1 + j).sub(m1).mul(s1);
            FloatVector.fromArray(FLOATS, sums, sumDyAt + j).add(dy0).add(dy1).intoArray(sums, sumDyAt + j);
            FloatVector.fromArray(FLOATS, sums, sumDyXhatAt + j).add(dy0.mul(xhat0)).add(dy1.mul(xhat1))
                    .intoArray(sums, sumDyXhatAt + j);
            FloatVector g0 = dy0.mul(w), g1 = dy1.mul(w);
            sumsG0 = sumsG0.add(g0);
            sumsGXhat0 = sumsGXhat0.add(g0.mul(xhat0));
            sumsG1 = sumsG1.add(g1);
            sumsGXhat1 = sumsGXhat1.add(g1.mul(xhat1));
        }
        sumsG0.intoArray(lanes, 0);
        float sumG0 = VectorMath.sumLanes(lanes);
        sumsGXhat0.intoArray(lanes, 0);
        float sumGXhat0 = VectorMath.sumLanes(lanes);
        sumsG1.intoArray(lanes, 0);
        float sumG1 = VectorMath.sumLanes(lanes);
        sumsGXhat1.intoArray(lanes, 0);
        float sumGXhat1 = VectorMath.sumLanes(lanes);
        for (; j < cols; j++) {
            float g = dy[row0 + j] * weight[j];
            sumG0 += g;
            sumGXhat0 += g * ((x[row0 + j] - m0) * s0);
            g = dy[row1 + j] * weight[j];
            sumG1 += g;
            sumGXhat1 += g * ((x[row1 + j] - m1) * s1);
        }
        float meanG0 = sumG0 / cols, meanGXhat0 = sumGXhat0 / cols, meanG1 = sumG1 / cols, meanGXhat1 = sumGXhat1 / cols;
        addTailSums(i, i + 2, bound, cols, x, mean, invStd, dy, sums);
        for (j = 0; j < bound; j += step) {
            FloatVector w = FloatVector.fromArray(FLOATS, weight, j);
            FloatVector xhat0 = FloatVector.fromArray(FLOATS, x, row0 + j).sub(m0).mul(s0);
            FloatVector xhat1 = FloatVector.fromArray(FLOATS, x, row1 + j).sub(m1).mul(s1);
            FloatVector.fromArray(FLOATS, dy, row0 + j).mul(w).sub(meanG0).sub(xhat0.mul(meanGXhat0)).mul(s0)
                    .intoArray(dx, row0 + j);
            FloatVector.fromArray(FLOATS, dy, row1 + j).mul(w).sub(meanG1).sub(xhat1.mul(meanGXhat1)).mul(s1)
                    .intoArray(dx, row1 + j);
        }
        ScalarNormalization.normalizeRowsInputGradient(row0, bound, cols, x, m0, s0, weight, dy, meanG0, meanGXhat0, dx);
        ScalarNormalization.normalizeRowsInputGradient(row1, bound, cols, x, m1, s1, weight, dy, meanG1, meanGXhat1, dx);
    }

    /** normalizeRowsBackward's work on row i alone. */
    private static void rowBackward(int i, int cols, float[] x, float[] mean, float[] invStd, float[] weight, float[] dy, float[] dx, float[] sums, float[] lanes) {
        int step = FLOATS.length(), bound = FLOATS.loopBound(cols), sumDyAt = 0, sumDyXhatAt = cols;
        int row = i * cols, j;
        float m = mean[i], s = invStd[i];
        FloatVector sumsG = FloatVector.zero(FLOATS), sumsGXhat = sumsG;
        for (j = 0; j < bound; j += step) {
            FloatVector g = FloatVector.fromArray(FLOATS, dy, row + j);
            FloatVector xhat = FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s);
            FloatVector.fromArray(FLOATS, sums, sumDyAt + j).add(g).intoArray(sums, sumDyAt + j);
            FloatVector.fromArray(FLOATS, sums, sumDyXhatAt + j).add(g.mul(xhat)).intoArray(sums, sumDyXhatAt + j);
            g = g.mul(FloatVector.fromArray(FLOATS, weight, j));
            sumsG = sumsG.add(g);
            sumsGXhat = sumsGXhat.add(g.mul(xhat));
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
        addTailSums(i, i + 1, bound, cols, x, mean, invStd, dy, sums);
        for (j = 0; j < bound; j += step) {
            FloatVector xhat = FloatVector.fromArray(FLOATS, x, row + j).sub(m).mul(s);
            FloatVector.fromArray(FLOATS, dy, row + j).mul(FloatVector.fromArray(FLOATS, weight, j)).sub(meanG)
                    .sub(xhat.mul(meanGXhat)).mul(s).intoArray(dx, row + j);
        }
        ScalarNormalization.normalizeRowsInputGradient(row, bound, cols, x, m, s, weight, dy, meanG, meanGXhat, dx);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    // Batch normalisation's column statistics take one streaming pass over x. The first MOMENT_ROWS rows get the
    // reference's two passes (their sums, then the squared deviations from their mean: they are still in cache).
    // Every later block of rows is summed once, centred on the running mean m of the rows before it:
    // S1 = Σ(x − m), S2 = Σ(x − m)², and merged by mean += S1/n and M2 += S2 − S1·(S1/n), n the rows so far with the
    // block. That is Chan, Golub and LeVeque's merge written in the shifted sums (with δ = S1/n_b the block mean's
    // distance from m, S2 − S1²/n = M2_b + δ²·n_a·n_b/n exactly), and it never cancels badly: S2 = M2_b + n_b·δ² and
    // n_b·δ² ≤ 2·δ²·n_a·n_b/n since n_a ≥ n_b, so S2 is at most twice the amount the merge adds to M2, and
    // S1²/n ≤ S2 (Cauchy–Schwarz). A block of B rows therefore adds to M2 with an error within about 3γ_{B+2} of twice its
    // share of M2 (S2's B roundings, S1's error through S1²/n), against the γₙ of a two-pass sum over all n rows; the
    // error of the running mean (m is not exactly the mean of the rows before) enters as in the merge of two means
    // (NormalizationConformance derives the bound). Not Σx² − (Σx)²/n, which cancels catastrophically when
    // |mean| ≫ σ: every square here is of a deviation from a mean. The blocks go in row order, so the result is
    // deterministic. Each row is read once, sequentially, and added into per-column accumulators (a row's stride between
    // consecutive loads of one column costs several times more); the earlier form, two passes over each 64 KiB block
    // from the cache, left memory idle during the second pass: 107–135 µs at 1024 × 1024 in single precision in a probe, 75–92 now.

    @Override
    public void columnMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        int first = Math.min(rows, MOMENT_ROWS);
        double[] scratch = LaneScratch.doubles(2 * bound);
        // Each phase is a method of its own taking only arrays and scalars, as elsewhere in this class: no vector
        // crosses a call, and no one method grows big enough for C2 to give up on keeping its vectors in registers.
        firstBlockMoments(first, cols, bound, x, mean, variance);
        for (int start = first; start < rows; start += MOMENT_ROWS) {
            int end = Math.min(rows, start + MOMENT_ROWS);
            shiftedSums(start, end, cols, bound, x, mean, scratch);
            mergeShiftedSums(end, bound, mean, variance, scratch);
        }
        for (int j = 0; j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, variance, j).div(rows).intoArray(variance, j);
        }
        ScalarNormalization.columnMoments(rows, bound, cols, x, mean, variance);
    }

    /** The two-pass mean (into mean) and M2 (into variance) of rows [0, first), columns [0, bound). */
    private static void firstBlockMoments(int first, int cols, int bound, double[] x, double[] mean, double[] variance) {
        int step = DOUBLES.length(), i;
        // The first block's two passes: its column sums into mean, then its squared deviations into variance (M2).
        for (int j = 0; j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, x, j).intoArray(mean, j);
        }
        for (i = 1; i < first; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector.fromArray(DOUBLES, mean, j).add(DoubleVector.fromArray(DOUBLES, x, row + j)).intoArray(mean, j);
            }
        }
        for (int j = 0; j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, mean, j).div(first).intoArray(mean, j);
            DoubleVector.zero(DOUBLES).intoArray(variance, j);
        }
        for (i = 0; i < first; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector d = DoubleVector.fromArray(DOUBLES, x, row + j).sub(DoubleVector.fromArray(DOUBLES, mean, j));
                d.fma(d, DoubleVector.fromArray(DOUBLES, variance, j)).intoArray(variance, j);
            }
        }
    }

    /** S1 = Σ(x − mean) into scratch[0, bound) and S2 = Σ(x − mean)² into scratch[bound, 2·bound), rows [start, end). */
    private static void shiftedSums(int start, int end, int cols, int bound, double[] x, double[] mean, double[] scratch) {
        int step = DOUBLES.length(), s1At = 0, s2At = bound, i;
        for (int j = 0; j < bound; j += step) {
            DoubleVector.zero(DOUBLES).intoArray(scratch, s1At + j);
            DoubleVector.zero(DOUBLES).intoArray(scratch, s2At + j);
        }
        // Eight rows per step: the running mean and the sums are loaded and stored once per eight rows (one row per
        // step, each sum's store and reload next row chained the rows: twice as slow as four rows per step).
        for (i = start; i + 7 < end; i += 8) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector m = DoubleVector.fromArray(DOUBLES, mean, j);
                DoubleVector d0 = DoubleVector.fromArray(DOUBLES, x, row + j).sub(m);
                DoubleVector d1 = DoubleVector.fromArray(DOUBLES, x, row + cols + j).sub(m);
                DoubleVector d2 = DoubleVector.fromArray(DOUBLES, x, row + 2 * cols + j).sub(m);
                DoubleVector d3 = DoubleVector.fromArray(DOUBLES, x, row + 3 * cols + j).sub(m);
                DoubleVector d4 = DoubleVector.fromArray(DOUBLES, x, row + 4 * cols + j).sub(m);
                DoubleVector d5 = DoubleVector.fromArray(DOUBLES, x, row + 5 * cols + j).sub(m);
                DoubleVector d6 = DoubleVector.fromArray(DOUBLES, x, row + 6 * cols + j).sub(m);
                DoubleVector d7 = DoubleVector.fromArray(DOUBLES, x, row + 7 * cols + j).sub(m);
                DoubleVector.fromArray(DOUBLES, scratch, s1At + j).add(d0).add(d1).add(d2).add(d3).add(d4).add(d5).add(d6)
                        .add(d7).intoArray(scratch, s1At + j);
                d7.fma(d7, d6.fma(d6, d5.fma(d5, d4.fma(d4, d3.fma(d3, d2.fma(d2, d1.fma(d1,
                        d0.fma(d0, DoubleVector.fromArray(DOUBLES, scratch, s2At + j)))))))))
                        .intoArray(scratch, s2At + j);
            }
        }
        for (; i < end; i++) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector d = DoubleVector.fromArray(DOUBLES, x, row + j).sub(DoubleVector.fromArray(DOUBLES, mean, j));
                DoubleVector.fromArray(DOUBLES, scratch, s1At + j).add(d).intoArray(scratch, s1At + j);
                d.fma(d, DoubleVector.fromArray(DOUBLES, scratch, s2At + j)).intoArray(scratch, s2At + j);
            }
        }
    }

    /** mean += S1/end and M2 (in variance) += S2 − S1·(S1/end), end the rows so far. */
    private static void mergeShiftedSums(int end, int bound, double[] mean, double[] variance, double[] scratch) {
        int step = DOUBLES.length(), s1At = 0, s2At = bound;
        double total = end;
        for (int j = 0; j < bound; j += step) {
            DoubleVector s1 = DoubleVector.fromArray(DOUBLES, scratch, s1At + j);
            DoubleVector shift = s1.div(total);
            DoubleVector.fromArray(DOUBLES, mean, j).add(shift).intoArray(mean, j);
            s1.neg().fma(shift, DoubleVector.fromArray(DOUBLES, scratch, s2At + j))
                    .add(DoubleVector.fromArray(DOUBLES, variance, j)).intoArray(variance, j);
        }
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
    public void layerNormalize(int rows, int cols, double[] x, double eps, double[] weight, double[] bias, double[] mean,
                               double[] invStd, double[] out) {
        // rowMoments and normalizeRows on one row at a time, their operations in their order (the same bits), so that
        // the normalising pass reads the row from L1 rather than from memory a second time. A method per row, taking
        // only arrays and scalars, keeps the vectors out of a big method C2 might box them in.
        double[] lanes = LaneScratch.doubles();
        for (int i = 0; i < rows; i++) {
            layerNormalizeRow(i, cols, x, eps, weight, bias, mean, invStd, out, lanes);
        }
    }

    private static void layerNormalizeRow(int i, int cols, double[] x, double eps, double[] weight, double[] bias,
                                          double[] mean, double[] invStd, double[] out, double[] lanes) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
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
        double variance = squares / cols;
        double s = (double) (1 / Math.sqrt(variance + eps));
        mean[i] = m;
        invStd[i] = s;
        for (j = 0; j < bound; j += step) {
            DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s).mul(DoubleVector.fromArray(DOUBLES, weight, j))
                    .add(DoubleVector.fromArray(DOUBLES, bias, j)).intoArray(out, row + j);
        }
        for (; j < cols; j++) {
            out[row + j] = (x[row + j] - m) * s * weight[j] + bias[j];
        }
    }

    @Override
    public void normalizeColumnsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                         boolean batchStatistics, double[] dy, double[] dx, double beta, double[] dWeight,
                                         double[] dBias) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols);
        // Per column: Σ dy and Σ dy·x̂, then the two means the input gradient subtracts, and a = weight·invStd.
        // Four rows per step in the sums, two in the input gradient: the per-column values and the sums are loaded
        // (and the sums stored) once per step, so a sum's store and reload chain fewer rows; each sum still adds the
        // rows one by one in row order (the same bits as the reference).
        double[] scratch = LaneScratch.doubles(3 * bound);
        int sumDyAt = 0, sumDyXhatAt = bound, scaleAt = 2 * bound, i;
        for (int j = 0; j < bound; j += step) {
            DoubleVector.zero(DOUBLES).intoArray(scratch, sumDyAt + j);
            DoubleVector.zero(DOUBLES).intoArray(scratch, sumDyXhatAt + j);
        }
        for (i = 0; i + 3 < rows; i += 4) {
            int row = i * cols;
            for (int j = 0; j < bound; j += step) {
                DoubleVector m = DoubleVector.fromArray(DOUBLES, mean, j), s = DoubleVector.fromArray(DOUBLES, invStd, j);
                DoubleVector g0 = DoubleVector.fromArray(DOUBLES, dy, row + j), g1 = DoubleVector.fromArray(DOUBLES, dy, row + cols + j);
                DoubleVector g2 = DoubleVector.fromArray(DOUBLES, dy, row + 2 * cols + j);
                DoubleVector g3 = DoubleVector.fromArray(DOUBLES, dy, row + 3 * cols + j);
                DoubleVector xhat0 = DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s);
                DoubleVector xhat1 = DoubleVector.fromArray(DOUBLES, x, row + cols + j).sub(m).mul(s);
                DoubleVector xhat2 = DoubleVector.fromArray(DOUBLES, x, row + 2 * cols + j).sub(m).mul(s);
                DoubleVector xhat3 = DoubleVector.fromArray(DOUBLES, x, row + 3 * cols + j).sub(m).mul(s);
                DoubleVector.fromArray(DOUBLES, scratch, sumDyAt + j).add(g0).add(g1).add(g2).add(g3).intoArray(scratch, sumDyAt + j);
                DoubleVector.fromArray(DOUBLES, scratch, sumDyXhatAt + j).add(g0.mul(xhat0)).add(g1.mul(xhat1))
                        .add(g2.mul(xhat2)).add(g3.mul(xhat3)).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        for (; i < rows; i++) {
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
            storeSums(scratch, sumDyXhatAt + j, beta, dWeight, j);
            storeSums(scratch, sumDyAt + j, beta, dBias, j);
            DoubleVector.fromArray(DOUBLES, weight, j).mul(DoubleVector.fromArray(DOUBLES, invStd, j))
                    .intoArray(scratch, scaleAt + j);
            if (batchStatistics) {
                sumDy.div(rows).intoArray(scratch, sumDyAt + j);
                sumDyXhat.div(rows).intoArray(scratch, sumDyXhatAt + j);
            }
        }
        if (batchStatistics) {
            for (i = 0; i + 1 < rows; i += 2) {
                int row = i * cols;
                for (int j = 0; j < bound; j += step) {
                    DoubleVector a = DoubleVector.fromArray(DOUBLES, scratch, scaleAt + j);
                    DoubleVector m = DoubleVector.fromArray(DOUBLES, mean, j), s = DoubleVector.fromArray(DOUBLES, invStd, j);
                    DoubleVector meanDy = DoubleVector.fromArray(DOUBLES, scratch, sumDyAt + j);
                    DoubleVector meanDyXhat = DoubleVector.fromArray(DOUBLES, scratch, sumDyXhatAt + j);
                    DoubleVector xhat0 = DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s);
                    DoubleVector xhat1 = DoubleVector.fromArray(DOUBLES, x, row + cols + j).sub(m).mul(s);
                    a.mul(DoubleVector.fromArray(DOUBLES, dy, row + j).sub(meanDy).sub(xhat0.mul(meanDyXhat))).intoArray(dx, row + j);
                    a.mul(DoubleVector.fromArray(DOUBLES, dy, row + cols + j).sub(meanDy).sub(xhat1.mul(meanDyXhat)))
                            .intoArray(dx, row + cols + j);
                }
            }
            for (; i < rows; i++) {
                int row = i * cols;
                for (int j = 0; j < bound; j += step) {
                    DoubleVector xhat = DoubleVector.fromArray(DOUBLES, x, row + j).sub(DoubleVector.fromArray(DOUBLES, mean, j))
                            .mul(DoubleVector.fromArray(DOUBLES, invStd, j));
                    DoubleVector.fromArray(DOUBLES, scratch, scaleAt + j).mul(DoubleVector.fromArray(DOUBLES, dy, row + j)
                            .sub(DoubleVector.fromArray(DOUBLES, scratch, sumDyAt + j))
                            .sub(xhat.mul(DoubleVector.fromArray(DOUBLES, scratch, sumDyXhatAt + j)))).intoArray(dx, row + j);
                }
            }
        } else {
            for (i = 0; i < rows; i++) {
                int row = i * cols;
                for (int j = 0; j < bound; j += step) {
                    DoubleVector.fromArray(DOUBLES, scratch, scaleAt + j).mul(DoubleVector.fromArray(DOUBLES, dy, row + j))
                            .intoArray(dx, row + j);
                }
            }
        }
        ScalarNormalization.normalizeColumnsBackward(rows, bound, cols, x, mean, invStd, weight, batchStatistics, dy, dx,
                beta, dWeight, dBias);
    }

    /**
     * out[j..] = beta·out + sums[at..] (a product, then a sum, as the reference), not reading out when beta is 0.
     * Arrays, not a vector: a vector passed to a call C2 does not inline is boxed (SteadyStateAllocationTest caught
     * it once normalizeColumnsBackward grew).
     */
    private static void storeSums(double[] sums, int at, double beta, double[] out, int j) {
        DoubleVector s = DoubleVector.fromArray(DOUBLES, sums, at);
        (beta == 0 ? s : DoubleVector.fromArray(DOUBLES, out, j).mul(beta).add(s)).intoArray(out, j);
    }

    @Override
    public void normalizeRowsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                      double[] dy, double[] dx, double beta, double[] dWeight, double[] dBias) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols), i;
        // One pass over x and dy: two rows at a time, one loop adds them into the column sums of the parameter
        // gradients (row by row, in row order: the reference's bits) and into each row's sums of g = dy·weight and
        // g·x̂, then a second loop writes the two rows' dx while they are still in L1. dx may be dy: a row's dy is
        // read by the first loop before the second overwrites it.
        double[] sums = LaneScratch.doubles(2 * cols);
        int sumDyAt = 0, sumDyXhatAt = cols;
        java.util.Arrays.fill(sums, 0, 2 * cols, 0);
        double[] lanes = LaneScratch.doubles();
        // Each row's work is a method of its own taking only arrays and scalars: inlined into one big method, C2
        // left vectors boxed (ZeroAllocationTest).
        for (i = 0; i + 1 < rows; i += 2) {
            rowPairBackward(i, cols, x, mean, invStd, weight, dy, dx, sums, lanes);
        }
        if (i < rows) {
            rowBackward(i, cols, x, mean, invStd, weight, dy, dx, sums, lanes);
        }
        for (int j = 0; j < bound; j += step) {
            storeSums(sums, sumDyXhatAt + j, beta, dWeight, j);
            storeSums(sums, sumDyAt + j, beta, dBias, j);
        }
        for (int j = bound; j < cols; j++) {
            double sumDy = sums[sumDyAt + j], sumDyXhat = sums[sumDyXhatAt + j];
            dWeight[j] = beta == 0 ? sumDyXhat : beta * dWeight[j] + sumDyXhat;
            dBias[j] = beta == 0 ? sumDy : beta * dBias[j] + sumDy;
        }
    }

    /**
     * Adds rows [from, to) into the column sums of normalizeRowsBackward's parameter gradients for the columns after
     * the last whole vector, [bound, cols): Σ dy from sums[0], Σ dy·x̂ from sums[cols], as the reference sums them.
     */
    private static void addTailSums(int from, int to, int bound, int cols, double[] x, double[] mean, double[] invStd,
                                    double[] dy, double[] sums) {
        for (int i = from; i < to; i++) {
            double m = mean[i], s = invStd[i];
            for (int j = bound; j < cols; j++) {
                int k = i * cols + j;
                double g = dy[k];
                sums[j] += g;
                sums[cols + j] += g * ((x[k] - m) * s);
            }
        }
    }

    /** normalizeRowsBackward's work on rows i and i + 1: their column sums into sums, then their dx. */
    private static void rowPairBackward(int i, int cols, double[] x, double[] mean, double[] invStd, double[] weight, double[] dy, double[] dx, double[] sums, double[] lanes) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols), sumDyAt = 0, sumDyXhatAt = cols;
        int row0 = i * cols, row1 = row0 + cols, j;
        double m0 = mean[i], s0 = invStd[i], m1 = mean[i + 1], s1 = invStd[i + 1];
        DoubleVector sumsG0 = DoubleVector.zero(DOUBLES), sumsGXhat0 = sumsG0, sumsG1 = sumsG0, sumsGXhat1 = sumsG0;
        for (j = 0; j < bound; j += step) {
            DoubleVector w = DoubleVector.fromArray(DOUBLES, weight, j);
            DoubleVector dy0 = DoubleVector.fromArray(DOUBLES, dy, row0 + j), dy1 = DoubleVector.fromArray(DOUBLES, dy, row1 + j);
            DoubleVector xhat0 = DoubleVector.fromArray(DOUBLES, x, row0 + j).sub(m0).mul(s0);
            DoubleVector xhat1 = DoubleVector.fromArray(DOUBLES, x, row1 + j).sub(m1).mul(s1);
            DoubleVector.fromArray(DOUBLES, sums, sumDyAt + j).add(dy0).add(dy1).intoArray(sums, sumDyAt + j);
            DoubleVector.fromArray(DOUBLES, sums, sumDyXhatAt + j).add(dy0.mul(xhat0)).add(dy1.mul(xhat1))
                    .intoArray(sums, sumDyXhatAt + j);
            DoubleVector g0 = dy0.mul(w), g1 = dy1.mul(w);
            sumsG0 = sumsG0.add(g0);
            sumsGXhat0 = sumsGXhat0.add(g0.mul(xhat0));
            sumsG1 = sumsG1.add(g1);
            sumsGXhat1 = sumsGXhat1.add(g1.mul(xhat1));
        }
        sumsG0.intoArray(lanes, 0);
        double sumG0 = VectorMath.sumLanes(lanes);
        sumsGXhat0.intoArray(lanes, 0);
        double sumGXhat0 = VectorMath.sumLanes(lanes);
        sumsG1.intoArray(lanes, 0);
        double sumG1 = VectorMath.sumLanes(lanes);
        sumsGXhat1.intoArray(lanes, 0);
        double sumGXhat1 = VectorMath.sumLanes(lanes);
        for (; j < cols; j++) {
            double g = dy[row0 + j] * weight[j];
            sumG0 += g;
            sumGXhat0 += g * ((x[row0 + j] - m0) * s0);
            g = dy[row1 + j] * weight[j];
            sumG1 += g;
            sumGXhat1 += g * ((x[row1 + j] - m1) * s1);
        }
        double meanG0 = sumG0 / cols, meanGXhat0 = sumGXhat0 / cols, meanG1 = sumG1 / cols, meanGXhat1 = sumGXhat1 / cols;
        addTailSums(i, i + 2, bound, cols, x, mean, invStd, dy, sums);
        for (j = 0; j < bound; j += step) {
            DoubleVector w = DoubleVector.fromArray(DOUBLES, weight, j);
            DoubleVector xhat0 = DoubleVector.fromArray(DOUBLES, x, row0 + j).sub(m0).mul(s0);
            DoubleVector xhat1 = DoubleVector.fromArray(DOUBLES, x, row1 + j).sub(m1).mul(s1);
            DoubleVector.fromArray(DOUBLES, dy, row0 + j).mul(w).sub(meanG0).sub(xhat0.mul(meanGXhat0)).mul(s0)
                    .intoArray(dx, row0 + j);
            DoubleVector.fromArray(DOUBLES, dy, row1 + j).mul(w).sub(meanG1).sub(xhat1.mul(meanGXhat1)).mul(s1)
                    .intoArray(dx, row1 + j);
        }
        ScalarNormalization.normalizeRowsInputGradient(row0, bound, cols, x, m0, s0, weight, dy, meanG0, meanGXhat0, dx);
        ScalarNormalization.normalizeRowsInputGradient(row1, bound, cols, x, m1, s1, weight, dy, meanG1, meanGXhat1, dx);
    }

    /** normalizeRowsBackward's work on row i alone. */
    private static void rowBackward(int i, int cols, double[] x, double[] mean, double[] invStd, double[] weight, double[] dy, double[] dx, double[] sums, double[] lanes) {
        int step = DOUBLES.length(), bound = DOUBLES.loopBound(cols), sumDyAt = 0, sumDyXhatAt = cols;
        int row = i * cols, j;
        double m = mean[i], s = invStd[i];
        DoubleVector sumsG = DoubleVector.zero(DOUBLES), sumsGXhat = sumsG;
        for (j = 0; j < bound; j += step) {
            DoubleVector g = DoubleVector.fromArray(DOUBLES, dy, row + j);
            DoubleVector xhat = DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s);
            DoubleVector.fromArray(DOUBLES, sums, sumDyAt + j).add(g).intoArray(sums, sumDyAt + j);
            DoubleVector.fromArray(DOUBLES, sums, sumDyXhatAt + j).add(g.mul(xhat)).intoArray(sums, sumDyXhatAt + j);
            g = g.mul(DoubleVector.fromArray(DOUBLES, weight, j));
            sumsG = sumsG.add(g);
            sumsGXhat = sumsGXhat.add(g.mul(xhat));
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
        addTailSums(i, i + 1, bound, cols, x, mean, invStd, dy, sums);
        for (j = 0; j < bound; j += step) {
            DoubleVector xhat = DoubleVector.fromArray(DOUBLES, x, row + j).sub(m).mul(s);
            DoubleVector.fromArray(DOUBLES, dy, row + j).mul(DoubleVector.fromArray(DOUBLES, weight, j)).sub(meanG)
                    .sub(xhat.mul(meanGXhat)).mul(s).intoArray(dx, row + j);
        }
        ScalarNormalization.normalizeRowsInputGradient(row, bound, cols, x, m, s, weight, dy, meanG, meanGXhat, dx);
    }

    // ---- end of generated double half ----
}
