package dev.lanes.nn.train;

/** A model's mean cross-entropy loss (without regularisation) and accuracy on a data set. */
public record Evaluation(double loss, double accuracy, int samples) {
}
