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

import java.util.concurrent.TimeUnit;

/**
 * Whole training steps as bare kernel calls ({@link StepKernels}), with a clock read between phases: how long each
 * phase takes in context, where the phases before it have pushed its data out of cache (compare
 * {@link TrainingStepPhasesBenchmark}, which runs each phase alone). Each counter of {@link Nanos} is the
 * nanoseconds spent in one phase, per second of the run: divide it by the {@code steps} counter for nanoseconds
 * per step, or by 10⁷ for the percentage of the time. The clock reads (eight per step, tens of nanoseconds each)
 * are counted in the primary score but not in any phase.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TrainingStepTimelineBenchmark {

    @Param({"784-256-10"})
    public String net;

    @Param({"64"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private StepKernels step;

    /** Nanoseconds per phase and steps done; JMH reports each per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Nanos {
        public long steps, forward1, forward2, loss, backward2, reluBackward, backward1, update;

        @Setup(Level.Iteration)
        public void reset() {
            steps = forward1 = forward2 = loss = backward2 = reluBackward = backward1 = update = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Kernels kernels = Kernels.withProvider("vector").withThreads(threads);
        int[] widths = Networks.widths(net);
        step = new StepKernels(Networks.build(net, kernels), kernels, null,
                Networks.randomInputs(batch, widths[0], 1).floats(),
                Networks.randomLabels(batch, widths[widths.length - 1], 2), batch, 0.01f);
    }

    @Benchmark
    public float step(Nanos t) {
        long t1 = System.nanoTime();
        step.run(StepKernels.Phase.FORWARD1);
        long t2 = System.nanoTime();
        step.run(StepKernels.Phase.FORWARD2);
        long t3 = System.nanoTime();
        float value = step.run(StepKernels.Phase.LOSS);
        long t4 = System.nanoTime();
        step.run(StepKernels.Phase.BACKWARD2);
        long t5 = System.nanoTime();
        step.run(StepKernels.Phase.RELU_BACKWARD);
        long t6 = System.nanoTime();
        step.run(StepKernels.Phase.BACKWARD1);
        long t7 = System.nanoTime();
        step.run(StepKernels.Phase.UPDATE);
        long t8 = System.nanoTime();
        t.forward1 += t2 - t1;
        t.forward2 += t3 - t2;
        t.loss += t4 - t3;
        t.backward2 += t5 - t4;
        t.reluBackward += t6 - t5;
        t.backward1 += t7 - t6;
        t.update += t8 - t7;
        t.steps++;
        return value;
    }
}
