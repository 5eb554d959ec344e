package dev.lanes.nn.layers;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

/**
 * A learnable tensor and the gradient accumulated for it, as PyTorch's {@code nn.Parameter} with its
 * {@code .grad}. Backward passes add to {@link #grad()}; {@link #zeroGrad()} clears it.
 *
 * <p>Clearing is lazy: {@link #zeroGrad()} only marks the gradient as zero, and the next backward pass writes
 * its sum over the stale storage (a GEMM with beta 0) instead of adding it to zeros that a separate pass wrote.
 * For the first layer of a 784-256-10 net that saves a pass over an 800 KB gradient and a read of it per step.
 * {@link #grad()} clears the storage first if it is still marked, so a reader always sees the gradient; only a
 * {@code Tensor} obtained from it before {@link #zeroGrad()} and kept keeps its old values, as the old
 * {@code .grad} tensor does in PyTorch after {@code zero_grad(set_to_none=True)}.
 */
public final class Parameter {

    /** What a parameter is for: L2 regularisation and weight decay apply to weights only, as in the seeds. */
    public enum Kind {
        /** A weight matrix: regularised and decayed. */
        WEIGHT,
        /** A bias vector: neither regularised nor decayed. */
        BIAS
    }

    private final String name;
    private final Kind kind;
    private final Tensor value;
    private final Tensor grad;
    /** Set by {@link #zeroGrad()} and cleared by the next write: the storage of {@link #grad} counts as zeros. */
    private boolean gradCleared;

    /**
     * A parameter of zeros with a zero gradient.
     *
     * @param name the name within its layer, e.g. {@code "weight"}
     * @param kind whether it is a weight or a bias
     * @param dtype the element type of the value and the gradient
     * @param shape the shape of the value and the gradient
     */
    public Parameter(String name, Kind kind, DType dtype, int... shape) {
        this.name = name;
        this.kind = kind;
        this.value = Tensor.zeros(dtype, shape);
        this.grad = Tensor.zeros(dtype, shape);
    }

    /**
     * The name within its layer, e.g. {@code "weight"}; {@link Layer#namedParameters()} gives the full path.
     *
     * @return the parameter's own name, without its layer's path
     */
    public String name() {
        return name;
    }

    /**
     * Whether regularisation and weight decay apply.
     *
     * @return what the parameter is for
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The learnable values.
     *
     * @return the tensor itself, which optimisers update in place
     */
    public Tensor value() {
        return value;
    }

    /**
     * The gradient accumulated since the last {@link #zeroGrad()} (zeros if none).
     *
     * @return the gradient tensor itself (the same one every call), shaped as {@link #value()}
     */
    public Tensor grad() {
        if (gradCleared) {
            grad.fillZero();
            gradCleared = false;
        }
        return grad;
    }

    /**
     * Clears the gradient (lazily: see the class documentation).
     */
    public void zeroGrad() {
        gradCleared = true;
    }

    /**
     * For a backward pass that accumulates into the gradient with a kernel's {@code beta}: 0 when the gradient
     * is cleared (the kernel must overwrite the stale storage, not read it), else 1. Pass the result with
     * {@link #gradStorage()} to the kernel, then call {@link #gradWritten()}.
     */
    double gradBeta() {
        return gradCleared ? 0 : 1;
    }

    /**
     * {@link #gradBeta()} for a kernel that writes the gradients of two parameters with one beta: if only one of
     * them is cleared, its zeros are written out first, so that both accumulate.
     */
    static double commonGradBeta(Parameter a, Parameter b) {
        if (a.gradCleared != b.gradCleared) {
            a.grad();
            b.grad();
        }
        return a.gradBeta();
    }

    /** The gradient's storage as it is, possibly stale (see {@link #gradBeta()}). */
    Tensor gradStorage() {
        return grad;
    }

    /** The kernel given {@link #gradBeta()} has written the whole gradient: it holds the gradient again. */
    void gradWritten() {
        gradCleared = false;
    }

    @Override
    public String toString() {
        return "Parameter[" + name + ", " + kind + ", " + value.describe() + "]";
    }
}
