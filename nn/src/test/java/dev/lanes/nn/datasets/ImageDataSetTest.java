package dev.lanes.nn.datasets;

import dev.lanes.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static dev.lanes.nn.datasets.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageDataSetTest {

    @TempDir
    Path dir;

    private static final DataSetSpec TWO_CLASSES = new DataSetSpec("tiny", java.net.URI.create("http://localhost/"),
            Map.of(DataSetSpec.Part.TRAIN_IMAGES, "0", DataSetSpec.Part.TRAIN_LABELS, "0",
                    DataSetSpec.Part.TEST_IMAGES, "0", DataSetSpec.Part.TEST_LABELS, "0"), java.util.List.of("a", "b"));

    private void write(DataSetSpec.Part part, byte[] content) throws IOException {
        IdxFiles.write(dir.resolve(part.fileName()), IdxFiles.gzip(content));
    }

    @Test
    void readsImagesAsScaledTensorsWithTheirLabels() throws IOException {
        write(DataSetSpec.Part.TRAIN_IMAGES, IdxFiles.images(2, 1, 2, new byte[] {0, (byte) 255, 51, 102}));
        write(DataSetSpec.Part.TRAIN_LABELS, IdxFiles.labels(new int[] {1, 0}));
        write(DataSetSpec.Part.TEST_IMAGES, IdxFiles.images(1, 1, 2, new byte[] {(byte) 255, 0}));
        write(DataSetSpec.Part.TEST_LABELS, IdxFiles.labels(new int[] {1}));
        ImageDataSet data = ImageDataSet.read(TWO_CLASSES,
                new DataLocator(Map.of(), dir, dir, null).locate(TWO_CLASSES, dir), Pixels.SCALED);
        Tensor train = data.train().inputs();
        assertArrayEquals(new int[] {2, 1, 2}, train.shape());
        assertArrayEquals(new double[] {0, 1, 0.2, 0.4}, train.toDoubleArray(), 1e-7);
        assertArrayEquals(new int[] {1, 0}, data.train().targets());
        assertArrayEquals(new int[] {1}, data.test().targets());
        assertEquals(2, data.test().features());
    }

    @Test
    void labelsThatDoNotMatchTheImagesAreRejectedNamingBothFiles() throws IOException {
        write(DataSetSpec.Part.TRAIN_IMAGES, IdxFiles.images(2, 1, 1, new byte[] {0, 1}));
        write(DataSetSpec.Part.TRAIN_LABELS, IdxFiles.labels(new int[] {1}));
        write(DataSetSpec.Part.TEST_IMAGES, IdxFiles.images(1, 1, 1, new byte[] {0}));
        write(DataSetSpec.Part.TEST_LABELS, IdxFiles.labels(new int[] {2}));
        DataLocator.Location location = new DataLocator(Map.of(), dir, dir, null).locate(TWO_CLASSES, dir);
        assertFails(IdxFormatException.class, () -> ImageDataSet.read(TWO_CLASSES, location, Pixels.SCALED),
                "train-labels-idx1-ubyte.gz: holds 1 labels but", "train-images-idx3-ubyte.gz holds 2 images");
    }
}
