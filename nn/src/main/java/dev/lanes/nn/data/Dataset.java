package dev.lanes.nn.data;

import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;

/**
 * Samples and their targets, in memory, as PyTorch's {@code TensorDataset}: {@code inputs} holds one sample per
 * row of its first dimension (further dimensions, e.g. an image's, are flattened when batched), and each
 * sample has one target: a class index ({@link #classification}) or a row of values ({@link #regression}). The
 * tensors are not copied.
 *
 * <pre>{@code
 * Dataset<int[]> data = Dataset.classification(Tensor.of(pixels, 60000, 784), labels);
 * Dataset.Split<int[]> split = data.splitLast(10000);     // train on the first 50,000, validate on the rest
 * }</pre>
 *
 * @param <T> the targets' type: {@code int[]} class indices, or a {@link Tensor} [samples, outputs] of values,
 *           the target types of {@link dev.lanes.nn.loss.Loss}
 */
public final class Dataset<T> {

    private final Tensor inputs;
    private final Targets<T> targets;

    private Dataset(Tensor inputs, Targets<T> targets) {
        if (inputs.rank() < 1 || inputs.rows() != targets.size()) {
            throw new IllegalArgumentException("Dataset: inputs " + inputs.describe() + " have "
                    + (inputs.rank() < 1 ? "no samples dimension" : inputs.rows() + " samples")
                    + " but there are " + targets.size() + " targets");
        }
        this.inputs = inputs;
        this.targets = targets;
    }

    /**
     * Samples labelled with class indices, for a classifier.
     *
     * @param inputs the samples, [samples, features…]; not copied
     * @param classes each sample's class, ≥ 0; not copied
     * @return the data set
     * @throws IllegalArgumentException if the counts of samples and classes differ or a class is negative
     */
    public static Dataset<int[]> classification(Tensor inputs, int[] classes) {
        return new Dataset<>(inputs, new Targets.Classes(classes));
    }

    /**
     * Samples with target values, for regression: one value per sample ({@code values} [samples]) or several
     * ([samples, outputs]).
     *
     * @param inputs the samples, [samples, features…]; not copied
     * @param values the targets, [samples] or [samples, outputs], of the inputs' dtype; not copied (a [samples]
     *               vector is viewed as [samples, 1])
     * @return the data set
     * @throws IllegalArgumentException if the counts differ, the values are not 1- or 2-D, or the dtypes differ
     */
    public static Dataset<Tensor> regression(Tensor inputs, Tensor values) {
        if (values.rank() == 1) {
            values = values.reshape(values.dim(0), 1);
        }
        if (values.dtype() != inputs.dtype()) {
            throw new IllegalArgumentException("Dataset: target values " + values.describe() + " and inputs "
                    + inputs.describe() + " differ in dtype");
        }
        return new Dataset<>(inputs, new Targets.Values(values));
    }

    /**
     * The samples, as given.
     *
     * @return the inputs tensor, [samples, features…], not a copy
     */
    public Tensor inputs() {
        return inputs;
    }

    /**
     * Every sample's target, as given.
     *
     * @return the class indices or the [samples, outputs] values, not a copy
     */
    public T targets() {
        return targets.all();
    }

    /**
     * The number of samples.
     *
     * @return the number of samples
     */
    public int size() {
        return targets.size();
    }

    /**
     * Features per sample.
     *
     * @return the width of a flattened sample, e.g. 784 for 28×28 images
     */
    public int features() {
        return inputs.cols();
    }

    /**
     * A copy of some samples and their targets, in the order given.
     *
     * @param samples the indices of the samples to keep, each in [0, size); repeats allowed
     * @return a new data set with its own storage
     * @throws IllegalArgumentException if an index is out of range
     */
    public Dataset<T> select(int[] samples) {
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] < 0 || samples[i] >= size()) {
                throw new IllegalArgumentException("Dataset.select: samples[" + i + "] = " + samples[i]
                        + " is not in [0, " + size() + ")");
            }
        }
        return new Dataset<>(Rows.select(inputs, samples), targets.select(samples));
    }

    /**
     * Holds out the last {@code validation} samples, as the MNIST notebooks hold out the last 10,000 training
     * images: the same split on every run, for data whose order carries no meaning.
     *
     * @param validation the number of samples to hold out, in [0, size)
     * @return copies: the first size − validation samples and the last validation ones
     * @throws IllegalArgumentException if validation is negative or would leave no training sample
     */
    public Split<T> splitLast(int validation) {
        if (validation < 0 || validation >= size()) {
            throw new IllegalArgumentException("Dataset.splitLast: validation must be in [0, " + size()
                    + ") for " + size() + " samples, got " + validation);
        }
        int train = size() - validation;
        return new Split<>(select(range(0, train)), select(range(train, size())));
    }

    /**
     * Holds out a seeded random {@code fraction} of the samples (rounded to the nearest count, as scikit-learn's
     * {@code train_test_split} rounds up), for data sorted by class or by time.
     *
     * @param fraction the share of samples to hold out, in [0, 1)
     * @param seed the shuffle's seed: the same seed gives the same split
     * @return copies: the training samples and the held-out ones, each in the shuffled order
     * @throws IllegalArgumentException if fraction is not in [0, 1) or would leave no training sample
     */
    public Split<T> randomSplit(double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("Dataset.randomSplit: fraction must be in [0, 1), got " + fraction);
        }
        int validation = (int) Math.ceil(fraction * size());
        if (validation >= size()) {
            throw new IllegalArgumentException("Dataset.randomSplit: holding out " + validation + " of "
                    + size() + " samples leaves none to train on");
        }
        int[] order = range(0, size());
        new SeededRandom(seed).shuffle(order);
        int train = size() - validation;
        return new Split<>(select(java.util.Arrays.copyOfRange(order, 0, train)),
                select(java.util.Arrays.copyOfRange(order, train, size())));
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }

    /** The targets' kind, for the loader: package-private so the kinds stay an implementation detail. */
    Targets<T> targetsKind() {
        return targets;
    }

    /**
     * A data set cut in two.
     *
     * @param train the samples to train on
     * @param validation the held-out samples
     * @param <T> the targets' type
     */
    public record Split<T>(Dataset<T> train, Dataset<T> validation) {
    }
}
