package dev.lanes.kernels.thirdparty;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.spi.Activations;
import dev.lanes.kernels.spi.Gemm;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;
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
            public Reductions reductions() {
                return fault == Fault.COLUMN_SUMS_IGNORES_BETA ? new ColumnSumsIgnoringBeta() : KernelsBackend.super.reductions();
            }
        };
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
}
