package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/**
 * The log-softmax of each sample's features, as PyTorch's {@code nn.LogSoftmax(dim=-1)} on a [batch, features]
 * batch (stable: each row's maximum is subtracted first); backward from the stored output.
 */
public final class LogSoftmax extends ActivationLayer {

    /**
     * A log-softmax layer over the last dimension; it has no parameters.
     */
    public LogSoftmax() {
        super(true);
    }

    @Override
    void apply(Kernels kernels, Tensor x, Tensor out) {
        requireBatchOfRows("LogSoftmax", x);
        TensorKernels.logSoftmax(kernels, x, out);
    }

    @Override
    void gradient(Kernels kernels, Tensor y, Tensor dy, Tensor dx) {
        TensorKernels.logSoftmaxBackward(kernels, y, dy, dx);
    }

    @Override
    public String describe() {
        return "LogSoftmax(dim=-1)";
    }
}
