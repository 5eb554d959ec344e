package dev.lanes.nn.train;

/**
 * One epoch's numbers. {@code trainLoss} is the mean over the epoch's samples of the batch losses (the
 * regularisation penalty included) and {@code trainAccuracy} the fraction the loss counted right during the
 * epoch (NaN for a loss with no notion of right), both as the batches were seen (before each batch's update);
 * the validation figures are measured after the epoch with the same loss, NaN without validation data.
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, int samples, long nanos) {

    /** Training samples per second over the epoch's batches. */
    public double samplesPerSecond() {
        return nanos == 0 ? Double.NaN : samples * 1e9 / nanos;
    }
}
