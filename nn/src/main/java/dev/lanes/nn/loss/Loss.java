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

    /**
     * The model whose output this loss scores (and whose kernels it computes with).
     *
     * @return the model given to the constructor
     */
    Layer model();

    /**
     * The loss of {@code output} against {@code target}.
     *
     * @param output the model's output for a batch, [batch, features]
     * @param target the batch's targets, one per row
     * @return the loss of the batch as the loss defines it (a mean or a sum), in double whatever the dtype
     * @throws IllegalArgumentException if output and target do not fit each other, naming both shapes
     */
    double forward(Tensor output, T target);

    /**
     * ∂loss/∂output of the last {@link #forward}.
     *
     * @return ∂loss/∂output, shaped as the last forward's output: the gradient to pass to the model's backward
     * @throws IllegalStateException if no forward came first
     */
    Tensor backward();

    /**
     * Throws {@link IllegalArgumentException} (naming {@code which} data and the offending target) if
     * {@code targets} cannot be targets for outputs {@code outputFeatures} wide; lets a trainer refuse bad
     * data before the first batch rather than mid-epoch. Accepts everything by default.
     *
     * @param which the data set, for the message (e.g. {@code "training"})
     * @param targets every target of that data set
     * @param outputFeatures the width of the model's output
     * @throws IllegalArgumentException if a target cannot be scored against such outputs
     */
    default void checkTargets(String which, T targets, int outputFeatures) {
    }

    /**
     * How many rows of {@code output} are right against {@code target}, or -1 if the loss has no notion of right.
     *
     * @param output the model's output for a batch
     * @param target the batch's targets
     * @return the number of rows predicted right, in [0, batch], or −1
     */
    default int correct(Tensor output, T target) {
        return -1;
    }

    /**
     * The loss and its settings as text, e.g. {@code "softmax_cross_entropy"}, so a resumed run can check it is the same.
     *
     * @return a stable name with the loss's settings
     */
    String describe();
}
