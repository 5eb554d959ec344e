package dev.lanes.benchmarks;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
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

import java.util.concurrent.TimeUnit;

/**
 * {@link InferenceBenchmark}'s forward pass of a one-hidden-layer net split into what it costs: {@code GEMM1} (the
 * first layer's GEMM with its fused bias and ReLU), {@code GEMM2} (the output layer's), {@code KERNELS} (both, as
 * bare kernel calls with the model's arrays and {@code nn}'s arguments) and {@code NN} ({@code model.forward}, as
 * {@link InferenceBenchmark} runs it). {@code NN} − {@code KERNELS} is what {@code nn} adds around the kernels.
 * Scores are calls per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class InferencePhasesBenchmark {

    @Param({"GEMM1", "GEMM2", "KERNELS", "NN"})
    public String phase;

    @Param({"784-256-10"})
    public String net;

    @Param({"1", "1024"})
    public int batch;

    @Param({"1"})
    public int threads;

    private Kernels kernels;
    private Sequential model;
    private Tensor inputs;
    private float[] x, w1, b1, w2, b2, h, logits;
    private int in, hidden, out;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = Kernels.withProvider("vector").withThreads(threads);
        model = Networks.build(net, kernels);
        model.eval();
        inputs = Networks.randomInputs(batch, Networks.widths(net)[0], 1);
        var p = model.namedParameters();
        if (p.size() != 4) {
            throw new IllegalArgumentException("InferencePhasesBenchmark: a net with one hidden layer, got " + net);
        }
        x = inputs.floats();
        w1 = p.get("0.weight").value().floats();
        b1 = p.get("0.bias").value().floats();
        w2 = p.get("2.weight").value().floats();
        b2 = p.get("2.bias").value().floats();
        hidden = p.get("0.weight").value().dim(0);
        in = p.get("0.weight").value().dim(1);
        out = p.get("2.weight").value().dim(0);
        h = new float[batch * hidden];
        logits = new float[batch * out];
        gemm1();
    }

    private void gemm1() {
        kernels.gemm(Transpose.NONE, Transpose.TRANSPOSE, batch, hidden, in, 1f, x, 0, in, w1, 0, in, 0f, h, 0, hidden, b1, Activation.RELU);
    }

    private void gemm2() {
        kernels.gemm(Transpose.NONE, Transpose.TRANSPOSE, batch, out, hidden, 1f, h, 0, hidden, w2, 0, hidden, 0f, logits, 0, out, b2, Activation.IDENTITY);
    }

    @Benchmark
    public Object run() {
        switch (phase) {
            case "GEMM1" -> gemm1();
            case "GEMM2" -> gemm2();
            case "KERNELS" -> {
                gemm1();
                gemm2();
            }
            case "NN" -> {
                return model.forward(inputs);
            }
            default -> throw new IllegalArgumentException("phase " + phase);
        }
        return logits;
    }
}
