package dev.lanes.nn;

import dev.lanes.nn.init.Initializer;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;

import java.util.ArrayList;
import java.util.List;

/** The seeds' networks in one line each. */
public final class Nets {

    private Nets() {
    }

    /**
     * The seeds' two-layer net: inputs → hidden (ReLU) → classes, float32.
     *
     * @param inputs the number of input features (784 for 28×28 images)
     * @param hidden the width of the hidden layer
     * @param classes the number of classes (the width of the last Linear)
     * @param init how the weights and biases are drawn
     * @param seed the seed of the one generator that initialises every layer
     * @return the untrained model
     */
    public static Sequential twoLayer(int inputs, int hidden, int classes, Initializer init, long seed) {
        return mlp(inputs, List.of(hidden), classes, init, seed);
    }

    /**
     * The seeds' fully-connected net: Linear → ReLU for each hidden size, then a Linear to the class scores,
     * e.g. {@code mlp(784, List.of(100, 200), 10, Initializers.pytorchDefault(), 42)} for seed 004's
     * 784-100-200-10 net. Float32; layers are initialised in order from one {@link SeededRandom} with this
     * seed. The model computes with the default kernels until {@link Sequential#setKernels} says otherwise.
     *
     * @param inputs the number of input features (784 for 28×28 images)
     * @param hidden the width of each hidden layer, in order
     * @param classes the number of classes (the width of the last Linear)
     * @param init how the weights and biases are drawn
     * @param seed the seed of the one generator that initialises every layer
     * @return the untrained model
     */
    public static Sequential mlp(int inputs, List<Integer> hidden, int classes, Initializer init, long seed) {
        return mlp(inputs, hidden, classes, init, seed, DType.F32);
    }

    /**
     * {@link #mlp(int, List, int, Initializer, long)} in this dtype.
     *
     * @param inputs the number of input features (784 for 28×28 images)
     * @param hidden the width of each hidden layer, in order
     * @param classes the number of classes (the width of the last Linear)
     * @param init how the weights and biases are drawn
     * @param seed the seed of the one generator that initialises every layer
     * @param dtype the element type of the parameters and activations
     * @return the untrained model
     */
    public static Sequential mlp(int inputs, List<Integer> hidden, int classes, Initializer init, long seed, DType dtype) {
        SeededRandom random = new SeededRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int h : hidden) {
            layers.add(new Linear(width, h, dtype).initialize(init, random));
            layers.add(new ReLU());
            width = h;
        }
        layers.add(new Linear(width, classes, dtype).initialize(init, random));
        return new Sequential(layers, true);
    }
}
