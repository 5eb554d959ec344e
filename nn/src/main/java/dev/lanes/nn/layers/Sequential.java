package dev.lanes.nn.layers;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another, as PyTorch's {@code nn.Sequential}: parameters are named by position
 * ({@code "0.weight"}, {@code "0.bias"}, {@code "2.weight"}, …), so a model file loads into the equivalent
 * PyTorch model with {@code load_state_dict(strict=True)}.
 *
 * <p>By default a {@link Linear} directly followed by a {@link ReLU} computes the ReLU in its GEMM epilogue
 * (one pass over the output instead of two); results are the same as unfused. A Sequential owns its layers:
 * do not use them elsewhere.
 */
public final class Sequential extends Layer {

    private final List<Layer> layers;

    /** The layers in order, with Linear→ReLU fused. */
    public Sequential(Layer... layers) {
        this(List.of(layers), true);
    }

    /** The layers in order; {@code fuseActivations} false computes every ReLU in its own layer. */
    public Sequential(List<Layer> layers, boolean fuseActivations) {
        super(layers.isEmpty() ? Kernels.get() : layers.get(0).kernels());
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        // Set every pair's fusion explicitly, so layers taken from another Sequential are not left fused.
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            Layer next = i + 1 < this.layers.size() ? this.layers.get(i + 1) : null;
            Layer previous = i > 0 ? this.layers.get(i - 1) : null;
            if (layer instanceof Linear linear) {
                linear.fuseActivation(fuseActivations && next instanceof ReLU ? Activation.RELU : Activation.IDENTITY);
            } else if (layer instanceof ReLU relu) {
                relu.setInputRectified(fuseActivations && previous instanceof Linear);
            }
        }
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x);
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
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Parameter> e : layers.get(i).namedParameters().entrySet()) {
                named.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return named;
    }

    @Override
    public void zeroGrad() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).zeroGrad();
        }
    }

    @Override
    protected void setTraining(boolean training) {
        super.setTraining(training);
        for (Layer layer : layers) {
            layer.setTraining(training);
        }
    }

    @Override
    public void setKernels(Kernels kernels) {
        super.setKernels(kernels);
        for (Layer layer : layers) {
            layer.setKernels(kernels);
        }
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Layer layer : layers) {
            parts.add(layer.describe());
        }
        return "Sequential(" + String.join(", ", parts) + ")";
    }
}
