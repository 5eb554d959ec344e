package dev.lanes.benchmarks;

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
 * Row-wise softmax on the shapes the PyTorch peer times with {@code torch.softmax(x, dim=1)}, in microseconds
 * per call, one thread: 1024 × 1024 (a wide layer) and 1024 × 10 (a classifier's output at a large batch). Log-softmax
 * and the softmax cross-entropy (loss and gradient) share its row maximum and exponentials and are timed alongside;
 * PyTorch's figures are for softmax only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class SoftmaxBenchmark {

    @Param({"1024x1024", "1024x10"})
    public String shape;

    @Param({"vector", "scalar"})
    public String provider;

    private Kernels kernels;
    private int rows;
    private int cols;
    private float[] x;
    private float[] out;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = Kernels.withProvider(provider).withThreads(1);
        String[] parts = shape.split("x");
        rows = Integer.parseInt(parts[0]);
        cols = Integer.parseInt(parts[1]);
        SplittableRandom random = new SplittableRandom(7);
        x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        out = new float[rows * cols];
        labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(cols);
        }
    }

    @Benchmark
    public float[] softmax() {
        kernels.softmax(rows, cols, x, out);
        return out;
    }

    @Benchmark
    public float[] logSoftmax() {
        kernels.logSoftmax(rows, cols, x, out);
        return out;
    }

    @Benchmark
    public float softmaxCrossEntropy() {
        return kernels.softmaxCrossEntropy(rows, cols, x, labels, out);
    }
}
