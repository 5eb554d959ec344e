package dev.lanes.nn.train;

/**
 * Progress callbacks from {@link Trainer#fit}, all on the training thread. Epochs and batches are counted
 * from 1. Batch callbacks take primitives so that reporting allocates nothing per batch.
 */
public interface TrainingListener {

    /** Before the first batch of {@code epoch} (of {@code epochs}), which has {@code batches} batches. */
    default void onEpochStart(int epoch, int epochs, int batches, double learningRate) {
    }

    /** After each optimiser step: {@code samples} samples of this epoch done, {@code loss} this batch's loss. */
    default void onBatchEnd(int epoch, int batch, int batches, int samples, double loss) {
    }

    /** After the epoch, its evaluation and its checkpoint (if any). */
    default void onEpochEnd(EpochResult result) {
    }
}
