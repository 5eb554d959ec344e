package dev.lanes.cli.model;

import dev.lanes.nn.Tensor;

import java.util.List;

/**
 * The check every prediction passes before anything is printed: a model whose outputs are NaN or infinite (its
 * parameters are finite, as loading checks, but so large that float32 arithmetic overflows) gets an error naming
 * the first such input, never a line with "NaN%" or a class picked by a NaN comparison.
 */
public final class ModelOutputs {

    private ModelOutputs() {
    }

    /**
     * Throws unless every output is finite.
     *
     * @param outputs the model's outputs, one row per input
     * @param inputs a name per input (a file and index, a line of a table), for the message
     * @throws IllegalStateException naming the first input whose outputs are not all finite
     */
    public static void requireFinite(Tensor outputs, List<String> inputs) {
        int columns = outputs.size() / Math.max(1, outputs.dim(0));
        for (int i = 0; i < outputs.size(); i++) {
            double value = outputs.getFlat(i);
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("the model computes " + value + " for " + inputs.get(i / columns)
                        + ": its parameters are too large for float32 arithmetic; no prediction is printed");
            }
        }
    }
}
