package dev.lanes.benchmarks;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The networks the training and inference benchmarks run, named by their layer sizes, e.g. {@code 784-256-10}. */
final class Networks {

    private Networks() {
    }

    /** A float32 ReLU MLP with these layer sizes on these kernels, initialised as PyTorch's {@code nn.Linear}. */
    static Sequential build(String sizes, Kernels kernels) {
        int[] widths = widths(sizes);
        List<Integer> hidden = Arrays.stream(widths, 1, widths.length - 1).boxed().toList();
        Sequential model = Nets.mlp(widths[0], hidden, widths[widths.length - 1], Initializers.pytorchDefault(), 42, DType.F32);
        model.setKernels(kernels);
        return model;
    }

    static int[] widths(String sizes) {
        int[] widths = Arrays.stream(sizes.split("-")).mapToInt(Integer::parseInt).toArray();
        if (widths.length < 2) {
            throw new IllegalArgumentException("net must name at least an input and an output size, got " + sizes);
        }
        return widths;
    }

    /** A batch × inputs matrix of standard normal values. */
    static Tensor randomInputs(int batch, int inputs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[batch * inputs];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, batch, inputs);
    }

    /** Uniformly random class labels. */
    static int[] randomLabels(int batch, int classes, long seed) {
        return new SplittableRandom(seed).ints(batch, 0, classes).toArray();
    }
}
