package dev.lanes.nn.datasets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lanes.nn.io.ReaderBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of {@link IdxReader} (Jazzer): plain {@code ./mvnw verify} replays the committed
 * inputs under {@code src/test/resources/dev/lanes/nn/datasets/IdxReaderFuzzTestInputs/<method>/} (issue 11's
 * reproducers among them); {@code JAZZER_FUZZ=1} fuzzes (README, "Fuzzing"). The allocation budget counts a
 * gzip file's content as {@link IdxReader#MAX_DEFLATE_RATIO} times its size, the most it can inflate to.
 */
class IdxReaderFuzzTest {

    private static final Path FILE = scratchFile();

    private static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("lanes-fuzz-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("input.idx");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(byte[] content) {
        try {
            return Files.write(FILE, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long contentBound(byte[] file) {
        boolean gzip = file.length >= 2 && (file[0] & 0xFF) == 0x1F && (file[1] & 0xFF) == 0x8B;
        return gzip ? file.length * IdxReader.MAX_DEFLATE_RATIO : file.length;
    }

    @FuzzTest(maxDuration = "5m")
    void readImages(byte[] input) {
        Path file = write(input);
        ReaderBudget.check("IdxReader.readImages", IdxFormatException.class, contentBound(input), () -> IdxReader.readImages(file));
    }

    @FuzzTest(maxDuration = "5m")
    void readLabels(byte[] input) {
        Path file = write(input);
        ReaderBudget.check("IdxReader.readLabels", IdxFormatException.class, contentBound(input), () -> IdxReader.readLabels(file, 10));
    }

    /** The input is an IDX file's content; it is gzipped before reading, so mutations reach the inflated path. */
    @FuzzTest(maxDuration = "5m")
    void readGzippedImages(byte[] input) {
        Path file = write(IdxFiles.gzip(input));
        ReaderBudget.check("IdxReader.readImages (gzip)", IdxFormatException.class, input.length, () -> IdxReader.readImages(file));
    }
}
