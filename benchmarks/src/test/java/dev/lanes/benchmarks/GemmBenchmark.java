package dev.lanes.benchmarks;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedMatrix;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Float GEMM in GFLOP/s: the {@code vector} provider's GEMM beside OpenBLAS, the peer, in the same run, at 1 and
 * 2 threads, for the shapes neural nets use ({@link GemmShape}) and squares from 256 to 2048.
 *
 * <p>Run it (OpenBLAS must see {@code OPENBLAS_CORETYPE} unset to pick its AVX-512 kernels; see {@link OpenBlas}):
 * <pre>
 * env -u OPENBLAS_CORETYPE ./mvnw -pl benchmarks jmh:benchmark -Djmh.benchmarks='Gemm.*Benchmark' -Djmh.prof=gc
 * </pre>
 * The {@code gflop} counter is the work done (2·M·N·K per call, in 10⁹), so its score is GFLOP/s. The
 * {@code vector} figures call {@link Kernels#gemm} on the {@code vector} provider — the public API, argument
 * checks included — with the thread count given; OpenBLAS gets the same count through
 * {@code openblas_set_num_threads}. If OpenBLAS is not installed its benchmarks do nothing and report 0, after
 * saying why on the console. The GC profiler's {@code gc.alloc.rate.norm} shows the bytes allocated per call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class GemmBenchmark {

    @Param({"NN:256x256x256", "NN:512x512x512", "NN:1024x1024x1024", "NN:2048x2048x2048",
            "NT:64x256x784", "NT:128x256x784", "TN:256x784x128", "NN:128x784x256", "NT:128x10x256", "NT:1x256x784", "NT:64x10x256", "NT:1x10x256"})
    public String shape;

    /** {@code vector-packed}: B packed once in the set-up ({@link Kernels#pack}), as a layer's weights at inference. */
    @Param({"vector", "openblas"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private GemmShape s;
    private float[] a, b, c;
    private OpenBlas blas;
    private Kernels kernels;
    private PackedMatrix packed;

    /** Work done, in GFLOP; JMH reports it per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Work {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        s = new GemmShape(shape);
        SplittableRandom random = new SplittableRandom(42);
        a = GemmShape.random(random, s.m * s.k);
        b = GemmShape.random(random, s.k * s.n);
        c = new float[s.m * s.n];
        blas = impl.equals("openblas") ? openBlas(threads) : null;
        kernels = impl.startsWith("vector") ? Kernels.withProvider("vector").withThreads(threads) : null;
        packed = impl.equals("vector-packed") ? kernels.pack(s.transB, s.k, s.n, b, 0, s.ldb) : null;
        if (!impl.equals("vector") && !impl.equals("vector-packed") && !impl.equals("openblas")) {
            throw new IllegalArgumentException("impl must be vector, vector-packed or openblas, got " + impl);
        }
    }

    /** OpenBLAS with this many threads, saying which kernels it runs; null (skipped, with the reason) if missing. */
    static OpenBlas openBlas(int threads) {
        OpenBlas blas = OpenBlas.load().orElse(null);
        if (blas == null) {
            System.out.println("SKIPPED: " + OpenBlas.whyMissing());
            return null;
        }
        blas.setThreads(threads);
        String preset = System.getenv("OPENBLAS_CORETYPE");
        System.out.println("OpenBLAS core: " + blas.coreName() + (preset == null ? " (OPENBLAS_CORETYPE unset)"
                : " (forced by OPENBLAS_CORETYPE=" + preset + ": not the strongest peer; unset it)") + "; " + blas.config());
        return blas;
    }

    @Benchmark
    public float[] gemm(Work work) {
        if (blas != null) {
            blas.sgemm(s.transposedA(), s.transposedB(), s.m, s.n, s.k, 1f, a, s.lda, b, s.ldb, 0f, c, s.ldc);
        } else if (impl.equals("vector")) {
            kernels.gemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, s.lda, b, 0, s.ldb, 0f, c, 0, s.ldc,
                    null, Activation.IDENTITY);
        } else if (packed != null) {
            kernels.gemm(s.transA, s.m, 1f, a, 0, s.lda, packed, 0f, c, 0, s.ldc, null, Activation.IDENTITY);
        } else {
            return c;                                    // OpenBLAS missing: skipped, reports 0
        }
        work.gflop += s.gigaflop();
        return c;
    }
}
