package dev.lanes.kernels.thirdparty;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.scalar.ScalarNormalization;
import dev.lanes.kernels.spi.Activations;
import dev.lanes.kernels.spi.Gemm;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;
import dev.lanes.kernels.spi.OptimizerSteps;
import dev.lanes.kernels.spi.Normalization;
import dev.lanes.kernels.spi.Reductions;
import dev.lanes.kernels.spi.Rowwise;

import java.util.Optional;

/**
 * A deliberately wrong provider, to show that the suite catches wrong kernels: the scalar reference with one fault
 * injected into one family, chosen by the system property {@value #FAULT_PROPERTY}. Without the property it reports
 * itself unavailable, so it is listed by {@link Kernels#providers()} but never tested or chosen; its rank is the
 * lowest, so it never appears in the start-up log either.
 */
public final class FaultyTestProvider implements KernelsProvider {
    public static final String NAME = "faulty-test";
    public static final String FAULT_PROPERTY = "lanes.test.fault";

    /** The faults, each a plausible bug of a vectorised kernel. */
    public enum Fault {
        /** GEMM forgets the last step of K (a tail loop bound off by one). */
        GEMM_DROPS_LAST_K,
        /** softmax leaves the last column out of each row's sum (a tail not summed). */
        SOFTMAX_SKIPS_LAST_IN_SUM,
        /** reluBackward masks by multiplying dy with 0/1 (NaN or ∞ times 0 is NaN). */
        RELU_BACKWARD_MULTIPLIES,
        /** columnSums ignores beta (always overwrites). */
        COLUMN_SUMS_IGNORES_BETA,
        /** RMSprop adds ε inside the square root, √(s + ε), rather than after it (as Keras' RMSprop does). */
        RMSPROP_EPSILON_INSIDE_ROOT,
        /** AdamW decays the parameters after the Adam step rather than before it. */
        ADAMW_DECAYS_AFTER_THE_STEP,
        /** dropout hashes element i + 1 for element i (a lane index off by one). */
        DROPOUT_MASK_OFF_BY_ONE,
        /** rowMoments divides by cols − 1 (the unbiased variance where the biased one is asked for). */
        ROW_MOMENTS_UNBIASED,
        /** normalizeRowsBackward leaves out the x̂·mean(g·x̂) term (the variance's share of the gradient). */
        LAYER_NORM_BACKWARD_WITHOUT_VARIANCE_TERM,
        /** gelu computes the tanh approximation instead of the exact form (at most 5e-4 off, relatively 1e-3). */
        GELU_IS_THE_TANH_FORM
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Optional<String> unavailableReason() {
        return System.getProperty(FAULT_PROPERTY) == null
                ? Optional.of("test-only; set -D" + FAULT_PROPERTY + " to one of the faults to use it")
                : Optional.empty();
    }

    @Override
    public String describe() {
        return "test-only provider with an injected fault: " + System.getProperty(FAULT_PROPERTY);
    }

    @Override
    public KernelsBackend create(int threads) {
        Fault fault = Fault.valueOf(System.getProperty(FAULT_PROPERTY));
        return new KernelsBackend() {
            @Override
            public Gemm gemm() {
                return fault == Fault.GEMM_DROPS_LAST_K ? new GemmDroppingLastK() : KernelsBackend.super.gemm();
            }

            @Override
            public Rowwise rowwise() {
                return fault == Fault.SOFTMAX_SKIPS_LAST_IN_SUM ? new SoftmaxSkippingLast() : KernelsBackend.super.rowwise();
            }

            @Override
            public Activations activations() {
                return switch (fault) {
                    case RELU_BACKWARD_MULTIPLIES -> new ReluBackwardMultiplying();
                    case GELU_IS_THE_TANH_FORM -> new GeluAsTanhForm();
                    default -> KernelsBackend.super.activations();
                };
            }

            @Override
            public Normalization normalization() {
                return switch (fault) {
                    case DROPOUT_MASK_OFF_BY_ONE, ROW_MOMENTS_UNBIASED, LAYER_NORM_BACKWARD_WITHOUT_VARIANCE_TERM -> new FaultyNormalization(fault);
                    default -> KernelsBackend.super.normalization();
                };
            }

            @Override
            public Reductions reductions() {
                return fault == Fault.COLUMN_SUMS_IGNORES_BETA ? new ColumnSumsIgnoringBeta() : KernelsBackend.super.reductions();
            }

            @Override
            public OptimizerSteps optimizerSteps() {
                return switch (fault) {
                    case RMSPROP_EPSILON_INSIDE_ROOT -> new RmspropEpsilonInsideRoot();
                    case ADAMW_DECAYS_AFTER_THE_STEP -> new AdamwDecayingAfterTheStep();
                    default -> KernelsBackend.super.optimizerSteps();
                };
            }
        };
    }

    /** The reference normalisation family with one of its faults (float only: the tests need one precision to fail). */
    private record FaultyNormalization(Fault fault) implements Normalization {
        @Override
        public void dropout(int n, float[] x, float p, long seed, float[] out) {
            if (fault != Fault.DROPOUT_MASK_OFF_BY_ONE) {
                ScalarNormalization.dropout(n, x, p, seed, out);
                return;
            }
            int threshold = ScalarNormalization.dropThreshold(p);
            for (int i = 0; i < n; i++) {
                out[i] = ScalarNormalization.keeps(seed, i + 1, threshold) ? x[i] * (1 / (1 - p)) : 0;
            }
        }

        @Override
        public void rowMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
            ScalarNormalization.rowMoments(rows, cols, x, mean, variance);
            if (fault == Fault.ROW_MOMENTS_UNBIASED && cols > 1) {
                for (int i = 0; i < rows; i++) {
                    variance[i] = variance[i] * cols / (cols - 1);
                }
            }
        }

        @Override
        public void normalizeRowsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                          float[] dy, float[] dx, float beta, float[] dWeight, float[] dBias) {
            if (fault != Fault.LAYER_NORM_BACKWARD_WITHOUT_VARIANCE_TERM) {
                ScalarNormalization.normalizeRowsBackward(rows, cols, x, mean, invStd, weight, dy, dx, beta, dWeight, dBias);
                return;
            }
            ScalarNormalization.normalizeRowsParameterGradients(rows, 0, cols, x, mean, invStd, dy, beta, dWeight, dBias);
            for (int i = 0; i < rows; i++) {
                float sumG = 0;
                for (int j = 0; j < cols; j++) {
                    sumG += dy[i * cols + j] * weight[j];
                }
                ScalarNormalization.normalizeRowsInputGradient(i * cols, 0, cols, x, mean[i], invStd[i], weight, dy, sumG / cols, 0, dx);
            }
        }
    }

    private static final class GemmDroppingLastK implements Gemm {
        @Override
        public void gemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                         float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc, float[] bias, Activation activation) {
            ScalarKernels.gemm(transA, transB, m, n, k > 1 ? k - 1 : k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
        }

        @Override
        public void gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, double[] a, int aOffset, int lda,
                         double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc, double[] bias, Activation activation) {
            ScalarKernels.gemm(transA, transB, m, n, k > 1 ? k - 1 : k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias, activation);
        }
    }

    private static final class SoftmaxSkippingLast implements Rowwise {
        @Override
        public void softmax(int rows, int cols, float[] x, float[] out) {
            double[] result = softmaxSkippingLast(rows, cols, toDouble(x, rows * cols));
            for (int i = 0; i < result.length; i++) {
                out[i] = (float) result[i];
            }
        }

        @Override
        public void softmax(int rows, int cols, double[] x, double[] out) {
            System.arraycopy(softmaxSkippingLast(rows, cols, x), 0, out, 0, rows * cols);
        }

        private static double[] softmaxSkippingLast(int rows, int cols, double[] in) {
            double[] result = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, in[r * cols + j]);
                }
                for (int j = 0; j < cols - 1; j++) {
                    sum += Math.exp(in[r * cols + j] - max);
                }
                for (int j = 0; j < cols; j++) {
                    result[r * cols + j] = Math.exp(in[r * cols + j] - max) / (cols == 1 ? 1 : sum);
                }
            }
            return result;
        }

        private static double[] toDouble(float[] f, int n) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }

    private static final class ReluBackwardMultiplying implements Activations {
        @Override
        public void reluBackward(int n, float[] x, float[] dy, float[] dx) {
            for (int i = 0; i < n; i++) {
                dx[i] = dy[i] * (x[i] > 0 ? 1f : 0f);
            }
        }

        @Override
        public void reluBackward(int n, double[] x, double[] dy, double[] dx) {
            for (int i = 0; i < n; i++) {
                dx[i] = dy[i] * (x[i] > 0 ? 1d : 0d);
            }
        }
    }

    private static final class GeluAsTanhForm implements Activations {
        @Override
        public void gelu(int n, float[] x, float[] out) {
            ScalarKernels.geluTanh(n, x, out);
        }

        @Override
        public void gelu(int n, double[] x, double[] out) {
            ScalarKernels.geluTanh(n, x, out);
        }
    }

    private static final class ColumnSumsIgnoringBeta implements Reductions {
        @Override
        public void columnSums(int rows, int cols, float[] x, float beta, float[] out) {
            ScalarKernels.columnSums(rows, cols, x, 0f, out);
        }

        @Override
        public void columnSums(int rows, int cols, double[] x, double beta, double[] out) {
            ScalarKernels.columnSums(rows, cols, x, 0d, out);
        }
    }

    private static final class RmspropEpsilonInsideRoot implements OptimizerSteps {
        @Override
        public void rmspropStep(int n, float[] param, float[] grad, float[] squareAvg, float[] gradAvg, float[] buffer,
                                float learningRate, float alpha, float epsilon, float momentum) {
            double[] p = widen(param, n), g = widen(grad, n), s = widen(squareAvg, n);
            double[] a = gradAvg == null ? null : widen(gradAvg, n), b = buffer == null ? null : widen(buffer, n);
            rmspropWithEpsilonInside(n, p, g, s, a, b, learningRate, alpha, epsilon, momentum);
            narrow(p, param);
            narrow(s, squareAvg);
            if (a != null) {
                narrow(a, gradAvg);
            }
            if (b != null && momentum > 0) {
                narrow(b, buffer);
            }
        }

        @Override
        public void rmspropStep(int n, double[] param, double[] grad, double[] squareAvg, double[] gradAvg, double[] buffer,
                                double learningRate, double alpha, double epsilon, double momentum) {
            rmspropWithEpsilonInside(n, param, grad, squareAvg, gradAvg, buffer, learningRate, alpha, epsilon, momentum);
        }

        private static void rmspropWithEpsilonInside(int n, double[] param, double[] grad, double[] squareAvg, double[] gradAvg,
                                                     double[] buffer, double lr, double alpha, double epsilon, double momentum) {
            for (int i = 0; i < n; i++) {
                double g = grad[i], s = alpha * squareAvg[i] + (1 - alpha) * g * g;
                squareAvg[i] = s;
                if (gradAvg != null) {
                    gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
                    s -= gradAvg[i] * gradAvg[i];
                }
                double d = Math.sqrt(s + epsilon);
                if (momentum > 0) {
                    buffer[i] = momentum * buffer[i] + g / d;
                    param[i] -= lr * buffer[i];
                } else {
                    param[i] -= lr * g / d;
                }
            }
        }

        private static double[] widen(float[] x, int n) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = x[i];
            }
            return d;
        }

        private static void narrow(double[] from, float[] to) {
            for (int i = 0; i < from.length; i++) {
                to[i] = (float) from[i];
            }
        }
    }

    private static final class AdamwDecayingAfterTheStep implements OptimizerSteps {
        @Override
        public void adamwStep(int n, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                              float beta1, float beta2, float epsilon, float weightDecay, int step) {
            ScalarKernels.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
            ScalarKernels.scale(n, (float) (1 - (double) learningRate * weightDecay), param);
        }

        @Override
        public void adamwStep(int n, double[] param, double[] grad, double[] m, double[] v, double learningRate,
                              double beta1, double beta2, double epsilon, double weightDecay, int step) {
            ScalarKernels.adamStep(n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
            ScalarKernels.scale(n, 1 - learningRate * weightDecay, param);
        }
    }
}
