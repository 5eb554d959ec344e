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
 * <p>Each benchmark reports, besides its time per call, an auxiliary counter {@code bytes}: the bytes the
 * kernel must read and write per call (every input element read once, every output element written once;
 * per-column vectors such as the bias are ignored as they stay in cache). JMH normalises it by time, so its
 * score is bytes per second. {@code copy} moves 2 × 4 × rows × cols bytes (read one array, write another).
 *
 * <p>Sizes: {@code L2} is 64 × 1024 floats (256 KiB per array: the two or three arrays of a call fit the
 * 1 MiB L2 of the team's Zen 5); {@code DRAM} is 16384 × 1024 floats (64 MiB per array, twice the L3).
 * Rows of 1024 are a wide layer; the kernels' row-wise work is the same at any row length this large.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
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

    /** Bytes moved per call, reported by JMH as a rate (bytes/s) because it is an operations counter. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Traffic {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
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

    private long floats(int arrays) {
        return 4L * arrays * n;
    }

    @Benchmark
    public float[] copy(Traffic traffic) {
        System.arraycopy(x, 0, out, 0, n);
        traffic.bytes += floats(2);
        return out;
    }

    @Benchmark
    public float[] addBias(Traffic traffic) {
        kernels.addBias(rows, COLS, x, bias, out);
        traffic.bytes += floats(2);
        return out;
    }

    @Benchmark
    public float[] reluForward(Traffic traffic) {
        kernels.relu(n, x, out);
        traffic.bytes += floats(2);
        return out;
    }

    @Benchmark
    public float[] reluBackward(Traffic traffic) {
        kernels.reluBackward(n, x, y, out);
        traffic.bytes += floats(3);
        return out;
    }

    @Benchmark
    public float[] softmax(Traffic traffic) {
        kernels.softmax(rows, COLS, x, out);
        traffic.bytes += floats(2);
        return out;
    }

    @Benchmark
    public float[] logSoftmax(Traffic traffic) {
        kernels.logSoftmax(rows, COLS, x, out);
        traffic.bytes += floats(2);
        return out;
    }

    @Benchmark
    public float softmaxCrossEntropy(Traffic traffic) {
        float loss = kernels.softmaxCrossEntropy(rows, COLS, x, labels, out);
        traffic.bytes += floats(2);
        return loss;
    }

    /** y += αx: reads x and y, writes y. α is tiny and alternates in sign so y stays bounded over millions of calls. */
    @Benchmark
    public float[] axpy(Traffic traffic) {
        alpha = -alpha;
        kernels.axpy(n, alpha, x, y);
        traffic.bytes += floats(3);
        return y;
    }

    private float alpha = 1e-7f;
}
