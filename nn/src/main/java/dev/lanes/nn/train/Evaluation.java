package dev.lanes.nn.train;

/** A model's mean loss (without regularisation) and accuracy (NaN if the loss has none) on a data set. */
public record Evaluation(double loss, double accuracy, int samples) {
}
