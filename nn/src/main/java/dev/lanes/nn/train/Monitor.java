package dev.lanes.nn.train;

import java.util.function.ToDoubleFunction;

/** A figure of each epoch that early stopping and {@code ReduceLrOnPlateau} watch, and which way is better. */
public enum Monitor {
    /** The mean validation loss: lower is better. The usual choice, and the default. */
    VALIDATION_LOSS(EpochResult::validationLoss, true),
    /** The validation accuracy: higher is better. */
    VALIDATION_ACCURACY(EpochResult::validationAccuracy, false),
    /** The mean training loss over the epoch: lower is better. For runs without validation data. */
    TRAINING_LOSS(EpochResult::trainLoss, true);

    private final ToDoubleFunction<EpochResult> figure;
    private final boolean lowerIsBetter;

    Monitor(ToDoubleFunction<EpochResult> figure, boolean lowerIsBetter) {
        this.figure = figure;
        this.lowerIsBetter = lowerIsBetter;
    }

    /**
     * The watched figure of an epoch.
     *
     * @param result the epoch's result
     * @return the figure, NaN if the epoch lacks it (no validation data)
     */
    public double of(EpochResult result) {
        return figure.applyAsDouble(result);
    }

    /**
     * Which way is better.
     *
     * @return true for a loss, false for an accuracy
     */
    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /**
     * Whether this monitor needs validation data.
     *
     * @return true for the validation figures
     */
    public boolean needsValidation() {
        return this != TRAINING_LOSS;
    }
}
