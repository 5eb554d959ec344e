package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.RegressionLoss;
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
 * The regression losses of {@link Kernels#regressionLoss}, mean and gradient in one call, in microseconds per call,
 * one thread, on 1024×1024 floats: the work {@code benchmarks/pytorch/loss_peer.py} times as PyTorch's
 * {@code F.mse_loss}, {@code F.l1_loss}, {@code F.huber_loss} and {@code F.smooth_l1_loss} forward + backward
 * (δ = β = 1, PyTorch's defaults). Predictions are standard normal and targets uniform in [0, 1), so both sides of
 * Huber's and smooth L1's kink are taken, unpredictably (the vector code blends, it does not branch).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class RegressionLossBenchmark {

    @Param({"MSE", "L1", "HUBER", "SMOOTH_L1"})
    public RegressionLoss loss;

    @Param({"1024x1024"})
    public String shape;

    @Param({"vector"})
    public String provider;

    private Kernels kernels;
    private int n;
    private float[] prediction;
    private float[] target;
    private float[] gradient;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = Kernels.withProvider(provider).withThreads(1);
        String[] parts = shape.split("x");
        n = Integer.parseInt(parts[0]) * Integer.parseInt(parts[1]);
        SplittableRandom random = new SplittableRandom(7);
        prediction = new float[n];
        target = new float[n];
        gradient = new float[n];
        for (int i = 0; i < n; i++) {
            prediction[i] = (float) random.nextGaussian();
            target[i] = (float) random.nextDouble();
        }
    }

    @Benchmark
    public float lossAndGradient() {
        return kernels.regressionLoss(loss, 1f, n, prediction, target, gradient);
    }
}
