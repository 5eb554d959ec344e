package dev.lanes.nn.train;

/**
 * A model's mean loss (without regularisation) and accuracy (NaN if the loss has none) on a data set.
 *
 * @param loss the mean loss over the samples, NaN for no samples
 * @param accuracy the fraction of samples counted right, in [0, 1], or NaN
 * @param samples the number of samples evaluated
 */
public record Evaluation(double loss, double accuracy, int samples) {
}
