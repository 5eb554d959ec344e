package dev.lanes.nn.train;

/** The loss became NaN or infinite: training stops, naming where. */
public final class TrainingDivergedException extends RuntimeException {

    /**
     * The epoch, from 1; 0 outside {@link Trainer#fit}.
     */
    private final int epoch;
    /**
     * The batch within the epoch, from 1.
     */
    private final int batch;
    /**
     * The non-finite loss.
     */
    private final double loss;

    /**
     * A divergence at this batch, with a message saying where and what to try.
     *
     * @param epoch the epoch, from 1, or 0 for a lone step
     * @param batch the batch within the epoch, from 1
     * @param batches the epoch's number of batches
     * @param loss the NaN or infinite loss
     * @param learningRate the rate in use, for the advice in the message
     */
    public TrainingDivergedException(int epoch, int batch, int batches, double loss, double learningRate) {
        super("training diverged: the loss is " + loss + " at epoch " + epoch + ", batch " + batch + " of " + batches
                + " (learning rate " + learningRate + "); lower the learning rate, or check the data for NaN or infinite values");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /**
     * The epoch (from 1), or 0 for a lone {@link Trainer#trainStep}.
     *
     * @return the epoch, from 1, or 0
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The batch within the epoch (from 1).
     *
     * @return the batch, from 1
     */
    public int batch() {
        return batch;
    }

    /**
     * The loss that was not finite.
     *
     * @return NaN or ±∞
     */
    public double loss() {
        return loss;
    }
}
