package dev.lanes.nn.layers;

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
        super("LogSoftmax(dim=-1)", Saved.OUTPUT, rowWise("LogSoftmax", TensorKernels::logSoftmax),
                TensorKernels::logSoftmaxBackward);
    }
}
