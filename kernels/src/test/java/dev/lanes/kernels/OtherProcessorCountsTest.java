package dev.lanes.kernels;

import dev.lanes.kernels.scalar.ScalarKernelsProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Same bits on machines with other processor counts, for the providers of this repository: it starts fresh JVMs
 * with this module's test class path, which the conformance suite shipped to third parties cannot assume.
 */
class OtherProcessorCountsTest {

    /**
     * This machine's processor count limits how many helpers a provider's pool has, so the in-JVM tests of the
     * conformance suite (ThreadConformance) may never cut a product into more than two parts. Here fresh JVMs that
     * see 1 and 4 processors run the same
     * seeded GEMMs and Adam updates with 3 and 4 threads: every result must have the same bits as a single thread in
     * this JVM
     * (same vector width, so the same kernels), whatever the helpers available. Every provider but the reference,
     * which is single-threaded by design ({@code ScalarKernelsProvider.create}); fresh JVMs are slow to start.
     */
    @TestFactory
    Stream<DynamicTest> sameBitsOnMachinesWithOtherProcessorCounts() {
        return Kernels.providers().stream()
                .filter(p -> p.unavailableReason().isEmpty() && !p.name().equals(ScalarKernelsProvider.NAME))
                .map(p -> Kernels.withProvider(p.name())).map(provider -> DynamicTest.dynamicTest(provider.providerName(), () -> {
            java.util.Map<String, String> expected = new java.util.HashMap<>();
            for (String line : ThreadSplitProbe.run(provider, 1)) {
                expected.put(line.substring(0, line.indexOf(" threads=")), line.substring(line.indexOf(" bits=")));
            }
            for (int processors : new int[] {1, 4}) {
                ProviderSelectionTest.Run run = ProviderSelectionTest.probe(ThreadSplitProbe.class, true,
                        "-XX:ActiveProcessorCount=" + processors, provider.providerName());
                assertEquals(0, run.exitCode(), run.toString());
                List<String> lines = run.stdout().lines().filter(l -> l.contains(" bits=")).toList();
                assertEquals(4 * ThreadSplitProbe.THREADS.length, lines.size(), run.toString());
                for (String line : lines) {
                    String shape = line.substring(0, line.indexOf(" threads="));
                    assertEquals(expected.get(shape), line.substring(line.indexOf(" bits=")),
                            "provider '" + provider.providerName() + "' on " + processors + " processor(s): " + line
                                    + " differs from 1 thread in the test JVM");
                }
            }
        }));
    }

}
