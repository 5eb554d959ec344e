package dev.lanes.nn.loss;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;

import java.util.Arrays;

/**
 * The squared-error loss in the seeds' form (seed 001): ½·Σ (prediction − target)² over every element, with
 * gradient prediction − target. It is PyTorch's {@code nn.MSELoss(reduction="sum")} halved; for the mean
 * over N elements, divide by N/2 (or scale the gradient) yourself.
 */
public final class HalfSquaredError implements Loss<Tensor> {

    private final Layer model;
    private final Buffer gradient = new Buffer();
    private Tensor lastGradient;

    /**
     * The loss of {@code model}'s output, computed with its kernels.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public HalfSquaredError(Layer model) {
        if (model == null) {
            throw new NullPointerException("HalfSquaredError: model is null");
        }
        this.model = model;
    }

    @Override
    public Layer model() {
        return model;
    }

    @Override
    public double forward(Tensor prediction, Tensor target) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException("HalfSquaredError: prediction " + prediction.describe()
                    + " and target " + target.describe() + " differ in shape");
        }
        Tensor g = gradient.like(prediction);
        double loss = TensorKernels.halfSquaredError(model.kernels(), prediction, target, g);
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

    @Override
    public String describe() {
        return "half_squared_error";
    }
}
