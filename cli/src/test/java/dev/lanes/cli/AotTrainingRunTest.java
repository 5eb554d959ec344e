package dev.lanes.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The package-time training run works (the build would go on without a cache if it did not, so a test says so). */
class AotTrainingRunTest {

    @TempDir
    Path dir;

    @Test
    void trainsAndEvaluatesTheDefaultNetworkOnItsSyntheticDataSet() throws IOException {
        assertEquals(0, AotTrainingRun.run(dir, 300, 100));
        for (String part : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            assertTrue(Files.size(dir.resolve("data").resolve(part)) > 0, part);
        }
        assertTrue(Files.readString(dir.resolve("run/summary.json")).contains("\"network\": \"784-512-128-10\""),
                "the default network, whose shapes the cache's profiles are for");
    }
}
