package dev.lanes.nn.optim;

/**
 * The learning rate for each epoch (counted from 0), and for schedules that change within an epoch
 * ({@link OneCycle}), for each batch. A schedule is a pure function of the epoch and batch, so a run resumed
 * from a checkpoint gets the same rates as an uninterrupted one; the one exception, {@link ReduceLrOnPlateau},
 * which follows a validation metric, keeps its state in the checkpoint. Each schedule is PyTorch's scheduler
 * of the same name in closed form.
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
     * The learning rate of one batch; the epoch's rate unless the schedule changes within epochs.
     *
     * @param epoch the epoch, from 0
     * @param batch the batch within the epoch, from 0
     * @param batches the number of batches per epoch, ≥ 1
     * @return the learning rate for that batch's step
     * @throws IllegalArgumentException if the schedule does not reach that far (a one-cycle schedule ends)
     */
    default double rate(int epoch, int batch, int batches) {
        return rate(epoch);
    }

    /**
     * This schedule after a linear warm-up: the rate times PyTorch's {@code LinearLR} factor, which rises
     * linearly from {@code startFactor} at epoch 0 to 1 at epoch {@code epochs} and stays 1. For schedules that
     * multiply the rate by a factor per epoch (constant, step, exponential) this is what PyTorch's
     * {@code ChainedScheduler([LinearLR(opt, startFactor, 1, epochs), …])} gives; for others PyTorch's chained
     * recursive forms are not a product, and Lanes defines warm-up as this product.
     *
     * @param epochs the warm-up's length, ≥ 1
     * @param startFactor the factor of epoch 0, in (0, 1]
     * @return the warmed-up schedule
     * @throws IllegalArgumentException if an argument is out of range
     */
    default LearningRateSchedule withLinearWarmup(int epochs, double startFactor) {
        LearningRateSchedule warmup = linear(1, startFactor, 1, epochs);
        LearningRateSchedule after = this;
        return new LearningRateSchedule() {
            @Override
            public double rate(int epoch) {
                return warmup.rate(epoch) * after.rate(epoch);
            }

            @Override
            public double rate(int epoch, int batch, int batches) {
                return warmup.rate(epoch) * after.rate(epoch, batch, batches);
            }
        };
    }

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
     * PyTorch's {@code ExponentialLR}: base·gamma^epoch.
     *
     * @param base the rate of epoch 0
     * @param gamma the factor applied every epoch, &gt; 0 and finite
     * @return the schedule
     * @throws IllegalArgumentException if gamma is not positive and finite
     */
    static LearningRateSchedule exponential(double base, double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("exponential schedule: gamma must be > 0 and finite, got " + gamma);
        }
        return epoch -> base * Math.pow(gamma, epoch);
    }

    /**
     * PyTorch's {@code LinearLR}: base times a factor that goes linearly from startFactor at epoch 0 to endFactor
     * at epoch totalIters, then stays: base·(startFactor + (endFactor − startFactor)·min(epoch, totalIters) / totalIters).
     * With endFactor 1 this is a linear warm-up (PyTorch's defaults: startFactor 1/3, endFactor 1, totalIters 5).
     *
     * @param base the rate the factors multiply
     * @param startFactor the factor of epoch 0, in (0, 1]
     * @param endFactor the factor from epoch totalIters on, in [0, 1]
     * @param totalIters the epochs the change takes, ≥ 1
     * @return the schedule
     * @throws IllegalArgumentException if an argument is out of range
     */
    static LearningRateSchedule linear(double base, double startFactor, double endFactor, int totalIters) {
        if (!(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("linear schedule: startFactor must be in (0, 1] and endFactor in [0, 1], got "
                    + startFactor + " and " + endFactor);
        }
        if (totalIters <= 0) {
            throw new IllegalArgumentException("linear schedule: totalIters must be positive, got " + totalIters);
        }
        return epoch -> base * (startFactor + (endFactor - startFactor) * Math.min(epoch, totalIters) / totalIters);
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

    /**
     * PyTorch's {@code OneCycleLR(optimizer, max_lr=maxRate, epochs=epochs, steps_per_epoch=<batches per epoch>)}
     * with its defaults, per batch; see {@link OneCycle} for the settings.
     *
     * @param maxRate the peak rate, &gt; 0 and finite
     * @param epochs the epochs the cycle spans, ≥ 1
     * @return the schedule
     * @throws IllegalArgumentException if an argument is out of range
     */
    static OneCycle oneCycle(double maxRate, int epochs) {
        return new OneCycle(maxRate, epochs);
    }
}
