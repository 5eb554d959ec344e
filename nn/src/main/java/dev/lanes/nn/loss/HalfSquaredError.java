package dev.lanes.nn.loss;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.TensorKernels;

/**
 * The squared-error loss in the seeds' form (seed 001): ½·Σ (prediction − target)² over every element, with
 * gradient prediction − target. It is PyTorch's {@code nn.MSELoss(reduction="sum")} halved; for the mean
 * over N elements, divide by N/2 (or scale the gradient) yourself.
 */
public final class HalfSquaredError implements Loss<Tensor> {

    private final TensorKernels ops;
    private final Buffer gradient = new Buffer();
    private Tensor lastGradient;

    public HalfSquaredError() {
        this(Kernels.get());
    }

    public HalfSquaredError(Kernels kernels) {
        this.ops = new TensorKernels(kernels);
    }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        if (!java.util.Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("HalfSquaredError: prediction " + prediction.describe()
                    + " and target " + target.describe() + " differ in shape");
        }
        Tensor g = gradient.like(prediction);
        double loss = ops.halfSquaredError(prediction, target, g);
        lastGradient = g;
        return loss;
    }

    @Override
    public Tensor backward() {
        if (lastGradient == null) {
            throw new IllegalStateException("HalfSquaredError.backward: no forward yet");
        }
        return lastGradient;
    }
}
