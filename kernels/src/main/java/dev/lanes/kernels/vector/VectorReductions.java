package dev.lanes.kernels.vector;

import dev.lanes.kernels.RegressionLoss;
import dev.lanes.kernels.spi.Reductions;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * Sums: the column sums of a bias gradient, the sum of squares of an L2 penalty and the squared-error loss.
 *
 * <p>Column sums keep the scalar order: each lane sums its own column over the rows in row order, so the result is
 * bit-identical to the reference. The speed comes from summing four vectors of columns at once (four independent
 * accumulators hide the latency of the adds).
 *
 * <p>Sum of squares and squared error are summed differently from the reference's one running sum: four vector
 * accumulators each collect every fourth vector of the input (lane {@code l} of accumulator {@code a} sums the
 * elements at indices ≡ {@code a·L + l} mod {@code 4L}, L lanes; the leftover vectors go to accumulator 0, the
 * masked tail to accumulator 1), each square is added with one fused multiply-add, and the four accumulators are
 * added lane-wise, (0+1)+(2+3), then their L lanes as a balanced tree ({@link VectorMath#sumLanes}; not
 * {@code reduceLanes(ADD)}, whose order differs between the interpreter and C2). The result therefore differs from
 * the reference by the rounding error of a sum of n non-negative terms in another order: at most about n·ε relative
 * to the exact sum (ε = 2⁻²⁴ or 2⁻⁵³), in practice far less, and it is the same bits on every call.
 */
final class VectorReductions implements Reductions {
    private static final int ACCUMULATORS = 4;

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    @Override
    public void columnSums(int rows, int cols, float[] x, float beta, float[] out) {
        int step = FLOATS.length(), j = 0;
        float[] scratch = LaneScratch.floats();
        for (; j <= cols - ACCUMULATORS * step; j += ACCUMULATORS * step) {
            FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < rows; i++) {
                int at = i * cols + j;
                s0 = s0.add(FloatVector.fromArray(FLOATS, x, at));
                s1 = s1.add(FloatVector.fromArray(FLOATS, x, at + step));
                s2 = s2.add(FloatVector.fromArray(FLOATS, x, at + 2 * step));
                s3 = s3.add(FloatVector.fromArray(FLOATS, x, at + 3 * step));
            }
            s0.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j);
            s1.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j + step);
            s2.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j + 2 * step);
            s3.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j + 3 * step);
        }
        for (; j < cols; j += step) {
            VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
            FloatVector sum = FloatVector.zero(FLOATS);
            for (int i = 0; i < rows; i++) {
                sum = sum.add(FloatVector.fromArray(FLOATS, x, i * cols + j, lanes));
            }
            sum.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j, cols);
        }
    }

    /**
     * out = beta·out + sums (a product, then a sum, as the reference), not reading out when beta is 0. The sums
     * arrive in scratch, not as a vector: a vector passed to a method C2 does not inline is boxed, and whether it
     * inlined this one depended on what it had compiled before.
     */
    private static void storeColumnSums(float[] sums, float beta, float[] out, int j) {
        if (beta == 0) {
            FloatVector.fromArray(FLOATS, sums, 0).intoArray(out, j);
        } else {
            FloatVector.fromArray(FLOATS, out, j).mul(beta).add(FloatVector.fromArray(FLOATS, sums, 0)).intoArray(out, j);
        }
    }

    /** storeColumnSums on the columns [j, cols) of a last, partial vector. */
    private static void storeColumnSums(float[] sums, float beta, float[] out, int j, int cols) {
        VectorMask<Float> lanes = FLOATS.indexInRange(j, cols);
        if (beta == 0) {
            FloatVector.fromArray(FLOATS, sums, 0).intoArray(out, j, lanes);
        } else {
            FloatVector.fromArray(FLOATS, out, j, lanes).mul(beta).add(FloatVector.fromArray(FLOATS, sums, 0)).intoArray(out, j, lanes);
        }
    }

    @Override
    public float sumOfSquares(int n, float[] x) {
        int step = FLOATS.length(), i = 0;
        FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0, s2 = s0, s3 = s0;
        for (; i <= n - ACCUMULATORS * step; i += ACCUMULATORS * step) {
            FloatVector v0 = FloatVector.fromArray(FLOATS, x, i);
            FloatVector v1 = FloatVector.fromArray(FLOATS, x, i + step);
            FloatVector v2 = FloatVector.fromArray(FLOATS, x, i + 2 * step);
            FloatVector v3 = FloatVector.fromArray(FLOATS, x, i + 3 * step);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
            s2 = v2.fma(v2, s2);
            s3 = v3.fma(v3, s3);
        }
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            s0 = v.fma(v, s0);
        }
        if (i < n) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i, FLOATS.indexInRange(i, n));
            s1 = v.fma(v, s1);
        }
        float[] scratch = LaneScratch.floats();
        s0.add(s1).add(s2.add(s3)).intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    @Override
    public float halfSquaredError(int n, float[] prediction, float[] target, float[] gradient) {
        int step = FLOATS.length(), i = 0;
        FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0, s2 = s0, s3 = s0;
        for (; i <= n - ACCUMULATORS * step; i += ACCUMULATORS * step) {
            FloatVector d0 = FloatVector.fromArray(FLOATS, prediction, i).sub(FloatVector.fromArray(FLOATS, target, i));
            FloatVector d1 = FloatVector.fromArray(FLOATS, prediction, i + step).sub(FloatVector.fromArray(FLOATS, target, i + step));
            FloatVector d2 = FloatVector.fromArray(FLOATS, prediction, i + 2 * step).sub(FloatVector.fromArray(FLOATS, target, i + 2 * step));
            FloatVector d3 = FloatVector.fromArray(FLOATS, prediction, i + 3 * step).sub(FloatVector.fromArray(FLOATS, target, i + 3 * step));
            if (gradient != null) {
                d0.intoArray(gradient, i);
                d1.intoArray(gradient, i + step);
                d2.intoArray(gradient, i + 2 * step);
                d3.intoArray(gradient, i + 3 * step);
            }
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        for (int bound = FLOATS.loopBound(n); i < bound; i += step) {
            FloatVector d = FloatVector.fromArray(FLOATS, prediction, i).sub(FloatVector.fromArray(FLOATS, target, i));
            if (gradient != null) {
                d.intoArray(gradient, i);
            }
            s0 = d.fma(d, s0);
        }
        if (i < n) {
            VectorMask<Float> tail = FLOATS.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(FLOATS, prediction, i, tail).sub(FloatVector.fromArray(FLOATS, target, i, tail));
            if (gradient != null) {
                d.intoArray(gradient, i, tail);
            }
            s1 = d.fma(d, s1);
        }
        float[] scratch = LaneScratch.floats();
        s0.add(s1).add(s2.add(s3)).intoArray(scratch, 0);
        return 0.5f * VectorMath.sumLanes(scratch);
    }

    /**
     * The reference's operations lane by lane (ScalarKernels.regressionTerm and regressionSlope), so every term and
     * gradient element is the same bits; one method per loss, so each loop is one small compilation with no branch
     * on the loss inside it. The sum: one accumulator, lane l adding elements l, l + L, … in order, then
     * VectorMath.sumLanes' tree. Masked loads give 0 in the lanes past n, whose terms the masked add leaves out.
     */
    @Override
    public float regressionLoss(RegressionLoss kind, float parameter, int n, float[] prediction, float[] target,
                                float[] gradient) {
        float scale = 1f / n;
        float sum = switch (kind) {
            case MSE -> meanSquaredError(n, prediction, target, gradient, scale);
            case L1 -> meanAbsoluteError(n, prediction, target, gradient, scale);
            case HUBER -> huber(parameter, n, prediction, target, gradient, scale);
            case SMOOTH_L1 -> smoothL1(parameter, n, prediction, target, gradient, scale);
        };
        return sum / n;
    }

    /** Σ d², and 2·d·scale into gradient unless it is null. */
    private static float meanSquaredError(int n, float[] prediction, float[] target, float[] gradient, float scale) {
        FloatVector total = FloatVector.zero(FLOATS);
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(FLOATS, prediction, i, lanes).sub(FloatVector.fromArray(FLOATS, target, i, lanes));
            if (gradient != null) {
                d.mul(2f).mul(scale).intoArray(gradient, i, lanes);
            }
            total = total.add(d.mul(d), lanes);
        }
        float[] scratch = LaneScratch.floats();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** Σ |d|, and sign(d)·scale (Math.signum's: ±0 and NaN pass through) into gradient unless it is null. */
    private static float meanAbsoluteError(int n, float[] prediction, float[] target, float[] gradient, float scale) {
        FloatVector total = FloatVector.zero(FLOATS), one = FloatVector.broadcast(FLOATS, 1f), minusOne = one.neg();
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(FLOATS, prediction, i, lanes).sub(FloatVector.fromArray(FLOATS, target, i, lanes));
            if (gradient != null) {
                d.blend(one, d.compare(VectorOperators.GT, 0f)).blend(minusOne, d.compare(VectorOperators.LT, 0f))
                        .mul(scale).intoArray(gradient, i, lanes);
            }
            total = total.add(d.abs(), lanes);
        }
        float[] scratch = LaneScratch.floats();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** Σ Huber terms with δ = delta, and d clamped to [−δ, δ] times scale into gradient unless it is null. */
    private static float huber(float delta, int n, float[] prediction, float[] target, float[] gradient, float scale) {
        FloatVector total = FloatVector.zero(FLOATS);
        float halfDelta = 0.5f * delta;
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(FLOATS, prediction, i, lanes).sub(FloatVector.fromArray(FLOATS, target, i, lanes));
            if (gradient != null) {
                d.blend(delta, d.compare(VectorOperators.GT, delta)).blend(-delta, d.compare(VectorOperators.LT, -delta))
                        .mul(scale).intoArray(gradient, i, lanes);
            }
            FloatVector z = d.abs();
            FloatVector term = z.sub(halfDelta).mul(delta).blend(z.mul(0.5f).mul(z), z.compare(VectorOperators.LT, delta));
            total = total.add(term, lanes);
        }
        float[] scratch = LaneScratch.floats();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** Σ smooth L1 terms with β = beta, and the slope (−1, 1 or d/β, tested in that order) times scale into gradient. */
    private static float smoothL1(float beta, int n, float[] prediction, float[] target, float[] gradient, float scale) {
        FloatVector total = FloatVector.zero(FLOATS);
        float halfBeta = 0.5f * beta;
        for (int i = 0; i < n; i += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(FLOATS, prediction, i, lanes).sub(FloatVector.fromArray(FLOATS, target, i, lanes));
            if (gradient != null) {
                // The last blend wins: d ≤ −β before d ≥ β, as the reference tests them.
                d.div(beta).blend(1f, d.compare(VectorOperators.GE, beta)).blend(-1f, d.compare(VectorOperators.LE, -beta))
                        .mul(scale).intoArray(gradient, i, lanes);
            }
            FloatVector z = d.abs();
            FloatVector term = z.sub(halfBeta).blend(z.mul(0.5f).mul(z).div(beta), z.compare(VectorOperators.LT, beta));
            total = total.add(term, lanes);
        }
        float[] scratch = LaneScratch.floats();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    @Override
    public void columnSums(int rows, int cols, double[] x, double beta, double[] out) {
        int step = DOUBLES.length(), j = 0;
        double[] scratch = LaneScratch.doubles();
        for (; j <= cols - ACCUMULATORS * step; j += ACCUMULATORS * step) {
            DoubleVector s0 = DoubleVector.zero(DOUBLES), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < rows; i++) {
                int at = i * cols + j;
                s0 = s0.add(DoubleVector.fromArray(DOUBLES, x, at));
                s1 = s1.add(DoubleVector.fromArray(DOUBLES, x, at + step));
                s2 = s2.add(DoubleVector.fromArray(DOUBLES, x, at + 2 * step));
                s3 = s3.add(DoubleVector.fromArray(DOUBLES, x, at + 3 * step));
            }
            s0.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j);
            s1.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j + step);
            s2.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j + 2 * step);
            s3.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j + 3 * step);
        }
        for (; j < cols; j += step) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
            DoubleVector sum = DoubleVector.zero(DOUBLES);
            for (int i = 0; i < rows; i++) {
                sum = sum.add(DoubleVector.fromArray(DOUBLES, x, i * cols + j, lanes));
            }
            sum.intoArray(scratch, 0);
            storeColumnSums(scratch, beta, out, j, cols);
        }
    }

    /**
     * out = beta·out + sums (a product, then a sum, as the reference), not reading out when beta is 0. The sums
     * arrive in scratch, not as a vector: a vector passed to a method C2 does not inline is boxed, and whether it
     * inlined this one depended on what it had compiled before.
     */
    private static void storeColumnSums(double[] sums, double beta, double[] out, int j) {
        if (beta == 0) {
            DoubleVector.fromArray(DOUBLES, sums, 0).intoArray(out, j);
        } else {
            DoubleVector.fromArray(DOUBLES, out, j).mul(beta).add(DoubleVector.fromArray(DOUBLES, sums, 0)).intoArray(out, j);
        }
    }

    /** storeColumnSums on the columns [j, cols) of a last, partial vector. */
    private static void storeColumnSums(double[] sums, double beta, double[] out, int j, int cols) {
        VectorMask<Double> lanes = DOUBLES.indexInRange(j, cols);
        if (beta == 0) {
            DoubleVector.fromArray(DOUBLES, sums, 0).intoArray(out, j, lanes);
        } else {
            DoubleVector.fromArray(DOUBLES, out, j, lanes).mul(beta).add(DoubleVector.fromArray(DOUBLES, sums, 0)).intoArray(out, j, lanes);
        }
    }

    @Override
    public double sumOfSquares(int n, double[] x) {
        int step = DOUBLES.length(), i = 0;
        DoubleVector s0 = DoubleVector.zero(DOUBLES), s1 = s0, s2 = s0, s3 = s0;
        for (; i <= n - ACCUMULATORS * step; i += ACCUMULATORS * step) {
            DoubleVector v0 = DoubleVector.fromArray(DOUBLES, x, i);
            DoubleVector v1 = DoubleVector.fromArray(DOUBLES, x, i + step);
            DoubleVector v2 = DoubleVector.fromArray(DOUBLES, x, i + 2 * step);
            DoubleVector v3 = DoubleVector.fromArray(DOUBLES, x, i + 3 * step);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
            s2 = v2.fma(v2, s2);
            s3 = v3.fma(v3, s3);
        }
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector v = DoubleVector.fromArray(DOUBLES, x, i);
            s0 = v.fma(v, s0);
        }
        if (i < n) {
            DoubleVector v = DoubleVector.fromArray(DOUBLES, x, i, DOUBLES.indexInRange(i, n));
            s1 = v.fma(v, s1);
        }
        double[] scratch = LaneScratch.doubles();
        s0.add(s1).add(s2.add(s3)).intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    @Override
    public double halfSquaredError(int n, double[] prediction, double[] target, double[] gradient) {
        int step = DOUBLES.length(), i = 0;
        DoubleVector s0 = DoubleVector.zero(DOUBLES), s1 = s0, s2 = s0, s3 = s0;
        for (; i <= n - ACCUMULATORS * step; i += ACCUMULATORS * step) {
            DoubleVector d0 = DoubleVector.fromArray(DOUBLES, prediction, i).sub(DoubleVector.fromArray(DOUBLES, target, i));
            DoubleVector d1 = DoubleVector.fromArray(DOUBLES, prediction, i + step).sub(DoubleVector.fromArray(DOUBLES, target, i + step));
            DoubleVector d2 = DoubleVector.fromArray(DOUBLES, prediction, i + 2 * step).sub(DoubleVector.fromArray(DOUBLES, target, i + 2 * step));
            DoubleVector d3 = DoubleVector.fromArray(DOUBLES, prediction, i + 3 * step).sub(DoubleVector.fromArray(DOUBLES, target, i + 3 * step));
            if (gradient != null) {
                d0.intoArray(gradient, i);
                d1.intoArray(gradient, i + step);
                d2.intoArray(gradient, i + 2 * step);
                d3.intoArray(gradient, i + 3 * step);
            }
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        for (int bound = DOUBLES.loopBound(n); i < bound; i += step) {
            DoubleVector d = DoubleVector.fromArray(DOUBLES, prediction, i).sub(DoubleVector.fromArray(DOUBLES, target, i));
            if (gradient != null) {
                d.intoArray(gradient, i);
            }
            s0 = d.fma(d, s0);
        }
        if (i < n) {
            VectorMask<Double> tail = DOUBLES.indexInRange(i, n);
            DoubleVector d = DoubleVector.fromArray(DOUBLES, prediction, i, tail).sub(DoubleVector.fromArray(DOUBLES, target, i, tail));
            if (gradient != null) {
                d.intoArray(gradient, i, tail);
            }
            s1 = d.fma(d, s1);
        }
        double[] scratch = LaneScratch.doubles();
        s0.add(s1).add(s2.add(s3)).intoArray(scratch, 0);
        return 0.5d * VectorMath.sumLanes(scratch);
    }

    /**
     * The reference's operations lane by lane (ScalarKernels.regressionTerm and regressionSlope), so every term and
     * gradient element is the same bits; one method per loss, so each loop is one small compilation with no branch
     * on the loss inside it. The sum: one accumulator, lane l adding elements l, l + L, … in order, then
     * VectorMath.sumLanes' tree. Masked loads give 0 in the lanes past n, whose terms the masked add leaves out.
     */
    @Override
    public double regressionLoss(RegressionLoss kind, double parameter, int n, double[] prediction, double[] target,
                                double[] gradient) {
        double scale = 1d / n;
        double sum = switch (kind) {
            case MSE -> meanSquaredError(n, prediction, target, gradient, scale);
            case L1 -> meanAbsoluteError(n, prediction, target, gradient, scale);
            case HUBER -> huber(parameter, n, prediction, target, gradient, scale);
            case SMOOTH_L1 -> smoothL1(parameter, n, prediction, target, gradient, scale);
        };
        return sum / n;
    }

    /** Σ d², and 2·d·scale into gradient unless it is null. */
    private static double meanSquaredError(int n, double[] prediction, double[] target, double[] gradient, double scale) {
        DoubleVector total = DoubleVector.zero(DOUBLES);
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector d = DoubleVector.fromArray(DOUBLES, prediction, i, lanes).sub(DoubleVector.fromArray(DOUBLES, target, i, lanes));
            if (gradient != null) {
                d.mul(2d).mul(scale).intoArray(gradient, i, lanes);
            }
            total = total.add(d.mul(d), lanes);
        }
        double[] scratch = LaneScratch.doubles();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** Σ |d|, and sign(d)·scale (Math.signum's: ±0 and NaN pass through) into gradient unless it is null. */
    private static double meanAbsoluteError(int n, double[] prediction, double[] target, double[] gradient, double scale) {
        DoubleVector total = DoubleVector.zero(DOUBLES), one = DoubleVector.broadcast(DOUBLES, 1d), minusOne = one.neg();
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector d = DoubleVector.fromArray(DOUBLES, prediction, i, lanes).sub(DoubleVector.fromArray(DOUBLES, target, i, lanes));
            if (gradient != null) {
                d.blend(one, d.compare(VectorOperators.GT, 0d)).blend(minusOne, d.compare(VectorOperators.LT, 0d))
                        .mul(scale).intoArray(gradient, i, lanes);
            }
            total = total.add(d.abs(), lanes);
        }
        double[] scratch = LaneScratch.doubles();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** Σ Huber terms with δ = delta, and d clamped to [−δ, δ] times scale into gradient unless it is null. */
    private static double huber(double delta, int n, double[] prediction, double[] target, double[] gradient, double scale) {
        DoubleVector total = DoubleVector.zero(DOUBLES);
        double halfDelta = 0.5d * delta;
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector d = DoubleVector.fromArray(DOUBLES, prediction, i, lanes).sub(DoubleVector.fromArray(DOUBLES, target, i, lanes));
            if (gradient != null) {
                d.blend(delta, d.compare(VectorOperators.GT, delta)).blend(-delta, d.compare(VectorOperators.LT, -delta))
                        .mul(scale).intoArray(gradient, i, lanes);
            }
            DoubleVector z = d.abs();
            DoubleVector term = z.sub(halfDelta).mul(delta).blend(z.mul(0.5d).mul(z), z.compare(VectorOperators.LT, delta));
            total = total.add(term, lanes);
        }
        double[] scratch = LaneScratch.doubles();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** Σ smooth L1 terms with β = beta, and the slope (−1, 1 or d/β, tested in that order) times scale into gradient. */
    private static double smoothL1(double beta, int n, double[] prediction, double[] target, double[] gradient, double scale) {
        DoubleVector total = DoubleVector.zero(DOUBLES);
        double halfBeta = 0.5d * beta;
        for (int i = 0; i < n; i += DOUBLES.length()) {
            VectorMask<Double> lanes = DOUBLES.indexInRange(i, n);
            DoubleVector d = DoubleVector.fromArray(DOUBLES, prediction, i, lanes).sub(DoubleVector.fromArray(DOUBLES, target, i, lanes));
            if (gradient != null) {
                // The last blend wins: d ≤ −β before d ≥ β, as the reference tests them.
                d.div(beta).blend(1d, d.compare(VectorOperators.GE, beta)).blend(-1d, d.compare(VectorOperators.LE, -beta))
                        .mul(scale).intoArray(gradient, i, lanes);
            }
            DoubleVector z = d.abs();
            DoubleVector term = z.sub(halfBeta).blend(z.mul(0.5d).mul(z).div(beta), z.compare(VectorOperators.LT, beta));
            total = total.add(term, lanes);
        }
        double[] scratch = LaneScratch.doubles();
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    // ---- end of generated double half ----

    // ---- float only: the double version is the scalar reference's, the SPI's default ----
    // Binary cross-entropy with logits, whose double twin (a degree-35 log1p after a degree-13 exp, as softplus's)
    // would outgrow C2's inlining and box its vectors. Each path is its own small method for the same reason.

    /**
     * The reference's terms lane by lane: e^−|x| from VectorMath.exp, log1p(e) from the Vector API's LOG1P (which
     * follows Math.log1p's 1 ulp; VectorMath.log1pUnit after exp outgrew C2's inlining here, NodeCountInliningCutoff,
     * and boxed its vectors); the sum lane-wise, then in VectorMath.sumLanes' order (row by row with positive weights). The
     * gradient in a second pass from e, which the first stores in its place with x's sign (x &lt; 0 gives −e, so
     * that gradient may be logits): σ(x) and σ(−x) as s = 1/(1 + e) and e·s, times the rounded 1/(rows·cols).
     * Two passes for the same reason: one loop holding exp, log1p and the sigmoids is too much for one compilation.
     */
    @Override
    public float binaryCrossEntropyWithLogits(int rows, int cols, float[] logits, float[] targets, float[] posWeight,
                                              float[] gradient) {
        int n = rows * cols;
        float perElement = 1f / n;
        // Nothing stored if gradient is null, by a mask rather than a branch (see VectorMath.expAndSum).
        float[] out = gradient != null ? gradient : logits;
        boolean store = gradient != null;
        float total = 0;
        if (posWeight == null) {
            total = binaryCrossEntropy(0, n, logits, targets, out, store);
        } else {
            for (int r = 0; r < rows; r++) {
                total += weightedBinaryCrossEntropy(r * cols, cols, logits, targets, posWeight, out, store);
            }
        }
        if (gradient != null) {
            if (posWeight == null) {
                binaryCrossEntropyGradient(n, targets, gradient, perElement);
            } else {
                for (int r = 0; r < rows; r++) {
                    weightedBinaryCrossEntropyGradient(r * cols, cols, targets, posWeight, gradient, perElement);
                }
            }
        }
        return total * perElement;
    }

    /**
     * Σ max(x, 0) − x·y + log1p(e^−|x|) over [from, from + n), and e^−|x| with x's sign into out if storeExp. No
     * vector crosses the call: one C2 did not inline would be boxed.
     */
    private static float binaryCrossEntropy(int from, int n, float[] logits, float[] targets, float[] out, boolean storeExp) {
        // Fetched before the loop: a call that C2 does not inline (it stopped inlining here once exp grew a table
        // lookup: NodeCountInliningCutoff) with the running total live across it boxed the total on every call.
        float[] scratch = LaneScratch.floats();
        VectorMask<Float> store = FLOATS.maskAll(storeExp);
        FloatVector total = FloatVector.zero(FLOATS);
        for (int j = 0; j < n; j += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(j, n);
            FloatVector x = FloatVector.fromArray(FLOATS, logits, from + j, lanes), y = FloatVector.fromArray(FLOATS, targets, from + j, lanes);
            FloatVector e = VectorMath.exp(x.abs().neg());
            total = total.add(x.max(0f).sub(x.mul(y)).add(e.lanewise(VectorOperators.LOG1P)), lanes);
            e.blend(e.neg(), x.compare(VectorOperators.LT, 0f)).intoArray(out, from + j, lanes.and(store));
        }
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** As binaryCrossEntropy for one row, with each column's positive weight p: c = (p − 1)·y adds c·softplus(−x). */
    private static float weightedBinaryCrossEntropy(int from, int n, float[] logits, float[] targets, float[] posWeight,
                                                    float[] out, boolean storeExp) {
        float[] scratch = LaneScratch.floats(); // before the loop, as in binaryCrossEntropy
        VectorMask<Float> store = FLOATS.maskAll(storeExp);
        FloatVector total = FloatVector.zero(FLOATS);
        for (int j = 0; j < n; j += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(j, n);
            FloatVector x = FloatVector.fromArray(FLOATS, logits, from + j, lanes), y = FloatVector.fromArray(FLOATS, targets, from + j, lanes);
            FloatVector e = VectorMath.exp(x.abs().neg()), softplus = e.lanewise(VectorOperators.LOG1P);
            FloatVector extra = FloatVector.fromArray(FLOATS, posWeight, j, lanes).sub(1f).mul(y);
            total = total.add(x.max(0f).sub(x.mul(y)).add(softplus).add(extra.mul(x.neg().max(0f).add(softplus))), lanes);
            e.blend(e.neg(), x.compare(VectorOperators.LT, 0f)).intoArray(out, from + j, lanes.and(store));
        }
        total.intoArray(scratch, 0);
        return VectorMath.sumLanes(scratch);
    }

    /** gradient = (σ(x) − y)·perElement, from the signed e^−|x| the first pass left in gradient. */
    private static void binaryCrossEntropyGradient(int n, float[] targets, float[] gradient, float perElement) {
        for (int j = 0; j < n; j += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(j, n);
            FloatVector signed = FloatVector.fromArray(FLOATS, gradient, j, lanes), e = signed.abs();
            FloatVector s = FloatVector.broadcast(FLOATS, 1f).div(e.add(1f));
            e.mul(s).blend(s, signed.test(VectorOperators.IS_NEGATIVE).not())
                    .sub(FloatVector.fromArray(FLOATS, targets, j, lanes)).mul(perElement).intoArray(gradient, j, lanes);
        }
    }

    /** gradient = (σ(x) − y − (p − 1)·y·σ(−x))·perElement over one row, from the signed e^−|x| in gradient. */
    private static void weightedBinaryCrossEntropyGradient(int from, int n, float[] targets, float[] posWeight, float[] gradient,
                                                           float perElement) {
        for (int j = 0; j < n; j += FLOATS.length()) {
            VectorMask<Float> lanes = FLOATS.indexInRange(j, n);
            FloatVector signed = FloatVector.fromArray(FLOATS, gradient, from + j, lanes), e = signed.abs();
            FloatVector y = FloatVector.fromArray(FLOATS, targets, from + j, lanes);
            FloatVector s = FloatVector.broadcast(FLOATS, 1f).div(e.add(1f)), es = e.mul(s);
            VectorMask<Float> nonNegative = signed.test(VectorOperators.IS_NEGATIVE).not();
            FloatVector extra = FloatVector.fromArray(FLOATS, posWeight, j, lanes).sub(1f).mul(y);
            es.blend(s, nonNegative).sub(y).sub(extra.mul(s.blend(es, nonNegative))).mul(perElement)
                    .intoArray(gradient, from + j, lanes);
        }
    }
}
