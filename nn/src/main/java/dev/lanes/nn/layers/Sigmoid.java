package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/** 1 / (1 + e^(−x)), element-wise; backward from the stored output: dx = dy·y·(1 − y). */
public final class Sigmoid extends ActivationLayer {

    /**
     * A sigmoid layer; it has no parameters.
     */
    public Sigmoid() {
        super("Sigmoid()", Saved.OUTPUT, TensorKernels::sigmoid, TensorKernels::sigmoidBackward);
    }
}
