package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.quant.Precision;
import dev.lanes.nn.quant.Quantizer;
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
 * Inference with narrow weights: a forward pass to the logits, float32 ({@code fp32}) beside the same net quantized
 * to bfloat16, float16 and int8 ({@link Quantizer}). 784-256-128-10 keeps its weights in L2 (0.9 MB in float32);
 * 4096-4096-4096-10 streams 134 MB of float32 weights from DRAM per forward pass at batch 1, where narrower weights
 * should pay most. The PyTorch peer is {@code peer.py --stage quantized} (float32 and quantize_dynamic int8). The
 * {@code samples} counter is samples per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class QuantizedInferenceBenchmark {

    @Param({"784-256-128-10", "4096-4096-4096-10"})
    public String net;

    @Param({"1", "1024"})
    public int batch;

    @Param({"fp32", "bf16", "f16", "int8"})
    public String precision;

    @Param({"1"})
    public int threads;

    private Sequential model;
    private Tensor inputs;

    @Setup(Level.Trial)
    public void setUp() {
        Sequential floats = Networks.build(net, Kernels.withProvider("vector").withThreads(threads));
        floats.eval();
        model = switch (precision) {
            case "fp32" -> floats;
            case "bf16" -> Quantizer.quantize(floats, Precision.BF16);
            case "f16" -> Quantizer.quantize(floats, Precision.F16);
            case "int8" -> Quantizer.quantize(floats, Precision.INT8);
            default -> throw new IllegalArgumentException("precision " + precision);
        };
        inputs = Networks.randomInputs(batch, Networks.widths(net)[0], 1);
    }

    @Benchmark
    public Tensor forward(SampleCounter counter) {
        counter.samples += batch;
        return model.forward(inputs);
    }
}
