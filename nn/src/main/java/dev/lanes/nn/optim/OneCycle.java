package dev.lanes.nn.optim;

/**
 * The one-cycle policy (Smith and Topin), as PyTorch's {@code OneCycleLR} with
 * {@code epochs} and {@code steps_per_epoch} (the batches per epoch, which the trainer supplies), stepped once
 * per batch: over the first {@code pctStart} of the steps the rate rises from maxRate/divFactor to maxRate,
 * then falls to maxRate/(divFactor·finalDivFactor), both along a half cosine; the momentum (SGD's or RMSprop's
 * μ, Adam's β₁) moves the opposite way between maxMomentum and baseMomentum. PyTorch's defaults: pctStart 0.3,
 * divFactor 25, finalDivFactor 10⁴, momentum cycled between 0.85 and 0.95, cosine annealing. Immutable: each
 * {@code with…} method returns a new schedule.
 */
public final class OneCycle implements LearningRateSchedule {

    private final double maxRate;
    private final int epochs;
    private final double pctStart;
    private final double divFactor;
    private final double finalDivFactor;
    private final boolean cycleMomentum;
    private final double baseMomentum;
    private final double maxMomentum;

    OneCycle(double maxRate, int epochs) {
        this(maxRate, epochs, 0.3, 25, 1e4, true, 0.85, 0.95);
    }

    private OneCycle(double maxRate, int epochs, double pctStart, double divFactor, double finalDivFactor,
                     boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        if (!(maxRate > 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("one-cycle schedule: maxRate must be > 0 and finite, got " + maxRate);
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("one-cycle schedule: epochs must be positive, got " + epochs);
        }
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("one-cycle schedule: pctStart must be in (0, 1), got " + pctStart);
        }
        if (!(divFactor > 0) || !(finalDivFactor > 0) || Double.isInfinite(divFactor) || Double.isInfinite(finalDivFactor)) {
            throw new IllegalArgumentException("one-cycle schedule: divFactor and finalDivFactor must be > 0 and finite, got "
                    + divFactor + " and " + finalDivFactor);
        }
        if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum && maxMomentum < 1)) {
            throw new IllegalArgumentException("one-cycle schedule: momenta must satisfy 0 <= base <= max < 1, got base "
                    + baseMomentum + " and max " + maxMomentum);
        }
        this.maxRate = maxRate;
        this.epochs = epochs;
        this.pctStart = pctStart;
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
        this.cycleMomentum = cycleMomentum;
        this.baseMomentum = baseMomentum;
        this.maxMomentum = maxMomentum;
    }

    /**
     * The same cycle with another share of rising steps.
     *
     * @param pctStart the share of steps spent rising, in (0, 1) (PyTorch's {@code pct_start}, default 0.3)
     * @return a new schedule
     * @throws IllegalArgumentException if pctStart is out of range
     */
    public OneCycle withPctStart(double pctStart) {
        return new OneCycle(maxRate, epochs, pctStart, divFactor, finalDivFactor, cycleMomentum, baseMomentum, maxMomentum);
    }

    /**
     * The same cycle with other start and end rates.
     *
     * @param divFactor the start rate is maxRate / divFactor (default 25), &gt; 0
     * @param finalDivFactor the end rate is the start rate / finalDivFactor (default 10⁴), &gt; 0
     * @return a new schedule
     * @throws IllegalArgumentException if a factor is out of range
     */
    public OneCycle withDivFactors(double divFactor, double finalDivFactor) {
        return new OneCycle(maxRate, epochs, pctStart, divFactor, finalDivFactor, cycleMomentum, baseMomentum, maxMomentum);
    }

    /**
     * The same cycle with the momentum cycled between other bounds.
     *
     * @param baseMomentum the momentum at the peak rate (default 0.85), ≥ 0
     * @param maxMomentum the momentum at the start and end (default 0.95), in [baseMomentum, 1)
     * @return a new schedule
     * @throws IllegalArgumentException if the bounds are out of range
     */
    public OneCycle withMomentumRange(double baseMomentum, double maxMomentum) {
        return new OneCycle(maxRate, epochs, pctStart, divFactor, finalDivFactor, true, baseMomentum, maxMomentum);
    }

    /**
     * The same cycle leaving the optimiser's momentum alone ({@code cycle_momentum=False}), which an optimiser
     * without momentum (Adagrad, SGD or RMSprop built without it) needs.
     *
     * @return a new schedule
     */
    public OneCycle withoutMomentumCycle() {
        return new OneCycle(maxRate, epochs, pctStart, divFactor, finalDivFactor, false, baseMomentum, maxMomentum);
    }

    /**
     * Whether the schedule sets the optimiser's momentum each step ({@link #momentum}).
     *
     * @return true unless {@link #withoutMomentumCycle()} turned it off
     */
    public boolean cyclesMomentum() {
        return cycleMomentum;
    }

    /**
     * The rate when each epoch is one step (PyTorch's {@code steps_per_epoch=1}); the trainer uses
     * {@link #rate(int, int, int)}, per batch.
     *
     * @param epoch the epoch, from 0, at most the cycle's epochs
     * @return the rate of that step
     * @throws IllegalArgumentException if the epoch is beyond the cycle
     */
    @Override
    public double rate(int epoch) {
        return rate(epoch, 0, 1);
    }

    @Override
    public double rate(int epoch, int batch, int batches) {
        double initial = maxRate / divFactor;
        return anneal(epoch, batch, batches, initial, maxRate, initial / finalDivFactor);
    }

    /**
     * The momentum of one batch's step, the opposite of the rate's cycle.
     *
     * @param epoch the epoch, from 0
     * @param batch the batch within the epoch, from 0
     * @param batches the number of batches per epoch, ≥ 1
     * @return maxMomentum at the start, baseMomentum at the peak rate, maxMomentum again at the end
     * @throws IllegalArgumentException if the step is beyond the cycle
     */
    public double momentum(int epoch, int batch, int batches) {
        return anneal(epoch, batch, batches, maxMomentum, baseMomentum, maxMomentum);
    }

    /** PyTorch's two phases, with its boundaries: the first ends at step pctStart·total − 1 (not an integer in general). */
    private double anneal(int epoch, int batch, int batches, double start, double peak, double end) {
        if (batches <= 0) {
            throw new IllegalArgumentException("one-cycle schedule: batches per epoch must be positive, got " + batches);
        }
        long total = (long) epochs * batches, step = (long) epoch * batches + batch;
        if (step < 0 || step > total) {
            throw new IllegalArgumentException("one-cycle schedule: step " + step + " (epoch " + epoch + ", batch " + batch
                    + ") is outside its " + total + " steps (" + epochs + " epochs of " + batches + " batches)");
        }
        double risingEnd = pctStart * total - 1;
        if (step <= risingEnd) {
            return cosine(start, peak, step / risingEnd);
        }
        return cosine(peak, end, (step - risingEnd) / (total - 1 - risingEnd));
    }

    private static double cosine(double from, double to, double fraction) {
        return to + (from - to) / 2.0 * (Math.cos(Math.PI * fraction) + 1);
    }

    /**
     * The settings, as PyTorch's arguments, for run configurations.
     *
     * @return e.g. {@code one_cycle(max_lr=0.1, epochs=10, pct_start=0.3, div_factor=25.0, …)}
     */
    public String describe() {
        return "one_cycle(max_lr=" + maxRate + ", epochs=" + epochs + ", pct_start=" + pctStart + ", div_factor=" + divFactor
                + ", final_div_factor=" + finalDivFactor + (cycleMomentum
                ? ", base_momentum=" + baseMomentum + ", max_momentum=" + maxMomentum : ", cycle_momentum=False") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
