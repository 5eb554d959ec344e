package dev.lanes.cli.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.lanes.cli.data.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
