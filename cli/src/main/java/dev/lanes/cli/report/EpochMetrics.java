package dev.lanes.cli.report;

/**
 * What one epoch of training measured. Training loss and accuracy are running means over the epoch's batches
 * (the model changes while they are measured, as in PyTorch's usual loop); validation ones are measured on the
 * held-out images after the epoch.
 */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy,
                           double validationLoss, double validationAccuracy, double seconds, double samplesPerSecond) {
}
