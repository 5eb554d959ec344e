package dev.lanes.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.quant.Quantizer;
import dev.lanes.onnx.OnnxImport;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Serving an imported model: PyTorch's export of a trained 784-256-128-10 ReLU network
 * ({@code onnx/scripts/make_fixtures.py}), imported by {@code OnnxImport} and run on the Lanes kernels (Linear+ReLU
 * fused in the GEMM), against the same file in ONNX Runtime's CPU execution provider, one thread each, in the same
 * sitting. A forward pass of a batch to the logits, as {@link InferenceBenchmark}; ONNX Runtime's includes what its
 * Java API costs per call (the input tensor is made once, the result is read and closed each call). The
 * {@code samples} counter is samples per second. Issue 14's targets: Lanes ≥ 1.2× ONNX Runtime at batch 1 and
 * ≥ 1.0× at batch 1024.
 *
 * <p>{@code lanes-native} is the same shape built in Lanes ({@link Networks#build}, random weights, evaluation mode):
 * the import should cost nothing per call, so it should match {@code lanes}; measuring both in one sitting tells a
 * slower import from a slower machine (the host's speed moves by 20–30% between minutes here).
 *
 * <p>{@code lanes-packed} is the imported model frozen by {@code Quantizer.pack}: its weights packed once, as ONNX
 * Runtime packs them when it creates the session.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class OnnxInferenceBenchmark {

    /** The fixture, in the source tree (found from the working folder or a parent of it, as the repository root). */
    static final Path MODEL = Path.of("onnx", "src", "test", "resources", "dev", "lanes", "onnx", "fixtures", "fashion_mnist_mlp.onnx");

    @Param({"lanes", "lanes-packed", "lanes-native", "onnxruntime"})
    public String runtime;

    @Param({"1", "1024"})
    public int batch;

    private Sequential lanes;
    private Tensor inputs;
    private OrtSession session;
    private OnnxTensor ortInput;
    private String inputName;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        byte[] file = Files.readAllBytes(find(MODEL));
        inputs = Networks.randomInputs(batch, 784, 1);
        Kernels kernels = Kernels.withProvider("vector").withThreads(1);
        if (runtime.equals("lanes") || runtime.equals("lanes-packed")) {
            lanes = OnnxImport.fromBytes(Path.of("fashion_mnist_mlp.onnx"), file);
            lanes.setKernels(kernels);
            if (runtime.equals("lanes-packed")) {
                lanes = Quantizer.pack(lanes);
            }
        } else if (runtime.equals("lanes-native")) {
            lanes = Networks.build("784-256-128-10", kernels);
            lanes.eval();
        } else if (runtime.equals("onnxruntime")) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(file, options);
            }
            inputName = session.getInputNames().iterator().next();
            ortInput = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs.floats(), 0, inputs.size()), new long[] {batch, 784});
        } else {
            throw new IllegalArgumentException("runtime " + runtime);
        }
    }

    /** {@code relative} under the working folder or its nearest parent that has it. */
    static Path find(Path relative) throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IOException("no " + relative + " under " + Path.of("").toAbsolutePath() + " or a parent of it");
    }

    @Benchmark
    public Object forward(SampleCounter counter) throws OrtException {
        counter.samples += batch;
        if (lanes != null) {
            return lanes.forward(inputs);
        }
        try (OrtSession.Result result = session.run(Map.of(inputName, ortInput))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (session != null) {
            ortInput.close();
            session.close();
        }
    }
}
