package dev.lanes.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch's {@code ReduceLROnPlateau}: after each epoch it is given the monitored metric (by the trainer, from
 * {@link dev.lanes.nn.train.Trainer#reduceLrOnPlateau}); when the metric has not improved for more than
 * {@code patience} epochs the rate is multiplied by {@code factor} (not below {@code minRate}, and only if it
 * changes by more than {@code eps}), then {@code cooldown} epochs pass before bad epochs count again.
 * "Improved" is, for {@link Mode#MIN}, below best·(1 − threshold) (relative threshold, the default) or
 * below best − threshold (absolute); for {@link Mode#MAX} the mirror image. Defaults as PyTorch's: mode min,
 * factor 0.1, patience 10, threshold 10⁻⁴ relative, cooldown 0, minimum rate 0, eps 10⁻⁸.
 *
 * <p>Unlike the other schedules it has state, the rate included, which {@link #state()} and
 * {@link #restoreState} carry through a checkpoint so that a resumed run reduces exactly when an uninterrupted
 * one would. The settings are immutable ({@code with…} methods return a new, fresh schedule); the state is not,
 * so one instance serves one run.
 */
public final class ReduceLrOnPlateau implements LearningRateSchedule {

    /** Whether a smaller or a larger metric is better. */
    public enum Mode {
        /** Lower is better (a loss). */
        MIN,
        /** Higher is better (an accuracy). */
        MAX
    }

    private final double initialRate;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relativeThreshold;
    private final int cooldown;
    private final double minRate;
    private final double eps;

    private double rate;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    /**
     * A plateau schedule with PyTorch's defaults, for a metric to minimise.
     *
     * @param initialRate the rate until the first reduction, finite and ≥ 0
     * @throws IllegalArgumentException if the rate is out of range
     */
    public ReduceLrOnPlateau(double initialRate) {
        this(initialRate, Mode.MIN, 0.1, 10, 1e-4, true, 0, 0, 1e-8);
    }

    private ReduceLrOnPlateau(double initialRate, Mode mode, double factor, int patience, double threshold,
                              boolean relativeThreshold, int cooldown, double minRate, double eps) {
        if (!(initialRate >= 0) || Double.isInfinite(initialRate)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: initialRate must be finite and >= 0, got " + initialRate);
        }
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: factor must be in [0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: patience and cooldown must be >= 0, got " + patience
                    + " and " + cooldown);
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold) || !(minRate >= 0) || Double.isInfinite(minRate) || !(eps >= 0)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: threshold, minRate and eps must be finite and >= 0, got "
                    + threshold + ", " + minRate + " and " + eps);
        }
        this.initialRate = initialRate;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relativeThreshold = relativeThreshold;
        this.cooldown = cooldown;
        this.minRate = minRate;
        this.eps = eps;
        this.rate = initialRate;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * The same settings for a metric to maximise or minimise.
     *
     * @param mode whether lower or higher is better
     * @return a new schedule, with fresh state
     */
    public ReduceLrOnPlateau withMode(Mode mode) {
        return new ReduceLrOnPlateau(initialRate, java.util.Objects.requireNonNull(mode, "mode"), factor, patience,
                threshold, relativeThreshold, cooldown, minRate, eps);
    }

    /**
     * The same settings with another reduction.
     *
     * @param factor the rate's multiplier at each reduction, in [0, 1)
     * @param patience the epochs without improvement tolerated before a reduction, ≥ 0
     * @return a new schedule, with fresh state
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ReduceLrOnPlateau withReduction(double factor, int patience) {
        return new ReduceLrOnPlateau(initialRate, mode, factor, patience, threshold, relativeThreshold, cooldown, minRate, eps);
    }

    /**
     * The same settings with another notion of improvement.
     *
     * @param threshold the margin a metric must beat the best by, ≥ 0
     * @param relative true for a relative margin (PyTorch's {@code threshold_mode='rel'}), false for an absolute one
     * @return a new schedule, with fresh state
     * @throws IllegalArgumentException if the threshold is out of range
     */
    public ReduceLrOnPlateau withThreshold(double threshold, boolean relative) {
        return new ReduceLrOnPlateau(initialRate, mode, factor, patience, threshold, relative, cooldown, minRate, eps);
    }

    /**
     * The same settings with a cooldown and a floor.
     *
     * @param cooldown epochs after a reduction during which bad epochs are not counted, ≥ 0
     * @param minRate the rate is never reduced below this, ≥ 0
     * @return a new schedule, with fresh state
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ReduceLrOnPlateau withCooldownAndFloor(int cooldown, double minRate) {
        return new ReduceLrOnPlateau(initialRate, mode, factor, patience, threshold, relativeThreshold, cooldown, minRate, eps);
    }

    /**
     * Whether a smaller or a larger metric counts as better.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The current rate: the initial one less the reductions so far, whatever the epoch.
     *
     * @param epoch ignored: the rate follows the metrics given to {@link #step}, not the epoch
     * @return the current rate
     */
    @Override
    public double rate(int epoch) {
        return rate;
    }

    /**
     * Records one epoch's metric and reduces the rate if it has stalled, as PyTorch's {@code scheduler.step(metric)}.
     *
     * @param metric the monitored value of the epoch just finished; NaN never counts as an improvement
     */
    public void step(double metric) {
        if (isBetter(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            double reduced = Math.max(rate * factor, minRate);
            if (rate - reduced > eps) {
                rate = reduced;
            }
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    private boolean isBetter(double metric) {
        if (mode == Mode.MIN) {
            return metric < (relativeThreshold ? best * (1 - threshold) : best - threshold);
        }
        return metric > (relativeThreshold ? best * (1 + threshold) : best + threshold);
    }

    /**
     * The state to keep in a checkpoint: rate, best metric, bad epochs and cooldown left, as text that
     * round-trips exactly.
     *
     * @return a new map of named values
     */
    public Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("rate", Double.toString(rate));
        state.put("best", Double.toString(best));
        state.put("bad_epochs", Integer.toString(badEpochs));
        state.put("cooldown_left", Integer.toString(cooldownLeft));
        return state;
    }

    /**
     * Throws if {@link #restoreState} would refuse this state; changes nothing. For a caller that must check
     * everything it will restore before changing anything.
     *
     * @param state a saved {@link #state()}
     * @throws IllegalArgumentException if an entry is missing, malformed or out of range
     */
    public void checkState(Map<String, String> state) {
        parse(state);
    }

    /**
     * Restores what {@link #state()} gave, checking all of it before changing anything.
     *
     * @param state a saved state
     * @throws IllegalArgumentException if an entry is missing, malformed or out of range
     */
    public void restoreState(Map<String, String> state) {
        Saved saved = parse(state);
        rate = saved.rate;
        best = saved.best;
        badEpochs = saved.badEpochs;
        cooldownLeft = saved.cooldownLeft;
    }

    private record Saved(double rate, double best, int badEpochs, int cooldownLeft) {
    }

    private static Saved parse(Map<String, String> state) {
        Saved saved;
        try {
            saved = new Saved(Double.parseDouble(state.get("rate")), Double.parseDouble(state.get("best")),
                    Integer.parseInt(state.get("bad_epochs")), Integer.parseInt(state.get("cooldown_left")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: saved state " + state + " is incomplete or malformed", e);
        }
        if (!(saved.rate >= 0) || Double.isInfinite(saved.rate) || saved.badEpochs < 0 || saved.cooldownLeft < 0) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: saved state " + state + " is out of range");
        }
        return saved;
    }

    /**
     * The settings, as PyTorch's arguments, for run configurations.
     *
     * @return e.g. {@code reduce_lr_on_plateau(lr=0.1, mode=min, factor=0.1, patience=10, …)}
     */
    public String describe() {
        return "reduce_lr_on_plateau(lr=" + initialRate + ", mode=" + mode.name().toLowerCase(java.util.Locale.ROOT)
                + ", factor=" + factor + ", patience=" + patience + ", threshold=" + threshold + ", threshold_mode="
                + (relativeThreshold ? "rel" : "abs") + ", cooldown=" + cooldown + ", min_lr=" + minRate + ", eps=" + eps + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
