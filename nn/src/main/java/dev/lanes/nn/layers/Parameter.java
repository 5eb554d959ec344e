package dev.lanes.nn.layers;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

/**
 * A learnable tensor and the gradient accumulated for it, as PyTorch's {@code nn.Parameter} with its
 * {@code .grad}. Backward passes add to {@link #grad()}; {@link #zeroGrad()} clears it.
 */
public final class Parameter {

    /** What a parameter is for: L2 regularisation and weight decay apply to weights only, as in the seeds. */
    public enum Kind { WEIGHT, BIAS }

    private final String name;
    private final Kind kind;
    private final Tensor value;
    private final Tensor grad;

    public Parameter(String name, Kind kind, DType dtype, int... shape) {
        this.name = name;
        this.kind = kind;
        this.value = Tensor.zeros(dtype, shape);
        this.grad = Tensor.zeros(dtype, shape);
    }

    /** The name within its layer, e.g. {@code "weight"}; {@link Layer#namedParameters()} gives the full path. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    public void zeroGrad() {
        grad.fillZero();
    }

    @Override
    public String toString() {
        return "Parameter[" + name + ", " + kind + ", " + value.describe() + "]";
    }
}
