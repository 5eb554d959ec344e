package dev.lanes.cli.train;

import dev.lanes.cli.data.Examples;
import dev.lanes.nn.Tensor;

/**
 * Gathers mini-batches of examples into one reused input buffer: rows {@code order[from..to)} of the examples
 * become the rows of a [batch, features] tensor, and their labels a reused label array.
 */
final class Batches {

    private final Examples examples;
    private final float[] inputs;
    private final int[][] labelsBySize;

    Batches(Examples examples, int maxBatch) {
        this.examples = examples;
        this.inputs = new float[maxBatch * examples.width()];
        this.labelsBySize = new int[maxBatch + 1][];
    }

    /** The inputs of rows {@code order[from..to)} (or rows {@code from..to} if {@code order} is null). */
    Tensor inputs(int[] order, int from, int to) {
        int width = examples.width();
        float[] features = examples.features();
        for (int i = from; i < to; i++) {
            int row = order == null ? i : order[i];
            System.arraycopy(features, row * width, inputs, (i - from) * width, width);
        }
        return Tensor.of(inputs, to - from, width);
    }

    /** The labels of the same rows, in an array of exactly that length (reused per batch size). */
    int[] labels(int[] order, int from, int to) {
        int n = to - from;
        int[] labels = labelsBySize[n];
        if (labels == null) {
            labels = labelsBySize[n] = new int[n];
        }
        int[] all = examples.labels();
        for (int i = from; i < to; i++) {
            labels[i - from] = all[order == null ? i : order[i]];
        }
        return labels;
    }
}
