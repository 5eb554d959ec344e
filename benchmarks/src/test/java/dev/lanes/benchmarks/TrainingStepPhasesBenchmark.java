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
 * The training step of {@link TrainingStepBenchmark} cut into its phases, each run on its own in a loop
 * (its data stays in cache from one call to the next): where the step's time goes, and what it would take if
 * only the GEMMs cost anything. Phases, as {@code nn} runs them ({@link StepKernels}):
 * {@code FORWARD1} (GEMM + bias + ReLU), {@code FORWARD2}, {@code LOSS} (softmax cross-entropy and its gradient),
 * {@code BACKWARD2} (dW2, db2, dX2), {@code RELU_BACKWARD}, {@code BACKWARD1} (dW1, db1), {@code UPDATE} (SGD);
 * then {@code KERNEL_STEP}, all of them back to back as bare kernel calls, and {@code NN_STEP}, the step through
 * the {@code nn} API exactly as {@link TrainingStepBenchmark} runs it. {@link TrainingStepTimelineBenchmark} times
 * the same phases inside whole steps (data evicted by the other phases).
 *
 * <p>{@code gemm=openblas} runs every GEMM on OpenBLAS instead (same shapes, transposes and beta; no fused bias
 * or ReLU), for the GEMM phases' peer: run it with {@code OPENBLAS_CORETYPE} unset. Scores are calls per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class TrainingStepPhasesBenchmark {

    @Param({"FORWARD1", "FORWARD2", "LOSS", "BACKWARD2", "RELU_BACKWARD", "BACKWARD1", "UPDATE",
            "KERNEL_STEP", "NN_STEP"})
    public String phase;

    @Param({"784-256-10"})
    public String net;

    @Param({"64"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    @Param({"vector"})
    public String gemm;

    private StepKernels step;
    private StepKernels.Phase single;
    private Sequential model;
    private SoftmaxCrossEntropy loss;
    private Sgd optimizer;
    private Tensor inputs;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels kernels = Kernels.withProvider("vector").withThreads(threads);
        model = Networks.build(net, kernels);
        loss = new SoftmaxCrossEntropy(model);
        optimizer = new Sgd(model, 0.01);
        int[] widths = Networks.widths(net);
        inputs = Networks.randomInputs(batch, widths[0], 1);
        labels = Networks.randomLabels(batch, widths[widths.length - 1], 2);
        OpenBlas blas = switch (gemm) {
            case "vector" -> null;
            case "openblas" -> GemmBenchmark.openBlas(threads);
            default -> throw new IllegalArgumentException("gemm must be vector or openblas, got " + gemm);
        };
        step = new StepKernels(model, kernels, blas, inputs.floats(), labels, batch, 0.01f);
        single = phase.equals("KERNEL_STEP") || phase.equals("NN_STEP") ? null : StepKernels.Phase.valueOf(phase);
        for (StepKernels.Phase p : StepKernels.Phase.values()) {   // every buffer holds a real step's values
            step.run(p);
        }
    }

    @Benchmark
    public float run() {
        if (single != null) {
            return step.run(single);
        }
        if (phase.equals("NN_STEP")) {
            optimizer.zeroGrad();
            float value = (float) loss.forward(model.forward(inputs), labels);
            model.backward(loss.backward(), false);
            optimizer.step();
            return value;
        }
        float sum = 0;
        for (StepKernels.Phase p : StepKernels.Phase.values()) {
            sum += step.run(p);
        }
        return sum;
    }
}
