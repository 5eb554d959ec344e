package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The fused parameter updates of the optimisers that need more than an {@code axpy} (Adam, AdamW, SGD with
 * momentum, RMSprop, Adagrad) and clipping gradients by value, as {@link dev.lanes.kernels.Kernels} documents each. Arguments arrive validated (see {@link Gemm}). Every
 * method defaults to the scalar reference: override the ones you accelerate.
 */
public interface OptimizerSteps {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /**
     * One Adam update of {@code n} parameters; {@code step} counts updates from 1.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param m the first-moment estimate, updated in place, length ≥ n
     * @param v the second-moment estimate, updated in place, length ≥ n
     * @param learningRate the step size, finite and ≥ 0
     * @param beta1 the first moment's decay, in [0, 1)
     * @param beta2 the second moment's decay, in [0, 1)
     * @param epsilon the denominator's guard, &gt; 0
     * @param step the update's number, ≥ 1, for the bias corrections
     */
    default void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                          float learningRate, float beta1, float beta2, float epsilon, int step) {
        ScalarKernels.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }

    /**
     * One AdamW update of {@code n} parameters: Adam after multiplying the parameters by 1 − lr·weightDecay.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param m the first-moment estimate, updated in place, length ≥ n
     * @param v the second-moment estimate, updated in place, length ≥ n
     * @param learningRate the step size, finite and ≥ 0
     * @param beta1 the first moment's decay, in [0, 1)
     * @param beta2 the second moment's decay, in [0, 1)
     * @param epsilon the denominator's guard, &gt; 0
     * @param weightDecay the decoupled decay, finite and ≥ 0
     * @param step the update's number, ≥ 1, for the bias corrections
     */
    default void adamwStep(int n, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                           float beta1, float beta2, float epsilon, float weightDecay, int step) {
        ScalarKernels.adamwStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    /**
     * One update of SGD with momentum (classical or Nesterov) of {@code n} parameters.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param buffer the momentum buffer, updated in place, length ≥ n
     * @param learningRate the step size, finite and ≥ 0
     * @param momentum the buffer's decay, in [0, 1)
     * @param nesterov whether the step looks ahead along the buffer (Nesterov) or follows it
     */
    default void sgdMomentumStep(int n, float[] param, float[] grad, float[] buffer,
                                 float learningRate, float momentum, boolean nesterov) {
        ScalarKernels.sgdMomentumStep(n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    /**
     * One RMSprop update of {@code n} parameters.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param squareAvg the running mean of squared gradients, updated in place, length ≥ n
     * @param gradAvg the running mean of gradients (centred RMSprop), updated in place; {@code null} if not centred
     * @param buffer the momentum buffer, updated in place when momentum &gt; 0 (then non-null), else unused
     * @param learningRate the step size, finite and ≥ 0
     * @param alpha the running means' decay, in [0, 1]
     * @param epsilon the denominator's guard, &gt; 0
     * @param momentum the buffer's decay, in [0, 1)
     */
    default void rmspropStep(int n, float[] param, float[] grad, float[] squareAvg, float[] gradAvg, float[] buffer,
                             float learningRate, float alpha, float epsilon, float momentum) {
        ScalarKernels.rmspropStep(n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    /**
     * One Adagrad update of {@code n} parameters.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param sum the sum of squared gradients, updated in place, length ≥ n
     * @param learningRate this step's (decayed) step size, finite and ≥ 0
     * @param epsilon the denominator's guard, &gt; 0
     */
    default void adagradStep(int n, float[] param, float[] grad, float[] sum, float learningRate, float epsilon) {
        ScalarKernels.adagradStep(n, param, grad, sum, learningRate, epsilon);
    }

    /**
     * Clamps {@code n} elements into [−limit, limit], in place.
     *
     * @param n the number of elements, ≥ 0
     * @param x the values (gradients), clamped in place, length ≥ n
     * @param limit the largest magnitude kept, ≥ 0
     */
    default void clipByValue(int n, float[] x, float limit) {
        ScalarKernels.clipByValue(n, x, limit);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /**
     * One Adam update of {@code n} parameters; {@code step} counts updates from 1.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param m the first-moment estimate, updated in place, length ≥ n
     * @param v the second-moment estimate, updated in place, length ≥ n
     * @param learningRate the step size, finite and ≥ 0
     * @param beta1 the first moment's decay, in [0, 1)
     * @param beta2 the second moment's decay, in [0, 1)
     * @param epsilon the denominator's guard, &gt; 0
     * @param step the update's number, ≥ 1, for the bias corrections
     */
    default void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                          double learningRate, double beta1, double beta2, double epsilon, int step) {
        ScalarKernels.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
    }

    /**
     * One AdamW update of {@code n} parameters: Adam after multiplying the parameters by 1 − lr·weightDecay.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param m the first-moment estimate, updated in place, length ≥ n
     * @param v the second-moment estimate, updated in place, length ≥ n
     * @param learningRate the step size, finite and ≥ 0
     * @param beta1 the first moment's decay, in [0, 1)
     * @param beta2 the second moment's decay, in [0, 1)
     * @param epsilon the denominator's guard, &gt; 0
     * @param weightDecay the decoupled decay, finite and ≥ 0
     * @param step the update's number, ≥ 1, for the bias corrections
     */
    default void adamwStep(int n, double[] param, double[] grad, double[] m, double[] v, double learningRate,
                           double beta1, double beta2, double epsilon, double weightDecay, int step) {
        ScalarKernels.adamwStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
    }

    /**
     * One update of SGD with momentum (classical or Nesterov) of {@code n} parameters.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param buffer the momentum buffer, updated in place, length ≥ n
     * @param learningRate the step size, finite and ≥ 0
     * @param momentum the buffer's decay, in [0, 1)
     * @param nesterov whether the step looks ahead along the buffer (Nesterov) or follows it
     */
    default void sgdMomentumStep(int n, double[] param, double[] grad, double[] buffer,
                                 double learningRate, double momentum, boolean nesterov) {
        ScalarKernels.sgdMomentumStep(n, param, grad, buffer, learningRate, momentum, nesterov);
    }

    /**
     * One RMSprop update of {@code n} parameters.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param squareAvg the running mean of squared gradients, updated in place, length ≥ n
     * @param gradAvg the running mean of gradients (centred RMSprop), updated in place; {@code null} if not centred
     * @param buffer the momentum buffer, updated in place when momentum &gt; 0 (then non-null), else unused
     * @param learningRate the step size, finite and ≥ 0
     * @param alpha the running means' decay, in [0, 1]
     * @param epsilon the denominator's guard, &gt; 0
     * @param momentum the buffer's decay, in [0, 1)
     */
    default void rmspropStep(int n, double[] param, double[] grad, double[] squareAvg, double[] gradAvg, double[] buffer,
                             double learningRate, double alpha, double epsilon, double momentum) {
        ScalarKernels.rmspropStep(n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
    }

    /**
     * One Adagrad update of {@code n} parameters.
     *
     * @param n the number of elements, ≥ 0
     * @param param the parameters, updated in place, length ≥ n
     * @param grad their gradient, length ≥ n
     * @param sum the sum of squared gradients, updated in place, length ≥ n
     * @param learningRate this step's (decayed) step size, finite and ≥ 0
     * @param epsilon the denominator's guard, &gt; 0
     */
    default void adagradStep(int n, double[] param, double[] grad, double[] sum, double learningRate, double epsilon) {
        ScalarKernels.adagradStep(n, param, grad, sum, learningRate, epsilon);
    }

    /**
     * Clamps {@code n} elements into [−limit, limit], in place.
     *
     * @param n the number of elements, ≥ 0
     * @param x the values (gradients), clamped in place, length ≥ n
     * @param limit the largest magnitude kept, ≥ 0
     */
    default void clipByValue(int n, double[] x, double limit) {
        ScalarKernels.clipByValue(n, x, limit);
    }

    // ---- end of generated double half ----
}
