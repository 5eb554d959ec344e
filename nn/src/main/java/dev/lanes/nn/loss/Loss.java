package dev.lanes.nn.loss;

import dev.lanes.nn.Tensor;

/**
 * A loss on a network's output: {@link #forward} returns its value and computes, in the same pass,
 * ∂loss/∂output, which {@link #backward} returns (a reused buffer, valid until the next forward).
 *
 * @param <T> the target: {@code int[]} class labels, or a {@link Tensor} of values
 */
public interface Loss<T> {

    /** The loss of {@code output} against {@code target}. */
    double forward(Tensor output, T target);

    /** ∂loss/∂output of the last {@link #forward}. */
    Tensor backward();
}
