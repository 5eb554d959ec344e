package dev.lanes.cli.data;

import dev.lanes.cli.LanesCli;
import dev.lanes.nn.datasets.Failures;
import dev.lanes.nn.datasets.IdxFiles;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.IdxFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static dev.lanes.nn.datasets.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DataSplitsTest {

    @TempDir
    Path dir;

    private static final DataSetSpec SPEC = DataSetSpec.FASHION_MNIST;

    private DataLocator.Location location() {
        Map<DataSetSpec.Part, Path> files = new java.util.EnumMap<>(DataSetSpec.Part.class);
        for (DataSetSpec.Part part : DataSetSpec.Part.values()) {
            files.put(part, dir.resolve(part.fileName()));
        }
        return new DataLocator.Location(dir, files, "test");
    }

    private void write(int trainCount, int[] trainLabels, int testCount) throws IOException {
        byte[] train = new byte[trainCount * 4];
        for (int i = 0; i < train.length; i++) {
            train[i] = (byte) (i / 4 * 10); // image i has all pixels 10·i
        }
        IdxFiles.write(dir.resolve(DataSetSpec.Part.TRAIN_IMAGES.fileName()), IdxFiles.gzip(IdxFiles.images(trainCount, 2, 2, train)));
        IdxFiles.write(dir.resolve(DataSetSpec.Part.TRAIN_LABELS.fileName()), IdxFiles.gzip(IdxFiles.labels(trainLabels)));
        IdxFiles.write(dir.resolve(DataSetSpec.Part.TEST_IMAGES.fileName()), IdxFiles.images(testCount, 2, 2, new byte[testCount * 4]));
        IdxFiles.write(dir.resolve(DataSetSpec.Part.TEST_LABELS.fileName()), IdxFiles.labels(new int[testCount]));
    }

    @Test
    void validationIsTheLastTrainingImagesAndPixelsAreScaled() throws IOException {
        write(6, new int[] {0, 1, 2, 3, 4, 5}, 3);
        DataSplits splits = DataSplits.load(SPEC, location(), 2, Integer.MAX_VALUE, Integer.MAX_VALUE, false);
        assertArrayEquals(new int[] {0, 1, 2, 3}, splits.train().labels());
        assertArrayEquals(new int[] {4, 5}, splits.validation().labels());
        assertEquals(40 / 255f, splits.validation().features()[0]);
        assertEquals(50 / 255f, splits.validation().features()[7]);
        assertEquals(3, splits.test().count());
        DataSplits limited = DataSplits.load(SPEC, location(), 2, 3, 1, false);
        assertArrayEquals(new int[] {0, 1, 2}, limited.train().labels());
        assertArrayEquals(new int[] {4, 5}, limited.validation().labels(), "the validation split does not move");
        assertEquals(1, limited.test().count());
    }

    @Test
    void standardisesWithTheTrainingMeanAndDeviation() throws IOException {
        write(6, new int[] {0, 1, 2, 3, 4, 5}, 3);
        DataSplits splits = DataSplits.load(SPEC, location(), 0, Integer.MAX_VALUE, Integer.MAX_VALUE, true);
        double sum = 0, squares = 0;
        for (float x : splits.train().features()) {
            sum += x;
            squares += x * x;
        }
        int n = splits.train().features().length;
        assertEquals(0, sum / n, 1e-5);
        assertEquals(1, squares / n, 1e-4);
    }

    @Test
    void rejectsLabelCountDifferentFromImageCount() throws IOException {
        write(6, new int[] {0, 1, 2, 3, 4}, 3);
        Path labels = dir.resolve(DataSetSpec.Part.TRAIN_LABELS.fileName());
        assertFails(IdxFormatException.class, () -> DataSplits.load(SPEC, location(), 2, 100, 100, false),
                labels + ": holds 5 labels but", "holds 6 images");
    }

    @Test
    void rejectsAValidationSplitAsLargeAsTheTrainingSet() throws IOException {
        write(6, new int[] {0, 1, 2, 3, 4, 5}, 3);
        assertFails(LanesCli.UsageException.class, () -> DataSplits.load(SPEC, location(), 6, 100, 100, false),
                "--validation 6 must be between 0 and 5");
    }

    @Test
    void knowsDataSetsByName() {
        assertEquals(DataSetSpec.FASHION_MNIST, DataSetSpec.byName("Fashion_MNIST"));
        assertEquals(DataSetSpec.MNIST, DataSetSpec.byName("mnist"));
        assertEquals(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/t10k-labels-idx1-ubyte.gz"),
                DataSetSpec.MNIST.url(DataSetSpec.Part.TEST_LABELS));
        assertFails(IllegalArgumentException.class, () -> DataSetSpec.byName("cifar"), "unknown data set 'cifar'; known: fashion-mnist, mnist");
    }
}
