package dev.lanes.nn.loss;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.TensorKernels;

/**
 * Softmax cross-entropy on logits [batch, classes] with integer labels, the mean over the batch, as PyTorch's
 * {@code nn.CrossEntropyLoss()} and the seeds' {@code softmax_loss}: one fused kernel computes the loss and
 * its gradient (softmax − onehot) / batch.
 */
public final class SoftmaxCrossEntropy implements Loss<int[]> {

    private final TensorKernels ops;
    private final Buffer gradient = new Buffer();
    private Tensor lastGradient;

    public SoftmaxCrossEntropy() {
        this(Kernels.get());
    }

    public SoftmaxCrossEntropy(Kernels kernels) {
        this.ops = new TensorKernels(kernels);
    }

    @Override
    public double forward(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: logits " + logits.describe() + " are not [batch, classes]");
        }
        if (labels.length != logits.rows()) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: " + labels.length + " labels for "
                    + logits.rows() + " rows of logits " + logits.describe());
        }
        Tensor g = gradient.matrix(logits.dtype(), logits.rows(), logits.cols());
        double loss = ops.softmaxCrossEntropy(logits, labels, g);
        lastGradient = g;
        return loss;
    }

    @Override
    public Tensor backward() {
        if (lastGradient == null) {
            throw new IllegalStateException("SoftmaxCrossEntropy.backward: no forward yet");
        }
        return lastGradient;
    }
}
