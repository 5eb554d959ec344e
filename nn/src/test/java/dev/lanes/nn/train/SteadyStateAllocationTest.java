package dev.lanes.nn.train;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A steady-state training step, a step after a change of batch shape and an inference forward allocate
 * 0 bytes, in every JVM. Measured in a fresh JVM under {@code -Xbatch}: when C2 compiles, and so whether a
 * Vector API path ends up escaping (boxing a vector or a mask), then no longer depends on the machine's
 * load or on what other tests compiled first, so a path that allocates once compiled fails every run rather
 * than one in ten. The cases are {@link SteadyStateProbe#cases()}.
 */
class SteadyStateAllocationTest {

    @Test
    void everySteadyStateStepAllocatesNothing() throws IOException, InterruptedException {
        Map<String, Long> bytes = runProbe();
        List<String> expected = new ArrayList<>();
        for (SteadyStateProbe.Case c : SteadyStateProbe.cases()) {
            expected.add(c.name());
        }
        assertEquals(expected, List.copyOf(bytes.keySet()), "cases the probe reported");
        List<String> allocating = new ArrayList<>();
        bytes.forEach((name, allocated) -> {
            if (allocated != 0) {
                allocating.add(name + ": " + allocated + " B in " + SteadyStateProbe.MEASURED_STEPS + " steps");
            }
        });
        assertTrue(allocating.isEmpty(), "steady state allocated:\n" + String.join("\n", allocating));
    }

    private static Map<String, Long> runProbe() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-Xbatch", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), SteadyStateProbe.class.getName())
                .redirectErrorStream(true).start();
        Map<String, Long> bytes = new LinkedHashMap<>();
        StringBuilder other = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    bytes.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
                } else {
                    other.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "the probe JVM failed:\n" + other);
        return bytes;
    }
}
