package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
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
 * Inference: a forward pass of a batch to the class scores (logits) in evaluation mode, as
 * {@code model(x)} under {@code torch.inference_mode()} in the PyTorch peer. The {@code samples} counter is
 * samples per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class InferenceBenchmark {

    @Param({"784-256-10", "784-100-200-10"})
    public String net;

    @Param({"1", "1024"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    @Param({"vector"})
    public String provider;

    private Sequential model;
    private Tensor inputs;

    @Setup(Level.Trial)
    public void setUp() {
        model = Networks.build(net, Kernels.withProvider(provider).withThreads(threads));
        model.eval();
        inputs = Networks.randomInputs(batch, Networks.widths(net)[0], 1);
    }

    @Benchmark
    public Tensor forward(SampleCounter counter) {
        counter.samples += batch;
        return model.forward(inputs);
    }
}
