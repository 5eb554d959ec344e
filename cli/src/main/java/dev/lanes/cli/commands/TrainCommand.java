package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.cli.data.DataSplits;
import dev.lanes.cli.report.ConsoleReport;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.LearningCurveChart;
import dev.lanes.cli.report.ProgressBar;
import dev.lanes.cli.report.SpeedTimeline;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.cli.train.RunSummary;
import dev.lanes.cli.train.Scoring;
import dev.lanes.cli.train.WarmUp;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.data.RandomShift;
import dev.lanes.nn.datasets.Pixels;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.CrossEntropyLoss;
import dev.lanes.nn.optim.Adagrad;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.AdamW;
import dev.lanes.nn.optim.GradientClipping;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.OneCycle;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.ReduceLrOnPlateau;
import dev.lanes.nn.optim.RmsProp;
import dev.lanes.nn.optim.Sgd;
import dev.lanes.nn.train.EarlyStopping;
import dev.lanes.nn.train.Evaluation;
import dev.lanes.nn.train.HumanUnits;
import dev.lanes.nn.train.Monitor;
import dev.lanes.nn.train.Predictor;
import dev.lanes.nn.train.Trainer;
import dev.lanes.nn.tabular.TabularPreprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Trains a fully-connected network on MNIST or Fashion-MNIST and writes the model, metrics and chart. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a fully-connected network (ReLU hidden layers, softmax cross-entropy) on Fashion-MNIST or MNIST.",
                "Writes to --output: model.safetensors, metrics.csv, learning-curve.png, summary.json, and a checkpoint after every epoch."})
public final class TrainCommand implements Callable<Integer> {

    public enum OptimizerName { sgd, nesterov, adam, adamw, rmsprop, adagrad }

    /** The --schedule values; {@link #toString()} is the name typed. */
    public enum ScheduleName {
        constant, step, cosine, exponential, plateau, oneCycle;

        @Override
        public String toString() {
            return this == oneCycle ? "one-cycle" : name();
        }

        static final class Converter implements picocli.CommandLine.ITypeConverter<ScheduleName> {
            @Override
            public ScheduleName convert(String value) {
                for (ScheduleName s : values()) {
                    if (s.toString().equals(value)) {
                        return s;
                    }
                }
                throw new picocli.CommandLine.TypeConversionException("expected one of constant, step, cosine, exponential, "
                        + "plateau, one-cycle, got '" + value + "'");
            }
        }
    }

    @Mixin
    DataOptions data;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Train on your own table instead: a CSV (or .tsv) file with a header; see --target.")
    Path csv;

    @Option(names = "--target", paramLabel = "COLUMN", description = "With --csv: the column to predict.")
    String target;

    @Option(names = "--task", paramLabel = "TASK",
            description = "With --csv: classification or regression (default: inferred from the target column).")
    TabularPreprocessor.Task task;

    @Option(names = "--holdout", defaultValue = "0.2", paramLabel = "FRACTION",
            description = "With --csv: the share of rows held out (seeded) to validate and test on (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--missing", defaultValue = "impute", paramLabel = "POLICY",
            description = "With --csv: impute (training mean or most frequent value) or fail on a missing cell (default: ${DEFAULT-VALUE}).")
    MissingPolicy missing;

    /** The --missing values, as typed. */
    public enum MissingPolicy { impute, fail }

    @Mixin
    NetworkOptions network;

    @Option(names = "--optimizer", defaultValue = TrainDefaults.OPTIMIZER,
            description = "sgd, nesterov (SGD with Nesterov momentum), adam, adamw, rmsprop or adagrad, with PyTorch's "
                    + "defaults (default: ${DEFAULT-VALUE}).")
    OptimizerName optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9",
            description = "Momentum of sgd and nesterov (default: ${DEFAULT-VALUE}); of rmsprop if given (else 0).")
    double momentum;

    @Option(names = "--schedule", defaultValue = TrainDefaults.SCHEDULE, converter = ScheduleName.Converter.class,
            description = "Learning-rate schedule: constant, step, cosine, exponential, plateau (reduce on a validation "
                    + "loss plateau) or one-cycle (--lr is the peak; per batch) (default: ${DEFAULT-VALUE}).")
    ScheduleName schedule;

    @Option(names = "--lr-step", defaultValue = "5", description = "step schedule: epochs per step (default: ${DEFAULT-VALUE}).")
    int lrStep;

    @Option(names = "--lr-gamma", defaultValue = "0.5",
            description = "step and exponential schedules: factor per step or epoch (default: ${DEFAULT-VALUE}).")
    double lrGamma;

    @Option(names = "--warmup", paramLabel = "EPOCHS", defaultValue = "0",
            description = "Linear warm-up of the learning rate from a tenth over this many epochs (PyTorch's LinearLR(0.1)); "
                    + "not with plateau or one-cycle (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--clip-norm", paramLabel = "X",
            description = "Clip the gradients to this global L2 norm before each step (clip_grad_norm_).")
    Double clipNorm;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Stop when the validation loss has not improved for this many epochs, and keep the best epoch's weights.")
    Integer earlyStopping;

    @Option(names = "--augment", paramLabel = "shift=N[,flip]", defaultValue = TrainDefaults.AUGMENT,
            description = "Training-image augmentation, seeded, new every epoch: shift=N moves each image by a random "
                    + "offset in [-N, N] pixels each way (border filled black); flip mirrors it left-right half the time; "
                    + "none for no augmentation (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--batch-size", defaultValue = TrainDefaults.BATCH_SIZE, description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", defaultValue = TrainDefaults.EPOCHS, description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay on weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "EPS",
            description = "Cross-entropy label smoothing, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--class-weights", paramLabel = "WEIGHTS",
            description = "Cross-entropy class weights: balanced (from the training labels' counts) or W,W,... one per class.")
    String classWeights;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation", defaultValue = TrainDefaults.VALIDATION,
            description = "Hold out this many of the last training images for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--limit", paramLabel = "N", description = "Train on at most N images (for quick runs).")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Test on at most N images.")
    Integer testLimit;

    @Option(names = "--standardize", description = "Standardise pixels with the training set's mean and deviation (default: scale to [0,1]).")
    boolean standardize;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to write the run (default: runs/DATASET).")
    Path output;

    @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: DIR/model.safetensors).")
    Path modelFile;

    @Option(names = "--resume", description = "Continue the run in --output from its last checkpoint, or train a finished run further (a larger --epochs).")
    boolean resume;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar (only on a terminal).")
    boolean progress;

    @Option(names = "--speed-every", paramLabel = "N",
            description = "Also print the speed of every N samples, to see how soon training reaches full speed.")
    Integer speedEvery;

    @Option(names = "--warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Before training, run steps of a throwaway copy of the network so that the JIT compiles the kernels "
                    + "first, on another thread while the images load (at most about a second; the run's results are the same either way).")
    boolean warmUp;

    @Mixin
    KernelOptions kernelOptions;

    @Spec
    CommandSpec spec;

    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(1);
    /** Inputs per sample of both image data sets (28×28 pixels), known before their files are read. */
    private static final int IMAGE_FEATURES = 28 * 28;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (csv != null) {
            return new TabularTraining(this).run(out);
        }
        if (target != null || task != null) {
            throw new UsageException("--target and --task go with --csv FILE");
        }
        checkArguments();
        Kernels kernels = kernelOptions.kernels();
        DataSetSpec dataSet = data.spec();
        Path dir = output != null ? output : Path.of("runs", dataSet.name());
        RunFiles files = RunFiles.in(dir, modelFile);
        if (resume && !Files.isRegularFile(files.checkpoint())) {
            throw new UsageException("--resume: no checkpoint in " + dir + " (" + files.checkpoint().getFileName() + " is missing)");
        }

        // The chart's one-off set-up and the kernels' compilation run on other threads while the data are read.
        LearningCurveChart.warmUpInBackground();
        WarmUp.Background background = warmUp ? WarmUp.startInBackground(() -> {
            Sequential throwaway = network.build(IMAGE_FEATURES, dataSet.classes(), seed);
            throwaway.setKernels(kernels);
            return new WarmUp.Setup(throwaway, optimizer(throwaway));
        }, IMAGE_FEATURES, dataSet.classes(), batchSize, WARM_UP_BUDGET) : null;
        DataLocator.Location location;
        DataSplits splits;
        Optional<WarmUp.Result> warmedUp;
        try {
            location = data.locate(dataSet, out);
            splits = DataSplits.load(dataSet, location, validation,
                    trainLimit == null ? Integer.MAX_VALUE : trainLimit, testLimit == null ? Integer.MAX_VALUE : testLimit, standardize);
        } finally {
            // Before anything else uses the kernels (their thread pool serves one caller at a time).
            warmedUp = background == null ? Optional.empty() : background.await();
        }
        InfoLines.println(out, String.format(Locale.ROOT, "Data: %s from %s (%s): %d train, %d validation, %d test images", dataSet.name(),
                location.dir(), location.source(), splits.train().count(), splits.validation().count(), splits.test().count()));

        int inputs = splits.train().width();
        RandomShift augmentation = augmentation(inputs, splits.pixels());
        Sequential net = network.build(inputs, dataSet.classes(), seed);
        net.setKernels(kernels);
        TrainedModel trained = new TrainedModel(net, network.sizes(inputs, dataSet.classes()), dataSet, splits.pixels());
        Optimizer opt = optimizer(net);
        LearningRateSchedule rates = schedule(opt);
        String layers = trained.network();
        InfoLines.println(out, "Network: " + layers + " (" + net.describe() + ")");
        InfoLines.println(out, "Training: " + training(opt) + ", batch " + batchSize + ", " + epochs + " epoch(s), seed " + seed);
        InfoLines.println(out, KernelOptions.describe(kernels));

        Files.createDirectories(dir);
        Trainer<int[]> trainer;
        try {
            int[] trainLabels = java.util.Arrays.copyOf(splits.train().labels(), splits.train().count());
            trainer = new Trainer<>(net, crossEntropy(net, trainLabels, dataSet.classes()), opt).epochs(epochs).batchSize(batchSize).shuffleSeed(seed)
                    .schedule(rates).augment(augmentation).checkpointTo(files.checkpoint());
            controls(trainer);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        runOptions(trainer, dataSet, splits);
        List<EpochMetrics> history = new ArrayList<>();
        if (resume) {
            ResumedOptions.resumeRun(spec, trainer, files, epochs, history, out);
        }

        if (warmUp) {
            String when = " while the data loaded";
            if (warmedUp.isEmpty() || inputs != IMAGE_FEATURES) { // it failed, or warmed up other shapes than these images'
                Sequential throwaway = network.build(inputs, dataSet.classes(), seed);
                throwaway.setKernels(kernels);
                warmedUp = Optional.of(WarmUp.run(throwaway, optimizer(throwaway), Scoring.dataset(splits.train()), batchSize, WARM_UP_BUDGET));
                when = "";
            }
            WarmUp.Result w = warmedUp.get();
            InfoLines.println(out, String.format(Locale.ROOT, "Warm-up: %d steps in %.2f s%s, then %,.0f samples/s", w.steps(), w.nanos() / 1e9,
                    when, w.lastStepSamplesPerSecond()));
        }
        ConsoleReport report = new ConsoleReport(out, System.out, progress && ProgressBar.stdoutIsTerminal(), splits.train().count(),
                batchSize, files.metrics(), history);
        trainer.listener(speedEvery == null ? report : report.showSpeed(new SpeedTimeline(speedEvery)));
        // Ctrl-C ends the JVM; say what was kept and how to go on.
        Thread interrupted = new Thread(() -> System.err.printf(Locale.ROOT,
                "%nlanes train: interrupted after %d complete epoch(s); run the same command with --resume to continue from %s%n",
                trainer.completedEpochs(), files.checkpoint()));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            trainer.fit(Scoring.dataset(splits.train()), splits.validation().count() == 0 ? null : Scoring.dataset(splits.validation()));
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }

        Evaluation test = new Predictor(net, 1000).evaluate(Scoring.dataset(splits.test()));
        double trainSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        double samples = history.stream().mapToDouble(m -> m.seconds() * m.samplesPerSecond()).sum();
        double samplesPerSecond = trainSeconds > 0 ? samples / trainSeconds : 0;
        trained.save(files.model());
        if (!history.isEmpty()) {
            LearningCurveChart.write(files.chart(), dataSet.name() + " " + layers, history);
        }
        if (trainer.stoppedEarly()) {
            InfoLines.println(out, "Early stopping after epoch " + trainer.completedEpochs() + ": kept the weights of the best validation loss");
        }
        new RunSummary(dataSet.name(), layers, training(opt), schedule.toString(),
                batchSize, epochs, seed, kernels.providerName(), kernels.describe(), kernels.threads(),
                Runtime.version().toString(), splits.train().count(), splits.validation().count(), splits.test().count(),
                history.isEmpty() ? Double.NaN : history.getLast().validationAccuracy(), test.loss(), test.accuracy(),
                trainSeconds, samplesPerSecond).write(files.summary());
        InfoLines.println(out, String.format(Locale.ROOT, "Test accuracy: %.2f%% (%d images), test loss %.4f", 100 * test.accuracy(),
                splits.test().count(), test.loss()));
        InfoLines.println(out, String.format(Locale.ROOT, "Speed: %s over %s of training, on %s", HumanUnits.rate(samplesPerSecond, "samples"),
                HumanUnits.seconds(trainSeconds), KernelOptions.describe(kernels).substring("kernels: ".length())));
        List<Path> written = new ArrayList<>(List.of(files.model(), files.checkpoint(), files.metrics()));
        if (!history.isEmpty()) {
            written.add(files.chart());
        }
        written.add(files.summary());
        InfoLines.println(out, "Wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
        return 0;
    }

    /**
     * The optimiser the options name, with PyTorch's defaults for what they do not set (AdamW's weight decay 0.01
     * unless --weight-decay is given, RMSprop's momentum 0 unless --momentum is); its hyper-parameters are checked
     * where they are defined, in nn, once.
     */
    Optimizer optimizer(Sequential net) {
        try {
            return switch (optimizer) {
                case sgd -> new Sgd(net, learningRate, momentum, weightDecay);
                case nesterov -> new Sgd(net, learningRate, momentum, weightDecay, true);
                case adam -> new Adam(net, learningRate, 0.9, 0.999, 1e-8, weightDecay);
                case adamw -> new AdamW(net, learningRate, 0.9, 0.999, 1e-8, given("--weight-decay") ? weightDecay : ADAMW_WEIGHT_DECAY);
                case rmsprop -> new RmsProp(net, learningRate, 0.99, 1e-8, weightDecay, given("--momentum") ? momentum : 0, false);
                case adagrad -> new Adagrad(net, learningRate, 0, weightDecay, 0, 1e-10);
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** PyTorch's default for AdamW. */
    private static final double ADAMW_WEIGHT_DECAY = 0.01;
    /** The warm-up's first factor, as {@code LinearLR(start_factor=0.1, total_iters=warmup)}. */
    static final double WARMUP_START_FACTOR = 0.1;

    /**
     * The learning-rate schedule for {@code opt}. One-cycle cycles the momentum (Adam's and AdamW's β₁) between
     * 0.95 and 0.85 as PyTorch does, for optimisers that have one; not Adagrad's or a momentum-free RMSprop's.
     */
    LearningRateSchedule schedule(Optimizer opt) {
        try {
            LearningRateSchedule base = switch (schedule) {
                case constant -> LearningRateSchedule.constant(learningRate);
                case step -> LearningRateSchedule.step(learningRate, lrStep, lrGamma);
                case cosine -> LearningRateSchedule.cosine(learningRate, epochs, 0);
                case exponential -> LearningRateSchedule.exponential(learningRate, lrGamma);
                case plateau -> new ReduceLrOnPlateau(learningRate);
                case oneCycle -> {
                    OneCycle cycle = LearningRateSchedule.oneCycle(learningRate, epochs);
                    yield opt.hasMomentum() ? cycle : cycle.withoutMomentumCycle();
                }
            };
            return warmup == 0 ? base : base.withLinearWarmup(warmup, WARMUP_START_FACTOR);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Gradient clipping and early stopping, as the options ask. */
    void controls(Trainer<?> trainer) {
        trainer.clipGradients(clipNorm == null ? null : GradientClipping.byNorm(clipNorm))
                .earlyStopping(earlyStopping == null ? null : new EarlyStopping(Monitor.VALIDATION_LOSS, earlyStopping, 0, true));
    }

    /** What trains the network, as printed and in summary.json: optimiser, rate, schedule and the controls. */
    private String training(Optimizer opt) {
        return opt.describe() + ", lr " + learningRate + " (" + schedule + " schedule" + (warmup > 0 ? ", " + warmup
                + " warm-up epoch(s)" : "") + ")" + (clipNorm != null ? ", gradient norm clipped to " + clipNorm : "")
                + (earlyStopping != null ? ", early stopping after " + earlyStopping + " epoch(s) without progress" : "")
                + (augment.equals("none") ? "" : ", augment " + augment);
    }

    /**
     * The --augment option's shift, or null for none. The border's fill is a black pixel in the network's input
     * units (0 when pixels are scaled to [0, 1]; -mean/std when standardised).
     */
    private RandomShift augmentation(int features, Pixels pixels) {
        if (augment.equals("none")) {
            return null;
        }
        int side = (int) Math.round(Math.sqrt(features));
        if (side * side != features) {
            throw new UsageException("--augment needs square images, but the data has " + features + " features per sample");
        }
        int shift = -1;
        boolean flip = false;
        for (String part : augment.split(",", -1)) {
            if (part.startsWith("shift=")) {
                try {
                    shift = Integer.parseInt(part.substring("shift=".length()));
                } catch (NumberFormatException e) {
                    throw new UsageException("--augment " + augment + ": shift=N takes a whole number of pixels");
                }
            } else if (part.equals("flip")) {
                flip = true;
            } else {
                throw new UsageException("--augment " + augment + ": expected shift=N[,flip], flip or none, got '" + part + "'");
            }
        }
        if (shift < 0 && flip) {
            shift = 0; // "flip" alone: mirror only
        }
        if (shift < 0 || shift >= side) {
            throw new UsageException("--augment " + augment + ": shift=N with N in [0, " + side + ") is required");
        }
        try {
            return new RandomShift(side, side, shift, flip, (0 - pixels.mean()) / pixels.std(),
                    SeededRandom.streamSeed(seed, AUGMENT_STREAM));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--augment " + augment + ": " + e.getMessage());
        }
    }

    /** The stream of the run's seed the augmentation's offsets come from (shuffling and dropout use others). */
    private static final long AUGMENT_STREAM = 2;

    /** Whether the user gave an option (rather than its default) on the command line. */
    boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * What a resumed run must share with this one beyond the trainer's own configuration (network, optimiser
     * and its hyper-parameters, batch size, seed), which the checkpoint holds and the trainer compares: the
     * command-line options ({@link ResumedOptions}) and the data they found.
     */
    private void runOptions(Trainer<int[]> trainer, DataSetSpec dataSet, DataSplits splits) {
        ResumedOptions.record(spec, trainer);
        trainer.option("data", dataSet.name())
                .option("trainImages", Integer.toString(splits.train().count()))
                .option("validationImages", Integer.toString(splits.validation().count()))
                .option("pixels", splits.pixels().mean() + "/" + splits.pixels().std());
    }

    /**
     * The classification loss of --label-smoothing and --class-weights (plain softmax cross-entropy without them).
     *
     * @param net the model trained
     * @param trainLabels the training labels, for balanced weights
     * @param classes the number of classes
     * @return the loss
     * @throws UsageException if a setting is out of range or the weights do not fit the classes
     */
    CrossEntropyLoss crossEntropy(Sequential net, int[] trainLabels, int classes) {
        double[] weights = null;
        try {
            if ("balanced".equals(classWeights)) {
                weights = CrossEntropyLoss.balancedClassWeights(trainLabels, classes);
            } else if (classWeights != null) {
                weights = java.util.Arrays.stream(classWeights.split(",")).mapToDouble(w -> Double.parseDouble(w.trim())).toArray();
                if (weights.length != classes) {
                    throw new UsageException("--class-weights: " + weights.length + " weights for " + classes + " classes");
                }
            }
            return new CrossEntropyLoss(net, weights, labelSmoothing);
        } catch (NumberFormatException e) {
            throw new UsageException("--class-weights: expected balanced or numbers separated by commas, got " + classWeights);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--class-weights/--label-smoothing: " + e.getMessage());
        }
    }

    void checkArguments() {
        network.check();
        if (warmup < 0) {
            throw new UsageException("--warmup must be >= 0, got " + warmup);
        }
        if (warmup > 0 && (schedule == ScheduleName.plateau || schedule == ScheduleName.oneCycle)) {
            throw new UsageException("--warmup does not go with --schedule " + schedule + (schedule == ScheduleName.oneCycle
                    ? " (one-cycle warms up by itself)" : " (a plateau schedule follows the validation loss)"));
        }
        if (earlyStopping != null) {
            positive("--early-stopping", earlyStopping);
        }
        // The command's own policy: a run trains at least one epoch (the Trainer accepts 0, e.g. to evaluate a resume).
        // Every hyper-parameter is checked by nn, where it is defined, when the optimiser and trainer are built.
        positive("--epochs", epochs);
        // The Trainer checks it too, but only once the data are loaded: a bad value is named before any work.
        positive("--batch-size", batchSize);
        if (validation < 0) {
            throw new UsageException("--validation must be >= 0, got " + validation);
        }
        if (trainLimit != null) {
            positive("--limit", trainLimit);
        }
        if (testLimit != null) {
            positive("--test-limit", testLimit);
        }
        if (speedEvery != null) {
            positive("--speed-every", speedEvery);
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new UsageException(option + " must be at least 1, got " + value);
        }
    }
}
