package dev.lanes.benchmarks;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Level;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The {@code scalar} provider's GEMM (the portable reference) in GFLOP/s, on the small shapes of
 * {@link GemmBenchmark} only: at 1024³ and up one call takes seconds. Run with {@link GemmBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class GemmScalarBenchmark {

    @Param({"NN:256x256x256", "NT:64x256x784", "NT:128x256x784", "TN:256x784x128", "NN:128x784x256",
            "NT:128x10x256", "NT:1x256x784"})
    public String shape;

    private GemmShape s;
    private float[] a, b, c;
    private Kernels scalar;

    @Setup(Level.Trial)
    public void setUp() {
        s = new GemmShape(shape);
        SplittableRandom random = new SplittableRandom(42);
        a = GemmShape.random(random, s.m * s.k);
        b = GemmShape.random(random, s.k * s.n);
        c = new float[s.m * s.n];
        scalar = Kernels.withProvider("scalar").withThreads(1);
    }

    @Benchmark
    public float[] gemm(GemmBenchmark.Work work) {
        scalar.gemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, s.lda, b, 0, s.ldb, 0f, c, 0, s.ldc, null, Activation.IDENTITY);
        work.gflop += s.gigaflop();
        return c;
    }
}
