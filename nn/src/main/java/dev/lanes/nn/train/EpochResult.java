package dev.lanes.nn.train;

/**
 * One epoch's numbers. {@code trainLoss} is the mean over the epoch's samples of the batch losses (the
 * regularisation penalty included) and {@code trainAccuracy} the fraction the loss counted right during the
 * epoch (NaN for a loss with no notion of right), both as the batches were seen (before each batch's update);
 * the validation figures are measured after the epoch with the same loss, NaN without validation data.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss the mean training loss, penalty included
 * @param trainAccuracy the fraction of training samples counted right, in [0, 1], or NaN
 * @param validationLoss the mean validation loss, without the penalty, or NaN
 * @param validationAccuracy the fraction of validation samples right, or NaN
 * @param learningRate the rate the epoch's first step used (a one-cycle schedule changes it at every step)
 * @param samples the number of training samples seen
 * @param nanos the time the epoch's batches took, in nanoseconds (evaluation and checkpoint excluded)
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, int samples, long nanos) {

    /**
     * Training samples per second over the epoch's batches.
     *
     * @return samples / seconds, or NaN if no time was measured
     */
    public double samplesPerSecond() {
        return nanos == 0 ? Double.NaN : samples * 1e9 / nanos;
    }
}
