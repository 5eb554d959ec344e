package dev.lanes.nn.train;

/** The loss became NaN or infinite: training stops, naming where. */
public final class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final int batch;
    private final double loss;

    public TrainingDivergedException(int epoch, int batch, int batches, double loss, double learningRate) {
        super("training diverged: the loss is " + loss + " at epoch " + epoch + ", batch " + batch + " of " + batches
                + " (learning rate " + learningRate + "); lower the learning rate, or check the data for NaN or infinite values");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** The epoch (from 1), or 0 for a lone {@link Trainer#trainStep}. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch (from 1). */
    public int batch() {
        return batch;
    }

    public double loss() {
        return loss;
    }
}
