package dev.lanes.nn.layers;

import dev.lanes.kernels.Activation;
import dev.lanes.nn.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after another, as PyTorch's {@code nn.Sequential}: the layers are its children named by
 * position, so parameters are {@code "0.weight"}, {@code "0.bias"}, {@code "2.weight"}, …, and a model file
 * loads into the equivalent PyTorch model with {@code load_state_dict(strict=True)}.
 *
 * <p>The forward plan is fixed when the Sequential is built: by default a {@link Linear} directly followed by
 * a {@link ReLU} computes the ReLU in its GEMM epilogue (one pass over the output instead of two), and the
 * ReLU keeps that output for its backward pass; a ReLU not taken by a GEMM and directly followed by a
 * {@link Dropout} runs with it as one pass in training mode (the mask generated in the ReLU's pass); a Linear
 * followed by a {@link GELU} computes the GELU in the GEMM epilogue in evaluation mode ({@link #eval()}), where no
 * backward follows (GELU's backward needs its input, which the fused GEMM does not keep). Results are bit for bit
 * those of the unfused plan. The layers themselves are not changed by it. A Sequential owns its layers: a layer
 * belongs to one model.
 */
public final class Sequential extends Layer {

    /** One entry of the forward plan. */
    private interface Step {
        Tensor forward(Tensor input);
    }

    private final List<Layer> layers;
    private final Step[] plan;
    private final boolean[] fusedIntoPrevious;
    private final boolean[] fusedWhenEvaluating;

    /**
     * The layers in order, with Linear→ReLU and ReLU→Dropout fused.
     *
     * @param layers the layers, at least one, none already in a model
     * @throws IllegalArgumentException if there is no layer or one already belongs to a model
     */
    public Sequential(Layer... layers) {
        this(List.of(layers), true);
    }

    /**
     * The layers in order; {@code fuseActivations} false computes every ReLU and Dropout in its own pass.
     *
     * @param layers the layers, at least one, none already in a model
     * @param fuseActivations whether a Linear followed by a ReLU applies the ReLU in its GEMM, and a ReLU followed by a
     *        Dropout runs with it as one pass (the results are the same bits)
     * @throws IllegalArgumentException if there is no layer or one already belongs to a model
     */
    public Sequential(List<Layer> layers, boolean fuseActivations) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) {
            registerChild(Integer.toString(i), this.layers.get(i));
        }
        int n = this.layers.size();
        this.plan = new Step[n];
        this.fusedIntoPrevious = new boolean[n];
        this.fusedWhenEvaluating = new boolean[n];
        for (int i = 0; i < n; i++) {
            Layer layer = this.layers.get(i);
            Layer next = i + 1 < n ? this.layers.get(i + 1) : null;
            Epilogue affine = withEpilogue(layer);
            if (fuseActivations && affine != null && next instanceof ReLU relu) {
                plan[i] = x -> affine.forward(x, Activation.RELU);
                plan[i + 1] = relu::forwardActivated;
                fusedIntoPrevious[i + 1] = true;
                i++;
            } else if (fuseActivations && layer instanceof ReLU relu && next instanceof Dropout dropout) {
                // A ReLU the GEMM did not take (after a normalisation, say): with the dropout, one pass instead of two.
                plan[i] = x -> dropout.forwardAfterReLU(relu, x);
                plan[i + 1] = z -> z;
                fusedIntoPrevious[i + 1] = true;
                i++;
            } else if (fuseActivations && affine != null && next instanceof GELU gelu) {
                Activation epilogue = gelu.approximation() == GELU.Approximation.NONE ? Activation.GELU : Activation.GELU_TANH;
                plan[i] = x -> isTraining() ? layer.forward(x) : affine.forward(x, epilogue);
                plan[i + 1] = x -> isTraining() ? gelu.forward(x) : gelu.forwardActivated(x);
                fusedWhenEvaluating[i + 1] = true;
                i++;
            } else {
                plan[i] = layer::forward;
            }
        }
    }

    /** A forward pass that applies an activation in its GEMM's epilogue. */
    private interface Epilogue {
        Tensor forward(Tensor x, Activation epilogue);
    }

    /** The epilogue forward pass of a layer that has one (a Linear, a PackedLinear), else null. */
    private static Epilogue withEpilogue(Layer layer) {
        return switch (layer) {
            case Linear linear -> linear::forward;
            case PackedLinear packed -> packed::forward;
            default -> null;
        };
    }

    /**
     * The layers, in order.
     *
     * @return an unmodifiable list
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The layer at {@code index}.
     *
     * @param index the position, from 0
     * @return the layer, whose parameters are named {@code index.…}
     * @throws IndexOutOfBoundsException if there is no such layer
     */
    public Layer get(int index) {
        return layers.get(index);
    }

    /**
     * The number of layers.
     *
     * @return the number of layers, ≥ 1
     */
    public int size() {
        return layers.size();
    }

    /**
     * Whether layer {@code index} is computed inside the preceding layer's pass by this Sequential: a ReLU in the
     * preceding Linear's GEMM, or a Dropout (in training mode) in the preceding ReLU's pass.
     *
     * @param index the position, from 0
     * @return true if the forward pass applies that layer in the previous layer's pass
     */
    public boolean isFusedIntoPrevious(int index) {
        return fusedIntoPrevious[index];
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        int width = inputFeatures;
        for (int i = 0; i < layers.size(); i++) {
            width = layers.get(i).outputFeatures(width);
        }
        return width;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < plan.length; i++) {
            x = plan[i].forward(x);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return backward(gradOutput, true);
    }

    /** With {@code inputGradient} false, the first layer may skip ∂loss/∂input (returns null then). */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i > 0; i--) {
            g = layers.get(i).backward(g, true);
        }
        return layers.get(0).backward(g, inputGradient);
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            // Null while the constructor is still registering the layers (an error message may describe this).
            String fused = fusedIntoPrevious == null || fusedWhenEvaluating == null ? ""
                    : fusedIntoPrevious[i] ? (layers.get(i) instanceof Dropout ? " (in the ReLU's pass)" : " (in the GEMM)")
                    : fusedWhenEvaluating[i] ? " (in the GEMM when evaluating)" : "";
            parts.add(layers.get(i).describe() + fused);
        }
        return "Sequential(" + String.join(", ", parts) + ")";
    }
}
