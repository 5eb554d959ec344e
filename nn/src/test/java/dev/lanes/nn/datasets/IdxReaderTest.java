package dev.lanes.nn.datasets;

import dev.lanes.nn.io.FuzzCorpus;
import dev.lanes.nn.io.ReaderBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static dev.lanes.nn.datasets.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndLabelsRawOrGzip(boolean gzip) throws IOException {
        byte[] pixels = pixels(3 * 2 * 4);
        byte[] imageFile = IdxFiles.images(3, 2, 4, pixels);
        byte[] labelFile = IdxFiles.labels(new int[] {7, 0, 9});
        Path images = IdxFiles.write(dir.resolve("img"), gzip ? IdxFiles.gzip(imageFile) : imageFile);
        Path labels = IdxFiles.write(dir.resolve("lbl"), gzip ? IdxFiles.gzip(labelFile) : labelFile);

        IdxReader.Images read = IdxReader.readImages(images);
        assertEquals(3, read.count());
        assertEquals(2, read.rows());
        assertEquals(4, read.columns());
        assertArrayEquals(pixels, read.pixels());
        assertEquals(pixels[23] & 0xFF, read.pixel(2, 7));
        assertArrayEquals(new int[] {7, 0, 9}, IdxReader.readLabels(labels, 10));
    }

    @Test
    void rejectsBadMagicNamingTheFile() throws IOException {
        Path file = IdxFiles.write(dir.resolve("bad-magic"), IdxFiles.idx(0x0802, new int[] {1, 1}, new byte[1]));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file.toString(), "bad magic number 0x00000802, expected 0x00000803");
        Path text = IdxFiles.write(dir.resolve("not-idx"), "hello, world".getBytes());
        assertFails(IdxFormatException.class, () -> IdxReader.readLabels(text, 10), text.toString(), "not an IDX file");
    }

    @Test
    void rejectsLabelsFileGivenAsImages() throws IOException {
        Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(new int[] {1, 2}));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(labels), labels.toString(), "1 dimension(s)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void rejectsNonPositiveDimensions(int bad) throws IOException {
        Path file = IdxFiles.write(dir.resolve("dims"), IdxFiles.idx(0x0803, new int[] {2, bad, 3}, new byte[0]));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file.toString(), "dimension 1 is");
    }

    @Test
    void rejectsAbsurdDimensionsBeforeAllocating() throws IOException {
        Path file = IdxFiles.write(dir.resolve("huge"), IdxFiles.idx(0x0803, new int[] {1 << 24, 1 << 12, 1 << 12}, new byte[0]));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file.toString(), "more than one array can hold");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedData(boolean gzip) throws IOException {
        byte[] whole = IdxFiles.images(4, 3, 3, pixels(36));
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        Path file = IdxFiles.write(dir.resolve("cut"), gzip ? IdxFiles.gzip(cut) : cut);
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file.toString(), "truncated: header announces 4×3×3 = 36 bytes of data, the file holds only 31");
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        Path file = IdxFiles.write(dir.resolve("short"), Arrays.copyOf(IdxFiles.images(1, 1, 1, new byte[1]), 9));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file.toString(), "truncated header");
        Path tiny = IdxFiles.write(dir.resolve("tiny"), new byte[] {0, 0});
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(tiny), "too short for an IDX header");
    }

    @Test
    void rejectsTrailingData() throws IOException {
        byte[] whole = IdxFiles.labels(new int[] {1, 2, 3});
        Path file = IdxFiles.write(dir.resolve("long"), Arrays.copyOf(whole, whole.length + 1));
        assertFails(IdxFormatException.class, () -> IdxReader.readLabels(file, 10), file.toString(), "has data after the 3 bytes");
    }

    @Test
    void rejectsTruncatedOrCorruptGzip() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(50, 10, 10, pixels(5000)));
        Path cut = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(cut), cut.toString());
        byte[] flipped = gz.clone();
        for (int i = 20; i < flipped.length - 10; i += 7) {
            flipped[i] ^= 0x5A;
        }
        Path corrupt = IdxFiles.write(dir.resolve("corrupt.gz"), flipped);
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(corrupt), corrupt.toString());
    }

    @Test
    void rejectsLabelOutOfRange() throws IOException {
        Path file = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(new int[] {1, 10}));
        assertFails(IdxFormatException.class, () -> IdxReader.readLabels(file, 10), file.toString(), "label 10 at index 1 is out of range for 10 classes");
    }

    @Test
    void rejectsMissingFile() {
        Path file = dir.resolve("absent");
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file + ": no such file");
    }

    // ---- issue 11, item 2: what a header announces is checked against what the file can hold, before allocating

    @Test
    void an80ByteFileAnnouncing2GBIsRejectedAtOnce() throws IOException {
        byte[] bytes = IdxCorpus.announcesTwoGigabytes();
        assertEquals(80, bytes.length);
        Path file = IdxFiles.write(dir.resolve("huge"), bytes);
        // Before: a 2.1 GB array was allocated first (OutOfMemoryError at -Xmx1g, ~7 s otherwise).
        ReaderBudget.check("readImages", IdxFormatException.class, bytes.length, () -> IdxReader.readImages(file));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file.toString(),
                "truncated: header announces 1×46000×46000 = 2116000000 bytes of data, the file holds only 64");
    }

    @Test
    void aTinyGzipFileAnnouncing2GBIsRejectedAtOnce() throws IOException {
        byte[] bytes = IdxCorpus.gzipAnnouncesTwoGigabytes();
        assertTrue(bytes.length < 40, bytes.length + " bytes");
        Path file = IdxFiles.write(dir.resolve("huge.gz"), bytes);
        ReaderBudget.check("readImages", IdxFormatException.class, bytes.length, () -> IdxReader.readImages(file));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), file.toString(),
                "header announces 1×46000×46000 = 2116000000 bytes of data, more than a gzip file of " + bytes.length
                        + " bytes can hold");
    }

    @Test
    void aGzipStreamShorterThanItsHeaderAnnouncesCostsWhatArrives() throws IOException {
        // Within deflate's ratio, so the header alone cannot be refused: 2 MB of noise announced as 64 MB.
        byte[] noise = new byte[2 << 20];
        new java.util.Random(5).nextBytes(noise);
        byte[] bytes = IdxFiles.gzip(IdxFiles.images(64, 1024, 1024, noise));
        Path file = IdxFiles.write(dir.resolve("short.gz"), bytes);
        ReaderBudget.check("readImages", IdxFormatException.class, 2 << 20, () -> IdxReader.readImages(file));
        assertFails(IdxFormatException.class, () -> IdxReader.readImages(file), "the file holds only 2097152");
    }

    @Test
    void highlyCompressedGzipDataStillLoads() throws IOException {
        byte[] bytes = IdxFiles.gzip(IdxFiles.images(4, 1000, 1000, new byte[4_000_000]));
        Path file = IdxFiles.write(dir.resolve("zeros.gz"), bytes);
        assertEquals(4_000_000, IdxReader.readImages(file).pixels().length);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyHeaderBitFlipIsRejectedOrReadWithinBudget(boolean gzip) throws IOException {
        byte[] valid = IdxCorpus.images();
        Path file = dir.resolve("flipped");
        for (int bit = 0; bit < 16 * 8; bit++) {
            byte[] content = valid.clone();
            content[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] bytes = gzip ? IdxFiles.gzip(content) : content;
            Files.write(file, bytes);
            ReaderBudget.check("readImages, bit " + bit, IdxFormatException.class, content.length, () -> IdxReader.readImages(file));
        }
    }

    @Test
    void theCommittedFuzzCorpusHoldsEverySeed() throws IOException {
        for (Map.Entry<String, Map<String, byte[]>> method : IdxCorpus.seedsByMethod().entrySet()) {
            Path dir = FuzzCorpus.inputs(Path.of(""), IdxReaderFuzzTest.class, method.getKey());
            for (Map.Entry<String, byte[]> seed : method.getValue().entrySet()) {
                Path file = dir.resolve(seed.getKey());
                assertTrue(Files.isRegularFile(file), file + " is missing from the corpus (IdxCorpus.main writes it)");
                // Compared inflated: another zlib may deflate the same content to other bytes.
                assertArrayEquals(inflated(seed.getValue()), inflated(Files.readAllBytes(file)), file + " differs from IdxCorpus's seed");
            }
        }
    }

    private static byte[] inflated(byte[] bytes) throws IOException {
        if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1F || (bytes[1] & 0xFF) != 0x8B) {
            return bytes;
        }
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
