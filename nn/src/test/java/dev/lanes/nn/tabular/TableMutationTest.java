package dev.lanes.nn.tabular;

import dev.lanes.nn.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzing rule of {@link TableCorpus#check} on seeded random mutations of every seed, in the ordinary test
 * run (no Jazzer): the same inputs on every machine, so a failure names its seed and mutation and reproduces.
 * Mutations are those that break CSV: a byte replaced (often by a quote, separator, line break or a byte that is
 * not UTF-8), inserted or deleted, a run duplicated, the file cut short.
 */
class TableMutationTest {

    private static final int MUTANTS_PER_SEED = 300;
    private static final byte[] INTERESTING = {'"', ',', '\n', '\r', '\t', ' ', '.', '-', 'e', '0', '9', (byte) 0xC3, (byte) 0xFF, 0};

    @TempDir
    Path dir;

    @Test
    void everyMutantOfEverySeedIsReadOrRefusedWithinBudget() throws IOException {
        Path file = dir.resolve("mutant.csv");
        for (Map.Entry<String, byte[]> seed : TableCorpus.seeds().entrySet()) {
            SeededRandom random = new SeededRandom(seed.getKey().hashCode());
            for (int m = 0; m < MUTANTS_PER_SEED; m++) {
                byte[] mutant = mutate(seed.getValue(), random);
                Files.write(file, mutant);
                int number = m;
                try {
                    TableCorpus.check(file, mutant.length);
                } catch (AssertionError e) {
                    throw new AssertionError("seed '" + seed.getKey() + "', mutant " + number + ": "
                            + Arrays.toString(mutant) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void theCommittedFuzzCorpusHoldsEverySeed() throws IOException {
        Path corpus = Path.of("src/test/resources/dev/lanes/nn/tabular/TableFuzzTestInputs", TableCorpus.METHOD);
        for (Map.Entry<String, byte[]> seed : TableCorpus.seeds().entrySet()) {
            Path file = corpus.resolve(seed.getKey());
            assertTrue(Files.isRegularFile(file), file + " is missing: run TableCorpus.main");
            assertArrayEquals(seed.getValue(), Files.readAllBytes(file), file + " differs from TableCorpus's seed");
        }
    }

    /** One to three random edits of {@code seed}. */
    private static byte[] mutate(byte[] seed, SeededRandom random) {
        byte[] bytes = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            byte b = random.nextInt(2) == 0 ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
            bytes = switch (random.nextInt(5)) {
                case 0 -> { // replace
                    if (bytes.length > 0) {
                        bytes[at] = b;
                    }
                    yield bytes;
                }
                case 1 -> { // insert
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    yield longer;
                }
                case 2 -> { // delete
                    if (bytes.length == 0) {
                        yield bytes;
                    }
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    yield shorter;
                }
                case 3 -> { // duplicate a run
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(8));
                    byte[] longer = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, longer, 0, at + length);
                    System.arraycopy(bytes, at, longer, at + length, bytes.length - at);
                    yield longer;
                }
                default -> Arrays.copyOf(bytes, at); // cut short
            };
        }
        return bytes;
    }
}
