package dev.lanes.nn.data;

import dev.lanes.nn.Tensor;

/**
 * Changes a batch's inputs in place, after the {@link DataLoader} has copied them out of the data set (which
 * therefore never changes). Called once per batch on the training thread; an implementation that allocates
 * nothing keeps an epoch allocation-free.
 */
@FunctionalInterface
public interface BatchTransform {

    /**
     * Transforms a batch in place.
     *
     * @param inputs the batch's inputs, [rows, features], owned by the loader until its next batch
     */
    void apply(Tensor inputs);
}
