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
 * The activations' forward and backward passes on a 1024 × 1024 float batch, in microseconds per call, one
 * thread: what PyTorch's peer ({@code benchmarks/pytorch/peer.py}, workload "activation") times as
 * {@code torch.nn.functional.<name>(x)} and, for both passes, that call followed by {@code y.backward(dy)}. Inputs are standard normal, so both sides of every kink and the
 * saturating tails are exercised; the target of issue 12 is 1.5× PyTorch's speed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class ActivationsBenchmark {

    /**
     * The Kernels operation pair, by the name of its forward pass; PyTorch's equivalent is in peer.py. "copy" is not an
     * activation but the memory ceiling of one: System.arraycopy of x into y (and of dy into dx for the backward pass),
     * the traffic of an element-wise pass with no arithmetic, beside PyTorch's x.clone().
     */
    @Param({"tanh", "gelu", "geluTanh", "leakyRelu", "elu", "silu", "softplus", "copy"})
    public String activation;

    @Param({"vector"})
    public String provider;

    private static final int ROWS = 1024, COLS = 1024;

    private Kernels kernels;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = Kernels.withProvider(provider).withThreads(1);
        SplittableRandom random = new SplittableRandom(7);
        x = new float[ROWS * COLS];
        dy = new float[ROWS * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
            dy[i] = (float) random.nextGaussian();
        }
        y = new float[x.length];
        dx = new float[x.length];
        forward();
    }

    @Benchmark
    public float[] forward() {
        int n = x.length;
        switch (activation) {
            case "tanh" -> kernels.tanh(n, x, y);
            case "gelu" -> kernels.gelu(n, x, y);
            case "geluTanh" -> kernels.geluTanh(n, x, y);
            case "leakyRelu" -> kernels.leakyRelu(n, 0.01f, x, y);
            case "elu" -> kernels.elu(n, 1f, x, y);
            case "silu" -> kernels.silu(n, x, y);
            case "softplus" -> kernels.softplus(n, 1f, 20f, x, y);
            case "copy" -> System.arraycopy(x, 0, y, 0, n);
            default -> throw new IllegalArgumentException("no activation " + activation);
        }
        return y;
    }

    /** Both passes, as a training step runs them and as PyTorch's autograd is timed (it needs the forward's graph). */
    @Benchmark
    public float[] forwardAndBackward() {
        forward();
        return backward();
    }

    private float[] backward() {
        int n = x.length;
        switch (activation) {
            case "tanh" -> kernels.tanhBackward(n, y, dy, dx);
            case "gelu" -> kernels.geluBackward(n, x, dy, dx);
            case "geluTanh" -> kernels.geluTanhBackward(n, x, dy, dx);
            case "leakyRelu" -> kernels.leakyReluBackward(n, 0.01f, x, dy, dx);
            case "elu" -> kernels.eluBackward(n, 1f, x, dy, dx);
            case "silu" -> kernels.siluBackward(n, x, dy, dx);
            case "softplus" -> kernels.softplusBackward(n, 1f, 20f, x, dy, dx);
            case "copy" -> System.arraycopy(dy, 0, dx, 0, n);
            default -> throw new IllegalArgumentException("no activation " + activation);
        }
        return dx;
    }
}
