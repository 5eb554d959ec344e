package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
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

import java.util.concurrent.TimeUnit;

/**
 * One whole training step of an MLP through the {@code nn} API, as a PyTorch user writes it: zero the
 * gradients, forward, softmax cross-entropy loss, backward, plain SGD update (lr 0.01). The peer is the same
 * step in PyTorch ({@code benchmarks/pytorch/peer.py}); the {@code samples} counter is samples per second.
 * {@code threads} is the number of threads each kernel call may use (JMH itself runs one benchmark thread).
 *
 * <p>Five seconds of warm-up: with three, 4 of 32 forks of the 2026-12-07 suite (784-100-200-10 on two threads)
 * measured their first iteration at 25–59% of the rest's rate while still allocating 22 KB–1 MB a step — code
 * not yet compiled by C2, which shares the two CPUs with the benchmark's own threads there.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TrainingStepBenchmark {

    @Param({"784-256-10", "784-100-200-10"})
    public String net;

    @Param({"32", "64", "128", "256"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    @Param({"vector"})
    public String provider;

    private Sequential model;
    private SoftmaxCrossEntropy loss;
    private Sgd optimizer;
    private Tensor inputs;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels kernels = Kernels.withProvider(provider).withThreads(threads);
        model = Networks.build(net, kernels);
        loss = new SoftmaxCrossEntropy(model);
        optimizer = new Sgd(model, 0.01);
        int[] widths = Networks.widths(net);
        inputs = Networks.randomInputs(batch, widths[0], 1);
        labels = Networks.randomLabels(batch, widths[widths.length - 1], 2);
    }

    @Benchmark
    public double step(SampleCounter counter) {
        optimizer.zeroGrad();
        double value = loss.forward(model.forward(inputs), labels);
        // No gradient for the data itself: PyTorch computes none for inputs that do not require it, and nn's
        // Trainer skips it too; it would be the step's largest GEMM (batch × 784 × hidden).
        model.backward(loss.backward(), false);
        optimizer.step();
        counter.samples += batch;
        return value;
    }
}
