package dev.lanes.nn.data;

import dev.lanes.nn.Tensor;

/**
 * A random change of each training batch's inputs (data augmentation), applied in place by the {@link DataLoader}
 * after it copies the batch out of the data set, before any {@link BatchTransform}. Unlike a transform it is
 * given the epoch and the batch, so that its randomness can be a function of (seed, epoch, batch) alone: the same
 * seed gives the same bits, and a run resumed at epoch e sees what an uninterrupted one would. Training data only:
 * validation and test batches are never augmented.
 */
public interface Augmentation {

    /**
     * Changes a training batch in place.
     *
     * @param inputs the batch's inputs, [rows, features], owned by the loader until its next batch
     * @param epoch the epoch the batch belongs to, as given to {@link DataLoader#epoch}
     * @param batch the batch's index in its epoch, from 0
     */
    void apply(Tensor inputs, long epoch, int batch);

    /**
     * What defines this augmentation, recorded in checkpoints so that a resumed run must use the same one.
     *
     * @return e.g. {@code RandomShift(28x28, 2, flip, fill 0.0, seed 1)}
     */
    String describe();
}
