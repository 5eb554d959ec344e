package dev.lanes.nn.train;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.io.Architecture;
import dev.lanes.nn.io.InvalidModelFileException;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.GradientClipping;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.OneCycle;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.ReduceLrOnPlateau;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What steers a {@link Trainer}'s run besides the step itself: the learning-rate schedule (and one-cycle's
 * momentum), a plateau schedule's monitor, gradient clipping and early stopping with its best-epoch snapshot.
 * It owns their run configuration entries, their checkpointed state and the checks made before the first epoch,
 * so the trainer's loop calls it at four points: before each step, after backward, after each epoch, at the end.
 */
final class TrainingControl {

    private static final String PLATEAU_STATE = "lanes.trainer.plateau.";
    private static final String EARLY_STOPPING_STATE = "lanes.trainer.early_stopping.";

    private final Sequential model;
    private final Optimizer optimizer;
    /** The model's parameters, listed once so that clipping and snapshots allocate nothing per step. */
    private final List<Parameter> parameters;

    private LearningRateSchedule schedule;
    /** The figure a {@link ReduceLrOnPlateau} schedule is given after each epoch; null for other schedules. */
    private Monitor plateauMonitor;
    private GradientClipping clipping;
    private EarlyStopping earlyStopping;
    /** The best epoch's parameter values, for early stopping's restore; made at the first best epoch. */
    private List<Tensor> bestParameters;
    private boolean stoppedEarly;

    TrainingControl(Sequential model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
        this.parameters = model.parameters();
    }

    void schedule(LearningRateSchedule schedule, Monitor plateauMonitor) {
        this.schedule = schedule;
        this.plateauMonitor = plateauMonitor;
    }

    void clipping(GradientClipping clipping) {
        this.clipping = clipping;
    }

    void earlyStopping(EarlyStopping stopping) {
        this.earlyStopping = stopping;
        this.bestParameters = null;
        this.stoppedEarly = false;
    }

    boolean stoppedEarly() {
        return stoppedEarly;
    }

    private ReduceLrOnPlateau plateau() {
        return plateauMonitor == null ? null : (ReduceLrOnPlateau) schedule;
    }

    /** The controls' run-configuration entries, only for controls that are set. */
    void addOptions(Map<String, String> options) {
        if (clipping != null) {
            options.put("trainer.gradientClipping", clipping.describe());
        }
        if (plateauMonitor != null) {
            options.put("trainer.schedule", plateau().describe() + " on " + plateauMonitor);
        }
        if (earlyStopping != null) {
            options.put("trainer.earlyStopping", earlyStopping.describe());
        }
    }

    /** Fails before the first epoch rather than in the middle of the run. */
    void check(int epochs, int batches, boolean hasValidation) {
        if (schedule != null && epochs > 0) {
            schedule.rate(epochs - 1, batches - 1, batches); // a schedule too short for the run throws here
            if (schedule instanceof OneCycle cycle && cycle.cyclesMomentum() && !optimizer.hasMomentum()) {
                throw new IllegalArgumentException("fit: " + cycle.describe() + " cycles the momentum, which "
                        + optimizer.describe() + " does not have: give the optimiser momentum, or use withoutMomentumCycle()");
            }
        }
        for (Monitor monitor : new Monitor[] {plateauMonitor, earlyStopping == null ? null : earlyStopping.monitor()}) {
            if (monitor != null && monitor.needsValidation() && !hasValidation) {
                throw new IllegalArgumentException("fit: " + monitor + " is monitored, but no validation data is given");
            }
        }
    }

    /** Sets the optimiser's rate (and a one-cycle schedule's momentum) for one batch's step. */
    void beforeStep(int epoch, int batch, int batches) {
        if (schedule == null) {
            return;
        }
        optimizer.setLearningRate(schedule.rate(epoch, batch, batches));
        if (schedule instanceof OneCycle cycle && cycle.cyclesMomentum()) {
            optimizer.setMomentum(cycle.momentum(epoch, batch, batches));
        }
    }

    /** Clips the gradients the backward pass left, if asked to. */
    void afterBackward() {
        if (clipping != null) {
            clipping.clip(parameters, model.kernels());
        }
    }

    /**
     * The plateau schedule and early stopping see the epoch.
     *
     * @return true if the epoch is early stopping's new best, whose parameters are to be kept
     */
    boolean afterEpoch(EpochResult result) {
        if (plateauMonitor != null) {
            plateau().step(plateauMonitor.of(result));
        }
        if (earlyStopping == null) {
            return false;
        }
        boolean newBest = earlyStopping.observe(result);
        stoppedEarly = earlyStopping.shouldStop();
        if (newBest && earlyStopping.restoresBest()) {
            snapshotBest(parameters);
            return true;
        }
        return false;
    }

    /** Puts the best epoch's parameters back into the model, if early stopping is to restore them. */
    void atEnd(int lastEpoch) {
        if (earlyStopping != null && earlyStopping.restoresBest() && bestParameters != null
                && earlyStopping.bestEpoch() != lastEpoch) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).value().copyFrom(bestParameters.get(i));
            }
        }
    }

    /** Adds the controls' state to a checkpoint's metadata, and writes a new best epoch's parameters beside it. */
    void save(Path checkpoint, Map<String, String> metadata, boolean newBest) throws IOException {
        if (plateauMonitor != null) {
            plateau().state().forEach((key, value) -> metadata.put(PLATEAU_STATE + key, value));
        }
        if (earlyStopping != null) {
            earlyStopping.state().forEach((key, value) -> metadata.put(EARLY_STOPPING_STATE + key, value));
        }
        if (newBest) {
            ModelFile.save(model, Trainer.bestParametersFile(checkpoint));
        }
    }

    /**
     * Reads and checks the controls' state in a checkpoint, and the best parameters beside it, changing nothing;
     * the returned action applies them, once the checkpoint's tensors are restored too.
     */
    Runnable prepareRestore(Path checkpoint, Map<String, String> metadata) throws IOException {
        Map<String, String> plateauState = state(metadata, PLATEAU_STATE);
        EarlyStopping.Saved stoppingState;
        try {
            if (plateauMonitor != null) {
                plateau().checkState(plateauState);
            }
            stoppingState = earlyStopping == null ? null : EarlyStopping.parse(state(metadata, EARLY_STOPPING_STATE));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelFileException(checkpoint, "the checkpoint's training-control state: " + e.getMessage(), e);
        }
        Sequential best = null;
        if (stoppingState != null && earlyStopping.restoresBest() && stoppingState.bestEpoch() > 0) {
            Path bestFile = Trainer.bestParametersFile(checkpoint);
            best = ModelFile.load(bestFile, model.kernels());
            if (!Architecture.describe(best).equals(Architecture.describe(model))) {
                throw new InvalidModelFileException(bestFile, "the best epoch's parameters are of "
                        + Architecture.describe(best) + ", not of the model " + Architecture.describe(model));
            }
        }
        Sequential bestModel = best;
        return () -> {
            if (plateauMonitor != null) {
                plateau().restoreState(plateauState);
            }
            if (stoppingState != null) {
                earlyStopping.restoreState(stoppingState);
                stoppedEarly = earlyStopping.shouldStop();
                bestParameters = null;
                if (bestModel != null) {
                    snapshotBest(bestModel.parameters());
                }
            }
        };
    }

    /** The entries of {@code metadata} under {@code prefix}, with the prefix removed. */
    private static Map<String, String> state(Map<String, String> metadata, String prefix) {
        Map<String, String> state = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                state.put(key.substring(prefix.length()), value);
            }
        });
        return state;
    }

    /** Copies these parameter values (in {@link #parameters} order) into the best-epoch snapshot. */
    private void snapshotBest(List<Parameter> from) {
        if (bestParameters == null) {
            bestParameters = new ArrayList<>();
            for (Parameter p : parameters) {
                bestParameters.add(p.value().copy());
            }
        }
        for (int i = 0; i < from.size(); i++) {
            bestParameters.get(i).copyFrom(from.get(i).value());
        }
    }
}
