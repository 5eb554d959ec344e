package dev.lanes.nn.train;

import dev.lanes.nn.Tensor;

/**
 * Samples and their class labels: {@code inputs} has one sample per row of its first dimension (any further
 * dimensions, e.g. images, are flattened when batched), {@code labels} one class index per sample.
 */
public record Dataset(Tensor inputs, int[] labels) {

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

    public int size() {
        return labels.length;
    }

    /** Features per sample. */
    public int features() {
        return inputs.cols();
    }
}
