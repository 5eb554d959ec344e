package dev.lanes.nn.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, valid or deliberately broken. */
public final class IdxFiles {

    private IdxFiles() {
    }

    /** The bytes of an IDX file: magic, dimensions, then {@code data} as is. */
    public static byte[] idx(int magic, int[] dims, byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] images(int count, int rows, int columns, byte[] pixels) {
        return idx(0x0803, new int[] {count, rows, columns}, pixels);
    }

    public static byte[] labels(int[] labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(0x0801, new int[] {labels.length}, data);
    }

    public static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(raw);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, content);
    }

    /**
     * A learnable synthetic data set in the MNIST layout (gzip files, {@code side×side} images, 10 classes):
     * each class lights a different band of rows, with noise, so a small network separates the classes well.
     */
    public static void writeSyntheticDataSet(Path dir, int trainCount, int testCount, int side, long seed) throws IOException {
        Random random = new Random(seed);
        writeSplit(dir, DataSetSpec.Part.TRAIN_IMAGES, DataSetSpec.Part.TRAIN_LABELS, trainCount, side, random);
        writeSplit(dir, DataSetSpec.Part.TEST_IMAGES, DataSetSpec.Part.TEST_LABELS, testCount, side, random);
    }

    private static void writeSplit(Path dir, DataSetSpec.Part imagesPart, DataSetSpec.Part labelsPart, int count,
                                   int side, Random random) throws IOException {
        int[] labels = new int[count];
        byte[] pixels = new byte[count * side * side];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels[i] = label;
            for (int r = 0; r < side; r++) {
                boolean lit = r * 10 / side == label;
                for (int c = 0; c < side; c++) {
                    int value = lit ? 160 + random.nextInt(96) : random.nextInt(100);
                    pixels[(i * side + r) * side + c] = (byte) value;
                }
            }
        }
        write(dir.resolve(imagesPart.fileName()), gzip(images(count, side, side, pixels)));
        write(dir.resolve(labelsPart.fileName()), gzip(labels(labels)));
    }
}
