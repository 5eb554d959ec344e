package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.TensorKernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a network, in the spirit of PyTorch's {@code nn.Module} and the seeds' {@code Layer}.
 *
 * <p>{@link #forward} computes the output for a batch (rows are samples) and keeps what {@link #backward}
 * needs; {@link #backward} takes ∂loss/∂output of the last forward, adds the parameter gradients into
 * {@link Parameter#grad()} and returns ∂loss/∂input. The tensors a layer returns are its own reused buffers:
 * they stay valid until the layer's next forward (or backward), so copy one to keep it. The input of a
 * forward must not be changed before the matching backward.
 *
 * <p>All work is done by the layer's {@link Kernels}, so a layer runs unchanged on any provider.
 */
public abstract class Layer {

    private TensorKernels ops;
    private boolean training = true;

    protected Layer(Kernels kernels) {
        this.ops = new TensorKernels(kernels);
    }

    /** The output for a batch of inputs. */
    public abstract Tensor forward(Tensor input);

    /** ∂loss/∂input from ∂loss/∂output, accumulating parameter gradients; needs the forward of the same batch first. */
    public abstract Tensor backward(Tensor gradOutput);

    /**
     * As {@link #backward(Tensor)}, but when {@code inputGradient} is false a layer may skip computing
     * ∂loss/∂input (and return null): training needs no gradient for the data, and for a first Linear layer
     * that saves a GEMM as large as the forward one. Parameter gradients are accumulated either way.
     */
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        return backward(gradOutput);
    }

    /** This layer's own parameters by their local name ({@code "weight"}, {@code "bias"}); none by default. */
    protected List<Parameter> ownParameters() {
        return List.of();
    }

    /** Every parameter, with names as PyTorch's {@code state_dict()} gives them (e.g. {@code "0.weight"}). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : ownParameters()) {
            named.put(p.name(), p);
        }
        return named;
    }

    /** Every parameter, in {@link #namedParameters()} order. */
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        List<Parameter> own = ownParameters();
        for (int i = 0; i < own.size(); i++) {
            own.get(i).zeroGrad();
        }
    }

    /** Training mode (the default). None of the layers here behave differently in it; the flag is for those that do. */
    public void train() {
        setTraining(true);
    }

    /** Evaluation mode. */
    public void eval() {
        setTraining(false);
    }

    protected void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    /** The kernels this layer computes with. */
    public Kernels kernels() {
        return ops.kernels();
    }

    /** Computes with other kernels from now on (another provider or thread count). */
    public void setKernels(Kernels kernels) {
        this.ops = new TensorKernels(kernels);
    }

    protected TensorKernels ops() {
        return ops;
    }

    /** A short description for messages and {@link #toString()}, e.g. {@code Linear(784 → 100)}. */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /** For {@link #backward} called before any forward. */
    protected IllegalStateException noForward() {
        return new IllegalStateException(describe() + ".backward: no forward pass to go back through (call forward first)");
    }
}
