package dev.lanes.nn.train;

import dev.lanes.nn.Tensor;

/**
 * Samples and their class labels: {@code inputs} has one sample per row of its first dimension (any further
 * dimensions, e.g. images, are flattened when batched), {@code labels} one class index per sample.
 *
 * @param inputs the samples, [samples, features…]; not copied
 * @param labels each sample's class, ≥ 0; not copied
 */
public record Dataset(Tensor inputs, int[] labels) {

    /**
     * Checks that every sample has a label and no label is negative.
     *
     * @throws IllegalArgumentException if the counts of samples and labels differ or a label is negative
     */
    public Dataset {
        if (inputs.rank() < 1 || inputs.rows() != labels.length) {
            throw new IllegalArgumentException("Dataset: inputs " + inputs.describe() + " have " + inputs.rows()
                    + " samples but there are " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Dataset: labels[" + i + "] = " + labels[i] + " is negative");
            }
        }
    }

    /**
     * The number of samples.
     *
     * @return the number of samples
     */
    public int size() {
        return labels.length;
    }

    /**
     * Features per sample.
     *
     * @return the width of a flattened sample, e.g. 784 for 28×28 images
     */
    public int features() {
        return inputs.cols();
    }
}
