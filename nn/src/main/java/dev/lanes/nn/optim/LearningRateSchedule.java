package dev.lanes.nn.optim;

/**
 * The learning rate for each epoch (counted from 0). A schedule is a pure function of the epoch, so a run
 * resumed from a checkpoint gets the same rates as an uninterrupted one.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    double rate(int epoch);

    /** The same rate every epoch. */
    static LearningRateSchedule constant(double rate) {
        return epoch -> rate;
    }

    /** PyTorch's {@code StepLR}: base·gamma^⌊epoch / stepSize⌋. */
    static LearningRateSchedule step(double base, int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step schedule: stepSize must be positive, got " + stepSize);
        }
        return epoch -> base * Math.pow(gamma, epoch / stepSize);
    }

    /**
     * PyTorch's {@code CosineAnnealingLR} (closed form): min + (base − min)·(1 + cos(π·epoch / epochs)) / 2,
     * held at min after {@code epochs}.
     */
    static LearningRateSchedule cosine(double base, int epochs, double min) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("cosine schedule: epochs must be positive, got " + epochs);
        }
        return epoch -> min + (base - min) * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)) / 2;
    }
}
