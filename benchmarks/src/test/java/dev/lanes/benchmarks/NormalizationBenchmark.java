package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
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
 * The regularisation and normalisation layers in training mode on a 1024 × 1024 float batch (1024 features), in
 * microseconds per call, one thread: the layer's forward pass, and its forward then backward pass (the weight
 * and bias gradients included), as a training step runs them. Whole layers, not bare kernels, because a layer is
 * more than its kernels (BatchNorm1d also updates its running statistics, Dropout draws its seed) and that is what
 * PyTorch's peer ({@code benchmarks/pytorch/layers_peer.py}) times: {@code nn.BatchNorm1d(1024)},
 * {@code nn.LayerNorm(1024)} and {@code nn.Dropout(0.1)} in training mode, the forward and, for both passes,
 * {@code y.backward(dy)}. The target of issue 12 is 1.5× PyTorch's speed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class NormalizationBenchmark {

    @Param({"batchNorm", "layerNorm", "dropout"})
    public String layer;

    @Param({"vector"})
    public String provider;

    private static final int ROWS = 1024, FEATURES = 1024;
    /** Dropout's probability in the peer and here (the default trainer's). */
    private static final double DROPOUT = 0.1;

    private Layer module;
    private Tensor x;
    private Tensor dy;

    @Setup(Level.Trial)
    public void setUp() {
        module = switch (layer) {
            case "batchNorm" -> new BatchNorm1d(FEATURES);
            case "layerNorm" -> new LayerNorm(FEATURES);
            case "dropout" -> new Dropout(DROPOUT);
            default -> throw new IllegalArgumentException("no layer " + layer);
        };
        module.setKernels(Kernels.withProvider(provider).withThreads(1));
        module.train();
        SplittableRandom random = new SplittableRandom(7);
        float[] input = new float[ROWS * FEATURES], gradient = new float[ROWS * FEATURES];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
            gradient[i] = (float) random.nextGaussian();
        }
        x = Tensor.of(input, ROWS, FEATURES);
        dy = Tensor.of(gradient, ROWS, FEATURES);
        forwardAndBackward();
    }

    @Benchmark
    public Tensor forward() {
        return module.forward(x);
    }

    /** Both passes, as a training step runs them and as PyTorch's autograd is timed (it needs the forward's graph). */
    @Benchmark
    public Tensor forwardAndBackward() {
        module.zeroGrad();
        module.forward(x);
        return module.backward(dy);
    }
}
