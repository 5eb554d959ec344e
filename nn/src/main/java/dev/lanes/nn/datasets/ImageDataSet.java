package dev.lanes.nn.datasets;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.data.Dataset;

import java.io.IOException;
import java.time.Duration;

/**
 * An image-classification data set in the MNIST layout, read into memory: the training and test images as
 * [count, rows, columns] float32 tensors of scaled pixels and their class labels, ready for a
 * {@link dev.lanes.nn.data.DataLoader}.
 *
 * <pre>{@code
 * ImageDataSet fashion = ImageDataSet.load(DataSetSpec.FASHION_MNIST);   // found or downloaded, pixels in [0, 1]
 * Dataset.Split<int[]> split = fashion.train().splitLast(10_000);
 * }</pre>
 *
 * @param spec which data set, with its class names
 * @param location where its files were found
 * @param train the training images and labels
 * @param test the test images and labels
 */
public record ImageDataSet(DataSetSpec spec, DataLocator.Location location, Dataset<int[]> train, Dataset<int[]> test) {

    /** How long a download waits for a connection and for the server's answer. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Finds the data set as {@link DataLocator#forThisMachine} does (downloading it into the cache, MD5-checked,
     * if it is nowhere on this machine) and reads it with pixels scaled to [0, 1].
     *
     * @param spec the data set, e.g. {@link DataSetSpec#FASHION_MNIST}
     * @return the training and test data
     * @throws IOException if the data set cannot be found or downloaded, or a file is not valid IDX
     */
    public static ImageDataSet load(DataSetSpec spec) throws IOException {
        DataLocator locator = DataLocator.forThisMachine(new Downloader(DOWNLOAD_TIMEOUT, line -> { }));
        return read(spec, locator.locate(spec, null), Pixels.SCALED);
    }

    /**
     * Reads the four files of a located data set, turning pixels into inputs with {@code pixels}.
     *
     * @param spec the data set
     * @param location where its files are
     * @param pixels how a pixel 0..255 becomes an input, e.g. {@link Pixels#SCALED}
     * @return the training and test data
     * @throws IOException if a file cannot be read or is not valid IDX, or images and labels do not match
     */
    public static ImageDataSet read(DataSetSpec spec, DataLocator.Location location, Pixels pixels) throws IOException {
        return new ImageDataSet(spec, location,
                part(spec, location, DataSetSpec.Part.TRAIN_IMAGES, DataSetSpec.Part.TRAIN_LABELS, pixels),
                part(spec, location, DataSetSpec.Part.TEST_IMAGES, DataSetSpec.Part.TEST_LABELS, pixels));
    }

    private static Dataset<int[]> part(DataSetSpec spec, DataLocator.Location location, DataSetSpec.Part imagesPart,
                                       DataSetSpec.Part labelsPart, Pixels pixels) throws IOException {
        IdxReader.Images images = IdxReader.readImages(location.file(imagesPart));
        int[] labels = IdxReader.readLabels(location.file(labelsPart), spec.classes());
        IdxReader.requireSameCount(images, labels, location.file(labelsPart));
        float[] inputs = pixels.apply(images, 0, images.count());
        return Dataset.classification(Tensor.of(inputs, images.count(), images.rows(), images.columns()),
                labels);
    }
}
