package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
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
 * The memory-bound kernels in GB/s, beside {@code System.arraycopy} of the same number of floats as the
 * bandwidth ceiling measured in the same run.
 *
 * <p>Each benchmark reports, besides its calls per second, an auxiliary counter {@code gigabytes}: the bytes
 * the kernel must read and write per call (every input element read once, every output element written once;
 * per-column vectors such as the bias are ignored as they stay in cache), in units of 10⁹. JMH normalises it by
 * time, so its score is GB/s. {@code copy} moves 2 × 4 × rows × cols bytes (read one array, write another).
 *
 * <p>Sizes: {@code L2} is 64 × 1024 floats (256 KiB per array: the two or three arrays of a call fit the
 * 1 MiB L2 of the team's Zen 5); {@code DRAM} is 16384 × 1024 floats (64 MiB per array, twice the L3).
 * Rows of 1024 are a wide layer; the kernels' row-wise work is the same at any row length this large.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class MemoryBoundBenchmark {

    @Param({"vector", "scalar"})
    public String provider;

    @Param({"L2", "DRAM"})
    public String size;

    private static final int COLS = 1024;

    private Kernels kernels;
    private int rows;
    private int n;
    private float[] x;
    private float[] y;
    private float[] out;
    private float[] bias;
    private int[] labels;

    /** Gigabytes moved, reported by JMH as a rate (GB/s) because it is an operations counter. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Traffic {
        public double gigabytes;

        @Setup(Level.Iteration)
        public void reset() {
            gigabytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernels = Kernels.withProvider(provider).withThreads(1);
        rows = switch (size) {
            case "L2" -> 64;
            case "DRAM" -> 16384;
            default -> throw new IllegalArgumentException("size must be L2 or DRAM, got " + size);
        };
        n = rows * COLS;
        SplittableRandom random = new SplittableRandom(42);
        x = randomArray(random, n);
        y = randomArray(random, n);
        out = new float[n];
        bias = randomArray(random, COLS);
        labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(COLS);
        }
    }

    private static float[] randomArray(SplittableRandom random, int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    /** Gigabytes in {@code arrays} arrays of n floats. */
    private double floats(int arrays) {
        return 4e-9 * arrays * n;
    }

    @Benchmark
    public float[] copy(Traffic traffic) {
        System.arraycopy(x, 0, out, 0, n);
        traffic.gigabytes += floats(2);
        return out;
    }

    /**
     * The same bytes copied by a plain loop (C2 vectorises it with ordinary stores): the ceiling for code that
     * writes through the cache, as every kernel here does. {@code System.arraycopy} of a large array may use
     * stores that bypass the cache, which Java code cannot ask for.
     */
    @Benchmark
    public float[] loopCopy(Traffic traffic) {
        float[] from = x, to = out;
        for (int i = 0; i < n; i++) {
            to[i] = from[i];
        }
        traffic.gigabytes += floats(2);
        return to;
    }

    @Benchmark
    public float[] addBias(Traffic traffic) {
        kernels.addBias(rows, COLS, x, bias, out);
        traffic.gigabytes += floats(2);
        return out;
    }

    @Benchmark
    public float[] reluForward(Traffic traffic) {
        kernels.relu(n, x, out);
        traffic.gigabytes += floats(2);
        return out;
    }

    @Benchmark
    public float[] reluBackward(Traffic traffic) {
        kernels.reluBackward(n, x, y, out);
        traffic.gigabytes += floats(3);
        return out;
    }

    @Benchmark
    public float[] softmax(Traffic traffic) {
        kernels.softmax(rows, COLS, x, out);
        traffic.gigabytes += floats(2);
        return out;
    }

    @Benchmark
    public float[] logSoftmax(Traffic traffic) {
        kernels.logSoftmax(rows, COLS, x, out);
        traffic.gigabytes += floats(2);
        return out;
    }

    @Benchmark
    public float softmaxCrossEntropy(Traffic traffic) {
        float loss = kernels.softmaxCrossEntropy(rows, COLS, x, labels, out);
        traffic.gigabytes += floats(2);
        return loss;
    }

    /** y += αx: reads x and y, writes y. α is tiny and alternates in sign so y stays bounded over millions of calls. */
    @Benchmark
    public float[] axpy(Traffic traffic) {
        alpha = -alpha;
        kernels.axpy(n, alpha, x, y);
        traffic.gigabytes += floats(3);
        return y;
    }

    private float alpha = 1e-7f;
}
