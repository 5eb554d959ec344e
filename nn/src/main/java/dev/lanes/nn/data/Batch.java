package dev.lanes.nn.data;

import dev.lanes.nn.Tensor;

/**
 * One batch of a {@link DataLoader}'s epoch: inputs [rows, features] and the rows' targets, in storage the loader
 * reuses, so both are valid only until the loader's next batch (copy them to keep them).
 *
 * @param <T> the targets' type: {@code int[]} class indices or a {@link Tensor} [rows, outputs] of values
 */
public final class Batch<T> {

    private Tensor inputs;
    private T targets;
    private int index;
    private int first;

    Batch() {
    }

    void set(Tensor inputs, T targets, int index, int first) {
        this.inputs = inputs;
        this.targets = targets;
        this.index = index;
        this.first = first;
    }

    /**
     * The batch's inputs, transformed if the loader has a transform.
     *
     * @return [rows, features], valid until the loader's next batch
     */
    public Tensor inputs() {
        return inputs;
    }

    /**
     * The rows' targets, one per row.
     *
     * @return exactly {@link #rows()} class indices, or a [rows, outputs] tensor, valid until the next batch
     */
    public T targets() {
        return targets;
    }

    /**
     * The number of samples in this batch.
     *
     * @return the batch size, or fewer for an epoch's last batch
     */
    public int rows() {
        return inputs.rows();
    }

    /**
     * This batch's position in its epoch.
     *
     * @return the index, from 0
     */
    public int index() {
        return index;
    }

    /**
     * The samples of the epoch served before this batch.
     *
     * @return index × batch size
     */
    public int first() {
        return first;
    }
}
