package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.spi.OptimizerSteps;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * The optimisers' fused updates (Adam and AdamW, SGD with momentum, RMSprop, Adagrad) and clipping by value. Each loop runs whole vectors up to {@code loopBound} and finishes with the scalar reference's
 * loop, not a masked vector (why: {@link VectorElementwise}).
 * Every element goes through the same operations in the same order as the scalar reference (products and sums,
 * never a fused multiply-add; Adam's bias corrections computed once, as the reference does), so the results are
 * bit-identical to it.
 *
 * <p>An update of at least 2 × {@link FloatUpdateJob#MIN_ELEMENTS_PER_PART} elements is cut into contiguous parts
 * that the {@link WorkerPool}'s threads run ({@link FloatUpdateJob}), up to the thread budget; element-wise, so the
 * bits do not depend on the cut. Two reasons, both measured on the default trainer (784-512-128-10, Adam, batch 64)
 * on two threads: Adam's square root and two divisions per element keep it bound by the divider, not by memory
 * (alone about a tenth of a one-thread step); and after a GEMM that two threads shared, half of the gradient sits
 * in the other core's cache — updated by the caller alone, Adam took three times as long as on one thread, and two
 * threads trained slower than one.
 */
final class VectorOptimizerSteps implements OptimizerSteps {

    private final int threads;

    /** Updates that may use up to {@code threads} threads per call (at least 1). */
    VectorOptimizerSteps(int threads) {
        this.threads = threads;
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    @Override
    public void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                         float learningRate, float beta1, float beta2, float epsilon, int step) {
        // Adam is AdamW without decay: the parameter is multiplied by exactly 1, which changes no bit.
        adamwStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, 0, step);
    }

    @Override
    public void adamwStep(int n, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                          float beta1, float beta2, float epsilon, float weightDecay, int step) {
        FloatUpdateJob.adamw(threads, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    /** adamwStep of the elements [from, to); from is a whole number of vectors. */
    static void adamw(int from, int to, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                      float beta1, float beta2, float epsilon, float weightDecay, int step) {
        // The decay and bias corrections exactly as the scalar reference computes them, so the update is bit-identical.
        float decay = (float) (1 - (double) learningRate * weightDecay);
        float stepSize = (float) (learningRate / (1 - Math.pow(beta1, step)));
        float sqrtCorrection2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        int lanes = FLOATS.length(), i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += lanes) {
            FloatVector g = FloatVector.fromArray(FLOATS, grad, i);
            FloatVector mi = FloatVector.fromArray(FLOATS, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(FLOATS, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            FloatVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector.fromArray(FLOATS, param, i).mul(decay).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i);
        }
        ScalarKernels.adamwStep(i, to, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    @Override
    public void sgdMomentumStep(int n, float[] param, float[] grad, float[] buffer,
                                float learningRate, float momentum, boolean nesterov) {
        FloatUpdateJob.sgdMomentum(threads, n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    /** sgdMomentumStep of the elements [from, to); from is a whole number of vectors. */
    static void sgdMomentum(int from, int to, float[] param, float[] grad, float[] buffer,
                            float learningRate, float momentum, boolean nesterov) {
        int lanes = FLOATS.length(), i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += lanes) {
            FloatVector g = FloatVector.fromArray(FLOATS, grad, i);
            FloatVector b = FloatVector.fromArray(FLOATS, buffer, i).mul(momentum).add(g);
            b.intoArray(buffer, i);
            FloatVector direction = nesterov ? g.add(b.mul(momentum)) : b;
            FloatVector.fromArray(FLOATS, param, i).sub(direction.mul(learningRate)).intoArray(param, i);
        }
        ScalarKernels.sgdMomentumStep(i, to, param, grad, buffer, learningRate, momentum, nesterov);
    }

    @Override
    public void rmspropStep(int n, float[] param, float[] grad, float[] squareAvg, float[] gradAvg, float[] buffer,
                            float learningRate, float alpha, float epsilon, float momentum) {
        FloatUpdateJob.rmsprop(threads, n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    /** rmspropStep of the elements [from, to); from is a whole number of vectors. */
    static void rmsprop(int from, int to, float[] param, float[] grad, float[] squareAvg, float[] gradAvg, float[] buffer,
                        float learningRate, float alpha, float epsilon, float momentum) {
        float oneMinusAlpha = 1 - alpha;
        int lanes = FLOATS.length(), i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += lanes) {
            FloatVector g = FloatVector.fromArray(FLOATS, grad, i);
            FloatVector s = FloatVector.fromArray(FLOATS, squareAvg, i).mul(alpha).add(g.mul(oneMinusAlpha).mul(g));
            s.intoArray(squareAvg, i);
            if (gradAvg != null) {
                FloatVector a = FloatVector.fromArray(FLOATS, gradAvg, i).mul(alpha).add(g.mul(oneMinusAlpha));
                a.intoArray(gradAvg, i);
                s = s.sub(a.mul(a));
            }
            FloatVector denominator = s.sqrt().add(epsilon);
            FloatVector p = FloatVector.fromArray(FLOATS, param, i);
            if (momentum > 0) {
                FloatVector b = FloatVector.fromArray(FLOATS, buffer, i).mul(momentum).add(g.div(denominator));
                b.intoArray(buffer, i);
                p.sub(b.mul(learningRate)).intoArray(param, i);
            } else {
                p.sub(g.mul(learningRate).div(denominator)).intoArray(param, i);
            }
        }
        ScalarKernels.rmspropStep(i, to, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    @Override
    public void adagradStep(int n, float[] param, float[] grad, float[] sum, float learningRate, float epsilon) {
        FloatUpdateJob.adagrad(threads, n, param, grad, sum, learningRate, epsilon);
    }

    /** adagradStep of the elements [from, to); from is a whole number of vectors. */
    static void adagrad(int from, int to, float[] param, float[] grad, float[] sum, float learningRate, float epsilon) {
        int lanes = FLOATS.length(), i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += lanes) {
            FloatVector g = FloatVector.fromArray(FLOATS, grad, i);
            FloatVector s = FloatVector.fromArray(FLOATS, sum, i).add(g.mul(g));
            s.intoArray(sum, i);
            FloatVector.fromArray(FLOATS, param, i).sub(g.mul(learningRate).div(s.sqrt().add(epsilon))).intoArray(param, i);
        }
        ScalarKernels.adagradStep(i, to, param, grad, sum, learningRate, epsilon);
    }

    @Override
    public void clipByValue(int n, float[] x, float limit) {
        int lanes = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += lanes) {
            FloatVector.fromArray(FLOATS, x, i).min(limit).max(-limit).intoArray(x, i);
        }
        ScalarKernels.clipByValue(i, n, x, limit);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    @Override
    public void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        // Adam is AdamW without decay: the parameter is multiplied by exactly 1, which changes no bit.
        adamwStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, 0, step);
    }

    @Override
    public void adamwStep(int n, double[] param, double[] grad, double[] m, double[] v, double learningRate,
                          double beta1, double beta2, double epsilon, double weightDecay, int step) {
        DoubleUpdateJob.adamw(threads, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    /** adamwStep of the elements [from, to); from is a whole number of vectors. */
    static void adamw(int from, int to, double[] param, double[] grad, double[] m, double[] v, double learningRate,
                      double beta1, double beta2, double epsilon, double weightDecay, int step) {
        // The decay and bias corrections exactly as the scalar reference computes them, so the update is bit-identical.
        double decay = (double) (1 - (double) learningRate * weightDecay);
        double stepSize = (double) (learningRate / (1 - Math.pow(beta1, step)));
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, step));
        double oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        int lanes = DOUBLES.length(), i = from;
        for (int bound = from + DOUBLES.loopBound(to - from); i < bound; i += lanes) {
            DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, i);
            DoubleVector mi = DoubleVector.fromArray(DOUBLES, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            DoubleVector vi = DoubleVector.fromArray(DOUBLES, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            DoubleVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            DoubleVector.fromArray(DOUBLES, param, i).mul(decay).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i);
        }
        ScalarKernels.adamwStep(i, to, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    @Override
    public void sgdMomentumStep(int n, double[] param, double[] grad, double[] buffer,
                                double learningRate, double momentum, boolean nesterov) {
        DoubleUpdateJob.sgdMomentum(threads, n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    /** sgdMomentumStep of the elements [from, to); from is a whole number of vectors. */
    static void sgdMomentum(int from, int to, double[] param, double[] grad, double[] buffer,
                            double learningRate, double momentum, boolean nesterov) {
        int lanes = DOUBLES.length(), i = from;
        for (int bound = from + DOUBLES.loopBound(to - from); i < bound; i += lanes) {
            DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, i);
            DoubleVector b = DoubleVector.fromArray(DOUBLES, buffer, i).mul(momentum).add(g);
            b.intoArray(buffer, i);
            DoubleVector direction = nesterov ? g.add(b.mul(momentum)) : b;
            DoubleVector.fromArray(DOUBLES, param, i).sub(direction.mul(learningRate)).intoArray(param, i);
        }
        ScalarKernels.sgdMomentumStep(i, to, param, grad, buffer, learningRate, momentum, nesterov);
    }

    @Override
    public void rmspropStep(int n, double[] param, double[] grad, double[] squareAvg, double[] gradAvg, double[] buffer,
                            double learningRate, double alpha, double epsilon, double momentum) {
        DoubleUpdateJob.rmsprop(threads, n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    /** rmspropStep of the elements [from, to); from is a whole number of vectors. */
    static void rmsprop(int from, int to, double[] param, double[] grad, double[] squareAvg, double[] gradAvg, double[] buffer,
                        double learningRate, double alpha, double epsilon, double momentum) {
        double oneMinusAlpha = 1 - alpha;
        int lanes = DOUBLES.length(), i = from;
        for (int bound = from + DOUBLES.loopBound(to - from); i < bound; i += lanes) {
            DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, i);
            DoubleVector s = DoubleVector.fromArray(DOUBLES, squareAvg, i).mul(alpha).add(g.mul(oneMinusAlpha).mul(g));
            s.intoArray(squareAvg, i);
            if (gradAvg != null) {
                DoubleVector a = DoubleVector.fromArray(DOUBLES, gradAvg, i).mul(alpha).add(g.mul(oneMinusAlpha));
                a.intoArray(gradAvg, i);
                s = s.sub(a.mul(a));
            }
            DoubleVector denominator = s.sqrt().add(epsilon);
            DoubleVector p = DoubleVector.fromArray(DOUBLES, param, i);
            if (momentum > 0) {
                DoubleVector b = DoubleVector.fromArray(DOUBLES, buffer, i).mul(momentum).add(g.div(denominator));
                b.intoArray(buffer, i);
                p.sub(b.mul(learningRate)).intoArray(param, i);
            } else {
                p.sub(g.mul(learningRate).div(denominator)).intoArray(param, i);
            }
        }
        ScalarKernels.rmspropStep(i, to, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    @Override
    public void adagradStep(int n, double[] param, double[] grad, double[] sum, double learningRate, double epsilon) {
        DoubleUpdateJob.adagrad(threads, n, param, grad, sum, learningRate, epsilon);
    }

    /** adagradStep of the elements [from, to); from is a whole number of vectors. */
    static void adagrad(int from, int to, double[] param, double[] grad, double[] sum, double learningRate, double epsilon) {
        int lanes = DOUBLES.length(), i = from;
        for (int bound = from + DOUBLES.loopBound(to - from); i < bound; i += lanes) {
            DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, i);
            DoubleVector s = DoubleVector.fromArray(DOUBLES, sum, i).add(g.mul(g));
            s.intoArray(sum, i);
            DoubleVector.fromArray(DOUBLES, param, i).sub(g.mul(learningRate).div(s.sqrt().add(epsilon))).intoArray(param, i);
        }
        ScalarKernels.adagradStep(i, to, param, grad, sum, learningRate, epsilon);
    }

    @Override
    public void clipByValue(int n, double[] x, double limit) {
        int lanes = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += lanes) {
            DoubleVector.fromArray(DOUBLES, x, i).min(limit).max(-limit).intoArray(x, i);
        }
        ScalarKernels.clipByValue(i, n, x, limit);
    }

    // ---- end of generated double half ----
}
