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
 * The fused losses, value and gradient in one call, in microseconds per call, one thread, on the shapes
 * {@code benchmarks/pytorch/loss_peer.py} times PyTorch's forward + backward on: cross-entropy plain and with class
 * weights and label smoothing 0.1, and binary cross-entropy with logits and positive weights.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class LossBenchmark {

    @Param({"1024x1024", "1024x10"})
    public String shape;

    @Param({"vector", "scalar"})
    public String provider;

    private Kernels kernels;
    private int rows;
    private int cols;
    private float[] x;
    private float[] targets;
    private float[] weights;
    private float[] gradient;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = Kernels.withProvider(provider).withThreads(1);
        String[] parts = shape.split("x");
        rows = Integer.parseInt(parts[0]);
        cols = Integer.parseInt(parts[1]);
        SplittableRandom random = new SplittableRandom(7);
        x = new float[rows * cols];
        targets = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
            targets[i] = (float) random.nextDouble();
        }
        weights = new float[cols];
        for (int j = 0; j < cols; j++) {
            weights[j] = 0.5f + (float) random.nextDouble();
        }
        gradient = new float[rows * cols];
        labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(cols);
        }
    }

    @Benchmark
    public float crossEntropy() {
        return kernels.crossEntropy(rows, cols, x, labels, null, 0f, gradient);
    }

    @Benchmark
    public float crossEntropyWeightedSmoothed() {
        return kernels.crossEntropy(rows, cols, x, labels, weights, 0.1f, gradient);
    }

    @Benchmark
    public float bceWithLogitsPosWeight() {
        return kernels.binaryCrossEntropyWithLogits(rows, cols, x, targets, weights, gradient);
    }
}
