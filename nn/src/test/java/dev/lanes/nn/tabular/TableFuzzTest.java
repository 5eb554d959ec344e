package dev.lanes.nn.tabular;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the CSV reader and the preprocessing fitted on what it reads (Jazzer). Plain
 * {@code ./mvnw verify} replays the committed inputs under
 * {@code src/test/resources/dev/lanes/nn/tabular/TableFuzzTestInputs/readAndPreprocess/} ({@link TableCorpus}'s
 * seeds and any reproducer found since); {@code JAZZER_FUZZ=1} fuzzes (README, "Fuzzing").
 */
class TableFuzzTest {

    private static final Path FILE = scratchFile();

    private static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("lanes-fuzz-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("input.csv");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void readAndPreprocess(byte[] input) {
        try {
            Files.write(FILE, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TableCorpus.check(FILE, input.length);
    }
}
