package dev.lanes.nn.loss;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;

/**
 * A loss on a model's output: {@link #forward} returns its value and computes, in the same pass,
 * ∂loss/∂output, which {@link #backward} returns (a reused buffer, valid until the next forward). A loss is
 * made for one model and computes with that model's kernels, as an optimiser does.
 *
 * @param <T> the target: {@code int[]} class labels, or a {@link Tensor} of values
 */
public interface Loss<T> {

    /** The model whose output this loss scores (and whose kernels it computes with). */
    Layer model();

    /** The loss of {@code output} against {@code target}. */
    double forward(Tensor output, T target);

    /** ∂loss/∂output of the last {@link #forward}. */
    Tensor backward();

    /**
     * Throws {@link IllegalArgumentException} (naming {@code which} data and the offending target) if
     * {@code targets} cannot be targets for outputs {@code outputFeatures} wide; lets a trainer refuse bad
     * data before the first batch rather than mid-epoch. Accepts everything by default.
     */
    default void checkTargets(String which, T targets, int outputFeatures) {
    }

    /** How many rows of {@code output} are right against {@code target}, or -1 if the loss has no notion of right. */
    default int correct(Tensor output, T target) {
        return -1;
    }

    /** The loss and its settings as text, e.g. {@code "softmax_cross_entropy"}, so a resumed run can check it is the same. */
    String describe();
}
