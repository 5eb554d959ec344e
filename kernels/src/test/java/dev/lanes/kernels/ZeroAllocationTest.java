package dev.lanes.kernels;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the vector provider, float and double, on sizes that end in a partial vector, allocates
 * nothing once compiled: {@link AllocationProbe} in a fresh JVM under {@code -Xbatch} (compilation in the
 * foreground, so the compiled code, and the result, are the same every run), one test per operation and size.
 * Before issue 11's fix this failed on AVX2 machines for every double GEMM (6.7 KB per 1×1×1 call, from a shuffle
 * C2 cannot compile there; see {@code DoubleStripTranspose.TWO_VECTOR_SHUFFLES}).
 *
 * <p>The bound: fewer bytes over {@value AllocationProbe#MEASURED_CALLS} calls than the smallest object
 * ({@value #SMALLEST_OBJECT} bytes), beyond what as many empty calls cost, so not one call allocates.
 */
class ZeroAllocationTest {

    /** The size of the smallest Java object with compressed class pointers (a header and no fields, aligned). */
    static final int SMALLEST_OBJECT = 16;

    @TestFactory
    Stream<DynamicTest> noKernelAllocatesOnceCompiled() throws Exception {
        ProviderSelectionTest.Run run = ProviderSelectionTest.probe(AllocationProbe.class, true, "-Xbatch", "vector");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.stdout().lines().filter(line -> line.startsWith("bytes=")).toList();
        int expected = AllocationProbe.cases(Kernels.withProvider("vector")).size();
        assertEquals(expected, lines.size(), "one line per case:\n" + run);
        return lines.stream().map(line -> {
            String op = line.substring(line.indexOf(" op=") + " op=".length());
            long bytes = Long.parseLong(line.substring("bytes=".length(), line.indexOf(' ')));
            return DynamicTest.dynamicTest(op, () -> assertTrue(bytes < SMALLEST_OBJECT,
                    op + " allocated " + bytes + " bytes in " + AllocationProbe.MEASURED_CALLS + " calls"));
        });
    }
}
