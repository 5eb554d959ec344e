package dev.lanes.benchmarks;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Linear + ReLU forward pass, y = relu(x·Wᵀ + bias), in GFLOP/s of its GEMM: the {@code vector} GEMM with the
 * bias and ReLU fused into its epilogue (one trip through y) beside OpenBLAS's sgemm followed by a separate
 * bias + ReLU pass over y (a plain loop that C2 vectorises), 1 thread. Run with {@link GemmBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class GemmFusedBenchmark {

    @Param({"NT:64x256x784", "NT:128x256x784", "NT:128x10x256"})
    public String shape;

    @Param({"vector-fused", "openblas+pass"})
    public String impl;

    private GemmShape s;
    private float[] x, w, y, bias;
    private OpenBlas blas;
    private Kernels kernels;

    @Setup(Level.Trial)
    public void setUp() {
        s = new GemmShape(shape);
        SplittableRandom random = new SplittableRandom(42);
        x = GemmShape.random(random, s.m * s.k);
        w = GemmShape.random(random, s.k * s.n);
        bias = GemmShape.random(random, s.n);
        y = new float[s.m * s.n];
        blas = impl.equals("openblas+pass") ? GemmBenchmark.openBlas(1) : null;
        kernels = Kernels.withProvider("vector").withThreads(1);
    }

    @Benchmark
    public float[] linearRelu(GemmBenchmark.Work work) {
        if (impl.equals("vector-fused")) {
            kernels.gemm(s.transA, s.transB, s.m, s.n, s.k, 1f, x, 0, s.lda, w, 0, s.ldb, 0f, y, 0, s.ldc,
                    bias, Activation.RELU);
        } else if (blas != null) {
            blas.sgemm(s.transposedA(), s.transposedB(), s.m, s.n, s.k, 1f, x, s.lda, w, s.ldb, 0f, y, s.ldc);
            biasRelu(s.m, s.n, y, bias);
        } else {
            return y;                                    // OpenBLAS missing: skipped, reports 0
        }
        work.gflop += s.gigaflop();
        return y;
    }

    /** The separate pass: y = max(y + bias, 0), row by row. */
    private static void biasRelu(int rows, int cols, float[] y, float[] bias) {
        for (int i = 0, at = 0; i < rows; i++, at += cols) {
            for (int j = 0; j < cols; j++) {
                y[at + j] = Math.max(y[at + j] + bias[j], 0f);
            }
        }
    }
}
