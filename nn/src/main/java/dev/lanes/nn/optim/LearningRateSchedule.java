package dev.lanes.nn.optim;

/**
 * The learning rate for each epoch (counted from 0). A schedule is a pure function of the epoch, so a run
 * resumed from a checkpoint gets the same rates as an uninterrupted one.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate of an epoch.
     *
     * @param epoch the epoch, from 0
     * @return the learning rate for that whole epoch
     */
    double rate(int epoch);

    /**
     * The same rate every epoch.
     *
     * @param rate the rate
     * @return the schedule
     */
    static LearningRateSchedule constant(double rate) {
        return epoch -> rate;
    }

    /**
     * PyTorch's {@code StepLR}: base·gamma^⌊epoch / stepSize⌋.
     *
     * @param base the rate of epochs 0 to stepSize − 1
     * @param stepSize how many epochs each rate lasts, ≥ 1
     * @param gamma the factor applied every stepSize epochs
     * @return the schedule
     * @throws IllegalArgumentException if stepSize ≤ 0
     */
    static LearningRateSchedule step(double base, int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step schedule: stepSize must be positive, got " + stepSize);
        }
        return epoch -> base * Math.pow(gamma, epoch / stepSize);
    }

    /**
     * PyTorch's {@code CosineAnnealingLR} (closed form): min + (base − min)·(1 + cos(π·epoch / epochs)) / 2,
     * held at min after {@code epochs}.
     *
     * @param base the rate of epoch 0
     * @param epochs the length of the half cosine, ≥ 1 (usually the run's epochs)
     * @param min the rate it ends at
     * @return the schedule
     * @throws IllegalArgumentException if epochs ≤ 0
     */
    static LearningRateSchedule cosine(double base, int epochs, double min) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("cosine schedule: epochs must be positive, got " + epochs);
        }
        return epoch -> min + (base - min) * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)) / 2;
    }
}
