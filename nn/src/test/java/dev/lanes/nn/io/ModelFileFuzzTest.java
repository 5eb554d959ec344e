package dev.lanes.nn.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.Optimizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzzing of the model-file readers (Jazzer). Plain {@code ./mvnw verify} replays the
 * committed inputs under {@code src/test/resources/dev/lanes/nn/io/ModelFileFuzzTestInputs/<method>/} (every
 * reproducer of issue 11 among them); {@code JAZZER_FUZZ=1} fuzzes (README, "Fuzzing"). Each input is a whole
 * file; {@link ReaderBudget} states what a read may cost.
 */
class ModelFileFuzzTest {

    private static final Path FILE = scratchFile();

    private static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("lanes-fuzz-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("input.safetensors");
            file.toFile().deleteOnExit();
            // Pay the one-time costs (kernel provider, class loading) outside any measured read.
            Sequential warm = Nets.mlp(2, List.of(2), 2, Initializers.pytorchDefault(), 1, DType.F32);
            ModelFile.save(warm, file);
            ModelFile.load(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(byte[] input) {
        try {
            return Files.write(FILE, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void safeTensorsRead(byte[] input) {
        Path file = write(input);
        ReaderBudget.check("SafeTensors.read", InvalidModelFileException.class, input.length, () -> SafeTensors.read(file));
    }

    @FuzzTest(maxDuration = "5m")
    void modelFileLoad(byte[] input) {
        Path file = write(input);
        ReaderBudget.check("ModelFile.load", InvalidModelFileException.class, input.length, () -> ModelFile.load(file));
    }

    /**
     * A checkpoint read, then restored into a fresh net and optimiser of the kind the corpus's valid checkpoint
     * was written from, so that inputs near it get past the reading into the checks of {@code restoreInto}.
     */
    @FuzzTest(maxDuration = "5m")
    void checkpointRestore(byte[] input) {
        Path file = write(input);
        Sequential model = FuzzCorpus.checkpointModel();
        Optimizer optimizer = new Adam(model, 0.01);
        ReaderBudget.check("Checkpoint.read + restoreInto", InvalidModelFileException.class, input.length,
                () -> Checkpoint.read(file).restoreInto(model, optimizer));
    }
}
