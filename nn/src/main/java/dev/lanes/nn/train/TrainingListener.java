package dev.lanes.nn.train;

/**
 * Progress callbacks from {@link Trainer#fit}, all on the training thread. Epochs and batches are counted
 * from 1. Batch callbacks take primitives so that reporting allocates nothing per batch.
 */
public interface TrainingListener {

    /**
     * Before the first batch of {@code epoch} (of {@code epochs}), which has {@code batches} batches.
     *
     * @param epoch this epoch, from 1
     * @param epochs the run's last epoch
     * @param batches the number of batches in the epoch
     * @param learningRate the rate the epoch's steps use
     */
    default void onEpochStart(int epoch, int epochs, int batches, double learningRate) {
    }

    /**
     * After each optimiser step: {@code samples} samples of this epoch done, {@code loss} this batch's loss.
     *
     * @param epoch this epoch, from 1
     * @param batch this batch, from 1
     * @param batches the number of batches in the epoch
     * @param samples the samples of this epoch done so far
     * @param loss the batch's loss, penalty included
     */
    default void onBatchEnd(int epoch, int batch, int batches, int samples, double loss) {
    }

    /**
     * After the epoch, its evaluation and its checkpoint (if any).
     *
     * @param result the epoch's figures
     */
    default void onEpochEnd(EpochResult result) {
    }

    /**
     * After {@link #onEpochEnd} of an epoch whose checkpoint was written (every epoch, unless a
     * {@link Trainer#checkpointInterval checkpoint interval} skips some): the moment to save what must agree with
     * the checkpoint, such as a log of the epochs a resumed run continues.
     *
     * @param epoch the epoch the checkpoint holds
     */
    default void onCheckpoint(int epoch) {
    }
}
