package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/**
 * The softmax of each sample's features, as PyTorch's {@code nn.Softmax(dim=-1)} on a [batch, features] batch;
 * backward from the stored output. For a classifier's loss use {@link dev.lanes.nn.loss.SoftmaxCrossEntropy} on
 * the logits instead, which is exact where a softmax followed by a log is not.
 */
public final class Softmax extends ActivationLayer {

    /**
     * A softmax layer over the last dimension; it has no parameters.
     */
    public Softmax() {
        super("Softmax(dim=-1)", Saved.OUTPUT, rowWise("Softmax", TensorKernels::softmax), TensorKernels::softmaxBackward);
    }
}
