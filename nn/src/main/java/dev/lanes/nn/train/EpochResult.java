package dev.lanes.nn.train;

/**
 * One epoch's numbers. {@code trainLoss} is the mean over the epoch's samples of the batch losses (L2 penalty
 * included) and {@code trainAccuracy} the fraction classified right during the epoch, both as the batches
 * were seen (before each batch's update); {@code validationAccuracy} is measured after the epoch, NaN without
 * validation data.
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, int samples, long nanos) {

    /** Training samples per second over the epoch's batches. */
    public double samplesPerSecond() {
        return nanos == 0 ? Double.NaN : samples * 1e9 / nanos;
    }
}
