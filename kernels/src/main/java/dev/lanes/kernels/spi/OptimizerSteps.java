package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The fused parameter updates of the optimisers that need more than an {@code axpy}: Adam, as
 * {@link dev.lanes.kernels.Kernels#adamStep} documents it. Arguments arrive validated (see {@link Gemm}). Every
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

    // ---- end of generated double half ----
}
