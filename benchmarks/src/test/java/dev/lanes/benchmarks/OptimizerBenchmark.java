package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.optim.Adagrad;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.AdamW;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.RmsProp;
import dev.lanes.nn.optim.Sgd;
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
 * One optimiser step over a 1024 × 1024 float parameter (a bias-free Linear(1024, 1024)) whose gradient is fixed,
 * in microseconds per call, on 1 and 2 threads (an update this large is cut into parts for the kernels' worker
 * threads), each optimiser with PyTorch's defaults (SGD with Nesterov momentum 0.9). PyTorch's peer
 * ({@code benchmarks/pytorch/layers_peer.py}) times {@code optimizer.step()} of the same optimiser on one parameter
 * of that shape, one thread. The target of issue 12 is 1.5× PyTorch's speed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class OptimizerBenchmark {

    @Param({"adam", "adamw", "sgdNesterov", "rmsprop", "adagrad"})
    public String optimizer;

    @Param({"vector"})
    public String provider;

    @Param({"1", "2"})
    public int threads;

    private static final int SIDE = 1024;
    private static final double LEARNING_RATE = 1e-3;

    private Optimizer step;

    @Setup(Level.Trial)
    public void setUp() {
        Linear model = new Linear(SIDE, SIDE, false, DType.F32);
        model.setKernels(Kernels.withProvider(provider).withThreads(threads));
        SplittableRandom random = new SplittableRandom(7);
        float[] x = new float[SIDE * SIDE], dy = new float[SIDE * SIDE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
            dy[i] = (float) random.nextGaussian();
        }
        // One backward pass writes the gradient every step then reads; nothing clears it.
        model.forward(Tensor.of(x, SIDE, SIDE));
        model.backward(Tensor.of(dy, SIDE, SIDE));
        step = switch (optimizer) {
            case "adam" -> new Adam(model, LEARNING_RATE);
            case "adamw" -> new AdamW(model, LEARNING_RATE);
            case "sgdNesterov" -> new Sgd(model, LEARNING_RATE, 0.9, 0, true);
            case "rmsprop" -> new RmsProp(model, LEARNING_RATE);
            case "adagrad" -> new Adagrad(model, LEARNING_RATE);
            default -> throw new IllegalArgumentException("no optimizer " + optimizer);
        };
        step.step();
    }

    @Benchmark
    public Optimizer step() {
        step.step();
        return step;
    }
}
