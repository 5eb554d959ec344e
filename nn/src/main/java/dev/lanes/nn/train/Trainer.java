package dev.lanes.nn.train;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.data.Augmentation;
import dev.lanes.nn.data.Batch;
import dev.lanes.nn.data.BatchTransform;
import dev.lanes.nn.data.DataLoader;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.io.Architecture;
import dev.lanes.nn.io.Checkpoint;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.Loss;
import dev.lanes.nn.loss.Regularization;
import dev.lanes.nn.optim.GradientClipping;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.OneCycle;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.ReduceLrOnPlateau;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minibatch training of a model with a loss and an optimiser, as the seeds' training loop: each epoch
 * shuffles the training set, runs forward, loss (+ a regularisation penalty, if given), backward and an
 * optimiser step per batch, then evaluates. The last batch of an epoch may be smaller. Loss and optimiser are
 * made for the model, and everything computes with the model's kernels.
 *
 * <p>Training control: a {@link #schedule learning-rate schedule} (per epoch, or per batch for
 * {@link OneCycle}, which also cycles the optimiser's momentum), {@link #reduceLrOnPlateau} on a monitored
 * figure, {@link #clipGradients gradient clipping} between backward and the step, and
 * {@link #earlyStopping early stopping} with the best epoch's parameters restored.
 *
 * <p>Reproducible: the order of epoch e depends only on the shuffle seed and e (not on threads or on how
 * the run was split into sessions), so a run resumed from a {@link #checkpointTo checkpoint} ends with the
 * same weights, bit for bit, as one that never stopped; the state of a plateau schedule and of early stopping
 * travels in the checkpoint too. A steady-state step allocates nothing: batches (cut by a {@link DataLoader}),
 * activations and gradients live in buffers reused from batch to batch.
 *
 * <pre>{@code
 * Trainer<int[]> trainer = new Trainer<>(model, new SoftmaxCrossEntropy(model), new Sgd(model, 0.1))
 *         .epochs(10).batchSize(64).shuffleSeed(1);
 * List<EpochResult> history = trainer.fit(train, validation);
 * }</pre>
 *
 * @param <T> the targets' type: {@code int[]} class indices for a classifier's loss, a {@link Tensor} of values
 *           for a regression loss
 */
public final class Trainer<T> {

    private final Sequential model;
    private final Loss<T> loss;
    private final Optimizer optimizer;

    private int epochs = 10;
    private int batchSize = 64;
    private long shuffleSeed = 0;
    private boolean dropLast;
    private BatchTransform transform;
    private Augmentation augmentation;
    private Regularization regularization;
    private final TrainingControl control;
    private TrainingListener listener = new TrainingListener() { };
    private Path checkpoint;
    private long checkpointIntervalNanos;
    /** When the last checkpoint was written (System.nanoTime), for the interval; set when fit starts. */
    private long lastCheckpointNanos;
    private final Map<String, String> options = new LinkedHashMap<>();
    private int completedEpochs;

    /** Rows of the last batch the loss counted right; -1 if the loss has no notion of right. */
    private int lastCorrect;

    /**
     * Trains {@code model} on {@code loss} with {@code optimizer}, both made for this model.
     *
     * @param model the model trained
     * @param loss the loss, made for {@code model}: its targets are the data's (class labels or values)
     * @param optimizer the optimiser, made for {@code model}
     * @throws IllegalArgumentException if the loss or optimiser is made for another model
     */
    public Trainer(Sequential model, Loss<T> loss, Optimizer optimizer) {
        if (loss.model() != model) {
            throw new IllegalArgumentException("Trainer: the loss is made for " + loss.model().describe()
                    + ", not for the model " + model.describe());
        }
        if (optimizer.model() != model) {
            throw new IllegalArgumentException("Trainer: the optimiser is made for " + optimizer.model().describe()
                    + ", not for the model " + model.describe());
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.control = new TrainingControl(model, optimizer);
    }

    /**
     * Epochs to train in total (a resumed run counts the epochs before the checkpoint). Default 10.
     *
     * @param epochs the last epoch to train, ≥ 0
     * @return {@code this}, for chaining
     * @throws IllegalArgumentException if epochs is negative
     */
    public Trainer<T> epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("Trainer: epochs must be >= 0, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /**
     * Samples per batch. Default 64.
     *
     * @param batchSize samples per step, ≥ 1; the last batch of an epoch may be smaller
     * @return {@code this}, for chaining
     * @throws IllegalArgumentException if batchSize ≤ 0
     */
    public Trainer<T> batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Trainer: batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * The seed of the per-epoch shuffles. Default 0.
     *
     * @param seed any value; epoch e is shuffled by {@code SeededRandom.stream(seed, e)}
     * @return {@code this}, for chaining
     */
    public Trainer<T> shuffleSeed(long seed) {
        this.shuffleSeed = seed;
        return this;
    }

    /**
     * Whether each epoch's last batch is skipped when it is short, as PyTorch's {@code drop_last} (a short batch
     * weighs its few samples as much as a full one; dropping it keeps every step's noise alike). Default false.
     *
     * @param dropLast true to train on full batches only
     * @return {@code this}, for chaining
     */
    public Trainer<T> dropLast(boolean dropLast) {
        this.dropLast = dropLast;
        return this;
    }

    /**
     * A transform applied to every batch's inputs, in training and in validation (e.g. a {@link
     * dev.lanes.nn.data.Standardizer} fitted on the training split). A resumed run must use the same one:
     * record what defines it with {@link #option}.
     *
     * @param transform the transform, or {@code null} (the default) for none
     * @return {@code this}, for chaining
     */
    public Trainer<T> transform(BatchTransform transform) {
        this.transform = transform;
        return this;
    }

    /**
     * Augments every training batch (never validation data), e.g. with a {@link dev.lanes.nn.data.RandomShift};
     * its {@link Augmentation#describe() description} joins the {@link #configuration()}, so a resumed run must
     * use the same one.
     *
     * @param augmentation the augmentation, or {@code null} (the default) for none
     * @return {@code this}, for chaining
     */
    public Trainer<T> augment(Augmentation augmentation) {
        this.augmentation = augmentation;
        return this;
    }

    /**
     * A penalty added to the loss and its gradient to the parameters' (e.g. the seeds' L2,
     * {@code new L2Regularization(model, 1e-4)}); null, the default, for none.
     *
     * @param regularization a penalty made for this trainer's model, or {@code null}
     * @return {@code this}, for chaining
     * @throws IllegalArgumentException if the penalty is made for another model
     */
    public Trainer<T> regularization(Regularization regularization) {
        if (regularization != null && regularization.model() != model) {
            throw new IllegalArgumentException("Trainer: the regularisation is made for " + regularization.model().describe()
                    + ", not for the model " + model.describe());
        }
        this.regularization = regularization;
        return this;
    }

    /**
     * Sets the optimiser's learning rate before each step from {@code schedule.rate(epoch, batch, batches)}
     * (epoch and batch from 0), and for a {@link OneCycle} that cycles momentum, the optimiser's momentum too.
     * A {@link ReduceLrOnPlateau} given here watches the validation loss if its mode is MIN, the validation
     * accuracy if MAX; {@link #reduceLrOnPlateau} chooses the figure.
     *
     * @param schedule the schedule, or {@code null} to keep the optimiser's rate
     * @return {@code this}, for chaining
     */
    public Trainer<T> schedule(LearningRateSchedule schedule) {
        control.schedule(schedule, schedule instanceof ReduceLrOnPlateau plateau
                ? plateau.mode() == ReduceLrOnPlateau.Mode.MIN ? Monitor.VALIDATION_LOSS : Monitor.VALIDATION_ACCURACY
                : null);
        return this;
    }

    /**
     * Schedules the learning rate with {@code plateau}, which is given {@code monitor}'s figure after each epoch
     * (as PyTorch's {@code scheduler.step(val_loss)} at the end of an epoch).
     *
     * @param plateau the schedule, whose mode must match the monitor (MIN for a loss, MAX for an accuracy)
     * @param monitor the figure it watches
     * @return {@code this}, for chaining
     * @throws IllegalArgumentException if the plateau's mode does not match the monitor
     * @throws NullPointerException if an argument is null
     */
    public Trainer<T> reduceLrOnPlateau(ReduceLrOnPlateau plateau, Monitor monitor) {
        boolean min = plateau.mode() == ReduceLrOnPlateau.Mode.MIN;
        if (min != monitor.lowerIsBetter()) {
            throw new IllegalArgumentException("Trainer.reduceLrOnPlateau: the schedule's mode " + plateau.mode()
                    + " does not fit " + monitor + ", for which " + (monitor.lowerIsBetter() ? "lower" : "higher") + " is better");
        }
        control.schedule(plateau, monitor);
        return this;
    }

    /**
     * Clips the gradients after every backward pass (the regularisation penalty's included), before the
     * optimiser's step, as {@code clip_grad_norm_} or {@code clip_grad_value_} in a PyTorch training loop.
     *
     * @param clipping the clipping, or {@code null} for none (the default)
     * @return {@code this}, for chaining
     */
    public Trainer<T> clipGradients(GradientClipping clipping) {
        control.clipping(clipping);
        return this;
    }

    /**
     * Stops training when {@code stopping}'s figure stops improving, and with its {@code restoreBest}, ends
     * with the best epoch's parameters in the model. Part of the run's configuration; its state is checkpointed.
     *
     * @param stopping the rule, fresh (one per run), or {@code null} for none (the default)
     * @return {@code this}, for chaining
     */
    public Trainer<T> earlyStopping(EarlyStopping stopping) {
        control.earlyStopping(stopping);
        return this;
    }

    /**
     * Whether early stopping ended the last {@link #fit} (or the run a resumed checkpoint belongs to).
     *
     * @return true if training stopped before {@link #epochs} because the monitored figure stopped improving
     */
    public boolean stoppedEarly() {
        return control.stoppedEarly();
    }

    /**
     * Receives progress callbacks; replaces any earlier listener.
     *
     * @param listener the callbacks, or {@code null} for none
     * @return {@code this}, for chaining
     */
    public Trainer<T> listener(TrainingListener listener) {
        this.listener = listener == null ? new TrainingListener() { } : listener;
        return this;
    }

    /**
     * Records a setting of the caller's own that a resumed run must share (the data, a schedule's base rate):
     * stored in the checkpoint with this trainer's {@link #configuration()} and compared with it on resume.
     *
     * @param name the option's name, non-empty
     * @param value its value, non-null
     * @return {@code this}, for chaining
     * @throws IllegalArgumentException if name is empty or either is {@code null}
     */
    public Trainer<T> option(String name, String value) {
        if (name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("Trainer.option: name must be non-empty and value non-null, got "
                    + name + " = " + value);
        }
        options.put(name, value);
        return this;
    }

    /**
     * After every epoch, writes a checkpoint (model, optimiser state, progress) to {@code path}, atomically.
     *
     * @param path the checkpoint file, replaced after each epoch; {@code null} for none
     * @return {@code this}, for chaining
     */
    public Trainer<T> checkpointTo(Path path) {
        this.checkpoint = path;
        return this;
    }

    /**
     * Writes the {@link #checkpointTo checkpoint} only after an epoch that ends at least {@code interval} after
     * the last one written (or after {@link #fit} began), and always after the last epoch a {@link #fit} trains and
     * after an epoch with a new best validation loss under early stopping. A checkpoint is forced to disk, which
     * costs milliseconds: on a small table whose epochs take a millisecond each, writing one every epoch would
     * take most of the run, while an interrupted run loses at most {@code interval} of work. Which epochs are
     * written does not change the run: resuming from any of them ends with the same bits. Default
     * {@link Duration#ZERO}: every epoch.
     *
     * @param interval the least time between two checkpoints, ≥ 0
     * @return {@code this}, for chaining
     * @throws IllegalArgumentException if interval is negative
     */
    public Trainer<T> checkpointInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("Trainer: checkpointInterval must be >= 0, got " + interval);
        }
        this.checkpointIntervalNanos = interval.toNanos();
        return this;
    }

    /**
     * Restores model, optimiser and progress from a checkpoint, with the state of a plateau schedule and of early
     * stopping (and, for early stopping's restore, the best epoch's parameters from
     * {@link #bestParametersFile}); the next {@link #fit} continues after its last completed epoch. The trainer
     * must be configured as the run that wrote it (see {@link RunConfiguration}); everything is checked before
     * anything is changed, so a refused resume leaves model, optimiser and trainer as they were.
     *
     * @param path a checkpoint written by {@link #checkpointTo}
     * @return {@code this}, for chaining
     * @throws java.io.IOException if the file, or the best parameters beside it, cannot be read
     * @throws IllegalArgumentException naming each option of this trainer that differs from the checkpoint's
     * @throws dev.lanes.nn.io.InvalidModelFileException if the file is not a checkpoint, its tensors do not fit or
     *         its training-control state is malformed
     */
    public Trainer<T> resumeFrom(Path path) throws IOException {
        Checkpoint.Loaded saved = Checkpoint.read(path);
        RunConfiguration.fromMetadata(path, saved.metadata()).requireContinuedBy(configuration(), path);
        // Everything that can fail is read and checked before the model, optimiser or trainer change.
        Runnable restoreControls = control.prepareRestore(path, saved.metadata());
        saved.restoreInto(model, optimizer);
        restoreControls.run();
        this.completedEpochs = saved.completedEpochs();
        return this;
    }

    /**
     * Where early stopping keeps the best epoch's parameters for a run checkpointed to {@code checkpoint}: a
     * model file beside it, {@code <name>-best.safetensors}.
     *
     * @param checkpoint the checkpoint file
     * @return the best-parameters file beside it
     */
    public static Path bestParametersFile(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return checkpoint.resolveSibling(stem + "-best.safetensors");
    }

    /**
     * What a checkpoint records of this trainer, and a resumed run must match.
     *
     * @return a new configuration from the current settings
     */
    public RunConfiguration configuration() {
        // The trainer's own controls join the options only when set, so runs without them keep their configuration.
        Map<String, String> all = new LinkedHashMap<>(options);
        if (dropLast) {
            all.put("dropLast", "true");
        }
        if (augmentation != null) {
            all.put("augmentation", augmentation.describe());
        }
        control.addOptions(all);
        return new RunConfiguration(Architecture.describe(model), loss.describe(), optimizer.describe(),
                regularization == null ? "none" : regularization.describe(), batchSize, shuffleSeed, all);
    }

    /**
     * Epochs completed so far (including those before a resumed checkpoint).
     *
     * @return 0 for a fresh run; the next {@link #fit} starts at the epoch after
     */
    public int completedEpochs() {
        return completedEpochs;
    }

    /**
     * The model trained.
     *
     * @return the model given to the constructor
     */
    public Sequential model() {
        return model;
    }

    /**
     * The optimiser that updates the model.
     *
     * @return the optimiser given to the constructor
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The loss trained on.
     *
     * @return the loss given to the constructor
     */
    public Loss<T> loss() {
        return loss;
    }

    /**
     * Trains from the epoch after the last completed one up to {@link #epochs}, returning each epoch's
     * result. The training data is served by a {@link DataLoader} with this trainer's batch size, shuffle seed,
     * {@link #dropLast} and {@link #transform}; {@code validation} (which may be null) is evaluated after each
     * epoch, in order and with the same transform.
     *
     * @param train the training data, ≥ 1 batch, fitting the model's input and the loss's targets
     * @param validation data evaluated after each epoch, or {@code null}
     * @return the results of the epochs trained by this call, empty if none were left
     * @throws IllegalArgumentException if the training set has no batch, a data set does not fit the model or the
     *         loss, the schedule does not reach the last epoch, a one-cycle schedule would cycle the momentum of an
     *         optimiser without one, or a monitored figure needs validation data that is not given
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     * @throws UncheckedIOException if writing a checkpoint or the best parameters fails
     */
    public List<EpochResult> fit(Dataset<T> train, Dataset<T> validation) {
        DataLoader<T> loader = new DataLoader<>(train, batchSize).shuffle(shuffleSeed).dropLast(dropLast).transform(transform)
                .augment(augmentation);
        if (loader.batches() == 0) {
            throw new IllegalArgumentException("fit: the training set has no batch: " + train.size() + " samples"
                    + (train.size() == 0 ? "" : " with dropLast and batch size " + batchSize));
        }
        checkData("training", train);
        DataLoader<T> validationLoader = null;
        if (validation != null) {
            checkData("validation", validation);
            validationLoader = new DataLoader<>(validation, batchSize).transform(transform);
        }
        int batches = loader.batches(), n = loader.samplesPerEpoch();
        control.check(epochs, batches, validation != null);
        List<EpochResult> history = new ArrayList<>();
        Predictor predictor = new Predictor(model, batchSize);
        lastCheckpointNanos = System.nanoTime();
        for (int epoch = completedEpochs + 1; epoch <= epochs && !control.stoppedEarly(); epoch++) {
            control.beforeStep(epoch - 1, 0, batches);
            double rate = optimizer.learningRate();
            listener.onEpochStart(epoch, epochs, batches, rate);
            model.train();
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            for (Batch<T> batch : loader.epoch(epoch)) {
                if (batch.index() > 0) {
                    control.beforeStep(epoch - 1, batch.index(), batches);
                }
                double batchLoss = step(batch.inputs(), batch.targets(), epoch, batch.index() + 1, batches);
                correct = correct < 0 || lastCorrect < 0 ? -1 : correct + lastCorrect;
                lossSum += batchLoss * batch.rows();
                listener.onBatchEnd(epoch, batch.index() + 1, batches, batch.first() + batch.rows(), batchLoss);
            }
            long nanos = System.nanoTime() - start;
            Evaluation val = validationLoader == null ? null : predictor.evaluate(validationLoader, loss);
            completedEpochs = epoch;
            EpochResult result = new EpochResult(epoch, lossSum / n, correct < 0 ? Double.NaN : (double) correct / n,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), rate, n, nanos);
            boolean checkpointed = afterEpoch(result);
            history.add(result);
            listener.onEpochEnd(result);
            if (checkpointed) {
                listener.onCheckpoint(epoch);
            }
        }
        control.atEnd(completedEpochs);
        return history;
    }

    /** The controls see the epoch, then the checkpoint records them with the rest; whether it was written. */
    private boolean afterEpoch(EpochResult result) {
        boolean newBest = control.afterEpoch(result);
        if (checkpoint == null) {
            return false;
        }
        long now = System.nanoTime();
        boolean last = result.epoch() >= epochs || control.stoppedEarly();
        if (!last && !newBest && now - lastCheckpointNanos < checkpointIntervalNanos) {
            return false;
        }
        lastCheckpointNanos = now;
        int epoch = result.epoch();
        Map<String, String> metadata = new LinkedHashMap<>(configuration().toMetadata());
        try {
            control.save(checkpoint, metadata, newBest);
            Checkpoint.save(checkpoint, model, optimizer, metadata, epoch, result.learningRate());
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + checkpoint + " after epoch " + epoch, e);
        }
        return true;
    }

    /**
     * One training step on one batch, in training mode: zero the gradients, forward, loss + penalty, backward,
     * optimiser step. Returns the loss (penalty included); the model is left in training mode.
     *
     * @param inputs the batch, [batch, features…]
     * @param targets the batch's targets, one per row (class labels, or a [batch, outputs] tensor)
     * @return the batch's loss, penalty included
     * @throws TrainingDivergedException if the loss is NaN or infinite (the parameters are then not updated)
     */
    public double trainStep(Tensor inputs, T targets) {
        return step(inputs, targets, 0, 1, 1);
    }

    private double step(Tensor x, T y, int epoch, int batch, int batches) {
        model.train(); // dropout drops and batch normalisation uses the batch's statistics, whatever ran before
        optimizer.zeroGrad();
        Tensor scores = model.forward(x);
        double value = loss.forward(scores, y) + (regularization == null ? 0 : regularization.penalty());
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(epoch, batch, batches, value, optimizer.learningRate());
        }
        lastCorrect = loss.correct(scores, y);
        model.backward(loss.backward(), false); // no gradient for the data: the first layer skips a GEMM
        if (regularization != null) {
            regularization.addGradient();
        }
        control.afterBackward();
        optimizer.step();
        return value;
    }

    /** Data must fit the model's input and the loss's targets, checked before training starts rather than mid-epoch. */
    private void checkData(String which, Dataset<T> data) {
        int outputs;
        try {
            outputs = model.outputFeatures(data.features());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fit: the " + which + " data " + data.inputs().describe()
                    + " does not fit the model: " + e.getMessage(), e);
        }
        loss.checkTargets("fit: " + which, data.targets(), outputs);
    }

    /**
     * Loss and accuracy of the model on {@code data}, with this trainer's transform.
     *
     * @param data the samples and targets
     * @return the mean loss (without penalty) and accuracy
     */
    public Evaluation evaluate(Dataset<T> data) {
        return new Predictor(model, batchSize).evaluate(new DataLoader<>(data, batchSize).transform(transform), loss);
    }
}
