package dev.lanes.nn.loss;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;

/**
 * What the losses on integer class labels share: the check of a data set's labels, and the count of rows whose
 * largest logit is their label's (with a buffer for the predictions that grows to the largest batch, then is reused).
 */
final class ClassLabels {

    private int[] predicted = new int[0];

    /** Throws, naming {@code which} data and the label, if a label is not a class of a {@code classes}-wide output. */
    static void check(String which, int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(which + " label " + i + " is " + labels[i]
                        + ", but the model has " + classes + " classes");
            }
        }
    }

    /** The rows of {@code logits} whose largest logit is at their label, computed with {@code model}'s kernels. */
    int correct(String loss, Layer model, Tensor logits, int[] labels) {
        int rows = logits.rows();
        if (labels.length < rows) {
            throw new IllegalArgumentException(loss + ".correct: " + labels.length + " labels for "
                    + rows + " rows of logits " + logits.describe());
        }
        if (predicted.length < rows) {
            predicted = new int[rows]; // grows to the largest batch, then a smaller one uses a prefix
        }
        TensorKernels.argmaxRows(model.kernels(), logits, predicted);
        int right = 0;
        for (int r = 0; r < rows; r++) {
            if (predicted[r] == labels[r]) {
                right++;
            }
        }
        return right;
    }
}
