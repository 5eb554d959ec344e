package dev.lanes.nn.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed fuzzing corpus replays every seed, reproducers included (regenerate with {@link FuzzCorpus#main}). */
class FuzzCorpusTest {

    @Test
    void everyFuzzTestReplaysEverySeed() throws IOException {
        for (String method : FuzzCorpus.METHODS) {
            Path dir = FuzzCorpus.inputs(Path.of(""), ModelFileFuzzTest.class, method);
            for (Map.Entry<String, byte[]> seed : FuzzCorpus.safeTensorsSeeds().entrySet()) {
                Path file = dir.resolve(seed.getKey());
                assertTrue(Files.isRegularFile(file), file + " is missing from the corpus");
                assertArrayEquals(seed.getValue(), Files.readAllBytes(file), file + " differs from FuzzCorpus's seed");
            }
        }
    }
}
