package dev.lanes.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lanes.nn.io.InvalidModelFileException;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link OnnxImport} (Jazzer), held to the rules nn's {@code ReaderBudget} states for
 * every reader of untrusted bytes: on any bytes it returns a model or throws {@link InvalidModelFileException},
 * allocates at most 8 times the input plus 4 MiB (measured on the second of two reads, so class loading is not
 * charged), and takes under a second of the reading thread's CPU time (not wall time: a loaded machine must not
 * fail a correct reader). (The rules are restated here, not shared: nn's test-jar holds ReaderBudget in nn's own
 * package, which a test of this named module cannot read from the class path.) Plain {@code ./mvnw verify} replays
 * the committed inputs under {@code src/test/resources/dev/lanes/onnx/OnnxImportFuzzTestInputs/onnxImport/}:
 * PyTorch's exports of every decomposition Lanes matches (GELU both forms, LayerNorm, Softplus β, SiLU),
 * BatchNormalization, LayerNormalization, Softmax, Gemm and MatMul + Add networks, a truncated file and a graph
 * whose length field announces 2 GiB. {@code JAZZER_FUZZ=1} fuzzes (README, "Fuzzing").
 */
class OnnxImportFuzzTest {

    private static final Path FILE = Path.of("fuzz.onnx");
    private static final long ALLOCATION_MULTIPLE = 8;
    private static final long ALLOCATION_SLACK_BYTES = 4L << 20;
    private static final long TIME_LIMIT_NANOS = 1_000_000_000L;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "5m")
    void onnxImport(byte[] input) {
        read(input);
        long thread = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        long start = THREADS.getCurrentThreadCpuTime();
        read(input);
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        long allowed = ALLOCATION_SLACK_BYTES + ALLOCATION_MULTIPLE * input.length;
        assertTrue(allocated <= allowed, () -> "OnnxImport allocated " + allocated + " bytes for a " + input.length
                + "-byte file; the budget is " + allowed);
        assertTrue(nanos <= TIME_LIMIT_NANOS, () -> "OnnxImport took " + nanos / 1_000_000 + " ms of CPU time");
    }

    private static void read(byte[] input) {
        try {
            OnnxImport.fromBytes(FILE, input);
        } catch (InvalidModelFileException expected) {
            assertTrue(expected.getMessage().startsWith("fuzz.onnx: "), expected.getMessage());
        }
    }
}
