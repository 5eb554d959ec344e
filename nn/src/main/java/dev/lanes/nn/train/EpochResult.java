package dev.lanes.nn.train;

import java.util.Locale;

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

    /**
     * The epoch in words and human units, the figures that are NaN left out.
     *
     * @return e.g. "epoch 3: train loss 0.4120, train accuracy 85.20%, validation loss 0.4410, validation
     *         accuracy 84.10%, lr 0.001, 60000 samples in 2.31 s (26.0k samples/s)"
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d: train loss %.4f", epoch, trainLoss));
        if (!Double.isNaN(trainAccuracy)) {
            s.append(String.format(Locale.ROOT, ", train accuracy %.2f%%", 100 * trainAccuracy));
        }
        if (!Double.isNaN(validationLoss)) {
            s.append(String.format(Locale.ROOT, ", validation loss %.4f", validationLoss));
        }
        if (!Double.isNaN(validationAccuracy)) {
            s.append(String.format(Locale.ROOT, ", validation accuracy %.2f%%", 100 * validationAccuracy));
        }
        return s.append(String.format(Locale.ROOT, ", lr %.3g, %d samples in %s (%s)", learningRate, samples,
                HumanUnits.seconds(nanos / 1e9), HumanUnits.rate(samplesPerSecond(), "samples"))).toString();
    }
}
