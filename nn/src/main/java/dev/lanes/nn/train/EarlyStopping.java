package dev.lanes.nn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored figure has not improved for {@code patience} epochs, as Keras' and
 * PyTorch Lightning's {@code EarlyStopping}: an epoch improves if its figure beats the best so far by more than
 * {@code minDelta} (lower for a loss, higher for an accuracy); after {@code patience} epochs in a row that do
 * not, training stops. With {@code restoreBest}, the trainer puts the parameters of the best epoch back into the
 * model when training ends, stopped early or not (Keras restores only when it stops early).
 *
 * <p>Give one to {@link Trainer#earlyStopping}. The settings are fixed; the state (best figure and epoch, epochs
 * without improvement) is kept in the trainer's checkpoint, and with {@code restoreBest} the best parameters in a
 * model file beside it, so a resumed run stops, and restores, exactly where an uninterrupted one would. One
 * instance serves one run.
 */
public final class EarlyStopping {

    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;

    private double best;
    private int bestEpoch;
    private int epochsWithoutImprovement;

    /**
     * Early stopping on {@code monitor}.
     *
     * @param monitor the figure watched
     * @param patience the epochs without improvement after which training stops, ≥ 1
     * @param minDelta the margin by which a figure must beat the best to count as an improvement, finite and ≥ 0
     * @param restoreBest whether the best epoch's parameters are put back when training ends
     * @throws IllegalArgumentException if an argument is out of range
     * @throws NullPointerException if monitor is null
     */
    public EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {
        this.monitor = java.util.Objects.requireNonNull(monitor, "EarlyStopping: monitor");
        if (patience < 1) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be finite and >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        this.best = monitor.lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * The figure watched.
     *
     * @return the monitor
     */
    public Monitor monitor() {
        return monitor;
    }

    /**
     * Whether the best epoch's parameters are restored when training ends.
     *
     * @return the setting
     */
    public boolean restoresBest() {
        return restoreBest;
    }

    /**
     * Records an epoch's result.
     *
     * @param result the epoch just finished
     * @return true if it is the new best epoch (its parameters are then the ones to restore)
     * @throws IllegalArgumentException if the monitored figure is NaN (no validation data for a validation monitor)
     */
    public boolean observe(EpochResult result) {
        double figure = monitor.of(result);
        if (Double.isNaN(figure)) {
            throw new IllegalArgumentException("EarlyStopping: epoch " + result.epoch() + " has no " + monitor
                    + " (is there validation data?)");
        }
        boolean improved = monitor.lowerIsBetter() ? figure < best - minDelta : figure > best + minDelta;
        if (improved) {
            best = figure;
            bestEpoch = result.epoch();
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        return improved;
    }

    /**
     * Whether training should stop now.
     *
     * @return true once {@code patience} epochs in a row have not improved
     */
    public boolean shouldStop() {
        return epochsWithoutImprovement >= patience;
    }

    /**
     * The best epoch so far.
     *
     * @return its number, from 1; 0 before any epoch was observed
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The best figure so far.
     *
     * @return the figure of {@link #bestEpoch()}; ±infinity before any epoch
     */
    public double best() {
        return best;
    }

    /**
     * The settings, for run configurations.
     *
     * @return e.g. {@code early_stopping(monitor=VALIDATION_LOSS, patience=3, min_delta=0.0, restore_best=true)}
     */
    public String describe() {
        return "early_stopping(monitor=" + monitor + ", patience=" + patience + ", min_delta=" + minDelta
                + ", restore_best=" + restoreBest + ")";
    }

    /** The state as text that round-trips exactly, for a checkpoint. */
    Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("best", Double.toString(best));
        state.put("best_epoch", Integer.toString(bestEpoch));
        state.put("epochs_without_improvement", Integer.toString(epochsWithoutImprovement));
        return state;
    }

    /** A saved state, parsed and checked: {@link #restoreState} applies it. */
    record Saved(double best, int bestEpoch, int epochsWithoutImprovement) {
    }

    /** Parses {@link #state()}, checking all of it; changes nothing. */
    static Saved parse(Map<String, String> state) {
        Saved saved;
        try {
            saved = new Saved(Double.parseDouble(state.get("best")), Integer.parseInt(state.get("best_epoch")),
                    Integer.parseInt(state.get("epochs_without_improvement")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("EarlyStopping: saved state " + state + " is incomplete or malformed", e);
        }
        if (saved.bestEpoch < 0 || saved.epochsWithoutImprovement < 0) {
            throw new IllegalArgumentException("EarlyStopping: saved state " + state + " is out of range");
        }
        return saved;
    }

    void restoreState(Saved saved) {
        best = saved.best;
        bestEpoch = saved.bestEpoch;
        epochsWithoutImprovement = saved.epochsWithoutImprovement;
    }
}
