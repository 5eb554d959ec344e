package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
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
        super(true);
    }

    @Override
    void apply(Kernels kernels, Tensor x, Tensor out) {
        requireBatchOfRows("Softmax", x);
        TensorKernels.softmax(kernels, x, out);
    }

    @Override
    void gradient(Kernels kernels, Tensor y, Tensor dy, Tensor dx) {
        TensorKernels.softmaxBackward(kernels, y, dy, dx);
    }

    @Override
    public String describe() {
        return "Softmax(dim=-1)";
    }
}
