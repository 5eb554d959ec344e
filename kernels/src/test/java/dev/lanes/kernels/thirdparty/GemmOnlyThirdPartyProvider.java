package dev.lanes.kernels.thirdparty;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.spi.Gemm;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider as a third party would write it, registered only from this module's test resources
 * ({@code META-INF/services/dev.lanes.kernels.spi.KernelsProvider}), with no change to Lanes. It accelerates (in
 * spirit) only GEMM, with its own loop, and inherits every other operation from the SPI's defaults, the scalar
 * reference: the smallest provider there can be. Its rank is negative so the default choice is unchanged. It
 * counts its GEMM calls, so a test can tell that selecting it by name really routes work through it, and the
 * conformance suite runs against it ({@code ConformanceOfGemmOnlyProviderTest}).
 */
public final class GemmOnlyThirdPartyProvider implements KernelsProvider {
    public static final String NAME = "thirdparty-test";

    /** GEMM calls that reached a backend of this provider, over the whole JVM. */
    public static final AtomicLong CALLS = new AtomicLong();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return -10;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "test-only third-party provider: its own GEMM loop, the reference for the rest";
    }

    @Override
    public KernelsBackend create(int threads) {
        Gemm gemm = new LoopGemm();
        return new KernelsBackend() {
            @Override
            public Gemm gemm() {
                return gemm;
            }
        };
    }

    /**
     * C = act(alpha·op(A)·op(B) + beta·C + bias) one row of C at a time, accumulating rank-1 updates along K into a
     * row buffer (the i-p-j order, which reads B row by row): another summation order than the reference's dot
     * products, so the suite's tolerances, not luck, make it pass.
     */
    static final class LoopGemm implements Gemm {

        // ---- float: the double half below is generated from this by PrecisionTwins ----

        @Override
        public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                         float alpha, float[] a, int aOffset, int lda,
                         float[] b, int bOffset, int ldb,
                         float beta, float[] c, int cOffset, int ldc,
                         float[] bias, Activation activation) {
            CALLS.incrementAndGet();
            boolean readAB = alpha != 0 && k > 0;
            float[] row = new float[n];
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; readAB && p < k; p++) {
                    float aip = a[aOffset + (transA == Transpose.NONE ? i * lda + p : p * lda + i)];
                    for (int j = 0; j < n; j++) {
                        row[j] += aip * b[bOffset + (transB == Transpose.NONE ? p * ldb + j : j * ldb + p)];
                    }
                }
                for (int j = 0; j < n; j++) {
                    int ci = cOffset + i * ldc + j;
                    float value = readAB ? alpha * row[j] : 0f;
                    if (beta != 0) {
                        value += beta * c[ci];
                    }
                    if (bias != null) {
                        value += bias[j];
                    }
                    c[ci] = activation == Activation.RELU ? Math.max(value, 0f) : value;
                }
            }
        }

        // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

        @Override
        public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                         double alpha, double[] a, int aOffset, int lda,
                         double[] b, int bOffset, int ldb,
                         double beta, double[] c, int cOffset, int ldc,
                         double[] bias, Activation activation) {
            CALLS.incrementAndGet();
            boolean readAB = alpha != 0 && k > 0;
            double[] row = new double[n];
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0d);
                for (int p = 0; readAB && p < k; p++) {
                    double aip = a[aOffset + (transA == Transpose.NONE ? i * lda + p : p * lda + i)];
                    for (int j = 0; j < n; j++) {
                        row[j] += aip * b[bOffset + (transB == Transpose.NONE ? p * ldb + j : j * ldb + p)];
                    }
                }
                for (int j = 0; j < n; j++) {
                    int ci = cOffset + i * ldc + j;
                    double value = readAB ? alpha * row[j] : 0d;
                    if (beta != 0) {
                        value += beta * c[ci];
                    }
                    if (bias != null) {
                        value += bias[j];
                    }
                    c[ci] = activation == Activation.RELU ? Math.max(value, 0d) : value;
                }
            }
        }

        // ---- end of generated double half ----
    }
}
