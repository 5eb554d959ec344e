package dev.lanes.cli.data;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.datasets.Pixels;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.IdxFormatException;
import dev.lanes.nn.datasets.IdxReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A data set ready for training: training, validation and test examples. The validation examples are the last
 * ones of the training file (as the 784-100-200-10 MNIST notebook reserves the last 10,000), so the split is
 * the same on every run and every machine.
 */
public record DataSplits(DataSetSpec spec, DataLocator.Location location, Pixels pixels,
                         Examples train, Examples validation, Examples test) {

    /**
     * Reads the files of {@code location}.
     *
     * @param validation  how many training examples, taken from the end, to hold out for validation
     * @param trainLimit  use at most this many of the remaining training examples (for quick runs)
     * @param testLimit   use at most this many test examples
     * @param standardise standardise pixels with the training set's mean and deviation, rather than only scale
     */
    public static DataSplits load(DataSetSpec spec, DataLocator.Location location, int validation,
                                  int trainLimit, int testLimit, boolean standardise) throws IOException {
        IdxReader.Images trainImages = IdxReader.readImages(location.file(DataSetSpec.Part.TRAIN_IMAGES));
        int[] trainLabels = IdxReader.readLabels(location.file(DataSetSpec.Part.TRAIN_LABELS), spec.classes());
        IdxReader.requireSameCount(trainImages, trainLabels, location.file(DataSetSpec.Part.TRAIN_LABELS));
        IdxReader.Images testImages = IdxReader.readImages(location.file(DataSetSpec.Part.TEST_IMAGES));
        int[] testLabels = IdxReader.readLabels(location.file(DataSetSpec.Part.TEST_LABELS), spec.classes());
        IdxReader.requireSameCount(testImages, testLabels, location.file(DataSetSpec.Part.TEST_LABELS));
        if (testImages.rows() != trainImages.rows() || testImages.columns() != trainImages.columns()) {
            throw new IdxFormatException(testImages.file(), "images are " + testImages.rows() + "×" + testImages.columns()
                    + " but the training images (" + trainImages.file() + ") are " + trainImages.rows() + "×" + trainImages.columns());
        }
        if (validation < 0 || validation >= trainImages.count()) {
            throw new UsageException("--validation " + validation + " must be between 0 and "
                    + (trainImages.count() - 1) + " (the training file holds " + trainImages.count() + " images)");
        }
        Pixels pixels = standardise ? Pixels.standardising(trainImages) : Pixels.SCALED;
        int trainEnd = trainImages.count() - validation;
        Examples train = examples(trainImages, trainLabels, pixels, 0, Math.min(trainEnd, trainLimit));
        Examples valid = examples(trainImages, trainLabels, pixels, trainEnd, trainImages.count());
        Examples test = examples(testImages, testLabels, pixels, 0, Math.min(testImages.count(), testLimit));
        return new DataSplits(spec, location, pixels, train, valid, test);
    }

    /** Only the test examples, for evaluation. */
    public static Examples loadTest(DataSetSpec spec, DataLocator.Location location, Pixels pixels, int testLimit) throws IOException {
        IdxReader.Images testImages = IdxReader.readImages(location.file(DataSetSpec.Part.TEST_IMAGES));
        int[] testLabels = IdxReader.readLabels(location.file(DataSetSpec.Part.TEST_LABELS), spec.classes());
        IdxReader.requireSameCount(testImages, testLabels, location.file(DataSetSpec.Part.TEST_LABELS));
        return examples(testImages, testLabels, pixels, 0, Math.min(testImages.count(), testLimit));
    }

    private static Examples examples(IdxReader.Images images, int[] labels, Pixels pixels, int from, int to) {
        return new Examples(pixels.apply(images, from, to), Arrays.copyOfRange(labels, from, to),
                to - from, images.pixelsPerImage());
    }
}
