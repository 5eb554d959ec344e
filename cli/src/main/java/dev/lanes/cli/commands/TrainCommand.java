package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.cli.data.DataSplits;
import dev.lanes.cli.report.ConsoleReport;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.LearningCurveChart;
import dev.lanes.cli.report.MetricsCsv;
import dev.lanes.cli.report.ProgressBar;
import dev.lanes.cli.report.SpeedTimeline;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.cli.train.RunSummary;
import dev.lanes.cli.train.Scoring;
import dev.lanes.cli.train.WarmUp;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.Sgd;
import dev.lanes.nn.train.Evaluation;
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
import java.util.concurrent.Callable;

/** Trains a fully-connected network on MNIST or Fashion-MNIST and writes the model, metrics and chart. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a fully-connected network (ReLU hidden layers, softmax cross-entropy) on Fashion-MNIST or MNIST.",
                "Writes to --output: model.safetensors, metrics.csv, learning-curve.png, summary.json, and a checkpoint after every epoch."})
public final class TrainCommand implements Callable<Integer> {

    public enum OptimizerName { adam, sgd }

    public enum ScheduleName { constant, step, cosine }

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

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]", hideParamSyntax = true, defaultValue = "256,128",
            description = "Hidden layer sizes (default: ${DEFAULT-VALUE}, i.e. 784-256-128-10).")
    List<Integer> hidden;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    OptimizerName optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "Learning-rate schedule over the epochs: constant, step or cosine (default: ${DEFAULT-VALUE}).")
    ScheduleName schedule;

    @Option(names = "--lr-step", defaultValue = "5", description = "step schedule: epochs per step (default: ${DEFAULT-VALUE}).")
    int lrStep;

    @Option(names = "--lr-gamma", defaultValue = "0.5", description = "step schedule: factor per step (default: ${DEFAULT-VALUE}).")
    double lrGamma;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay on weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation", defaultValue = "10000",
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

    @Option(names = "--resume", description = "Continue the run in --output from its last checkpoint.")
    boolean resume;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar (only on a terminal).")
    boolean progress;

    @Option(names = "--speed-every", paramLabel = "N",
            description = "Also print the speed of every N samples, to see how soon training reaches full speed.")
    Integer speedEvery;

    @Option(names = "--warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Before training, run steps of a throwaway copy of the network so that the JIT compiles the kernels "
                    + "first (at most a second; the run's results are the same either way).")
    boolean warmUp;

    @Mixin
    KernelOptions kernelOptions;

    @Spec
    CommandSpec spec;

    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(1);

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
        RunFiles files = new RunFiles(dir, modelFile != null ? modelFile : dir.resolve("model.safetensors"));
        if (resume && !Files.isRegularFile(files.checkpoint())) {
            throw new UsageException("--resume: no checkpoint in " + dir + " (" + files.checkpoint().getFileName() + " is missing)");
        }

        DataLocator.Location location = data.locate(dataSet, out);
        DataSplits splits = DataSplits.load(dataSet, location, validation,
                trainLimit == null ? Integer.MAX_VALUE : trainLimit, testLimit == null ? Integer.MAX_VALUE : testLimit, standardize);
        out.printf(Locale.ROOT, "Data: %s from %s (%s): %d train, %d validation, %d test images%n", dataSet.name(),
                location.dir(), location.source(), splits.train().count(), splits.validation().count(), splits.test().count());

        int inputs = splits.train().width();
        Sequential net = Nets.mlp(inputs, hidden, dataSet.classes(), Initializers.pytorchDefault(), seed, DType.F32);
        net.setKernels(kernels);
        TrainedModel trained = new TrainedModel(net, sizes(inputs, dataSet.classes()), dataSet, splits.pixels());
        Optimizer opt = optimizer(net);
        LearningRateSchedule rates = schedule();
        String network = trained.network();
        out.println("Network: " + network + " (" + net.describe() + ")");
        out.println("Training: " + opt.describe() + ", lr " + learningRate + " (" + schedule + " schedule), batch "
                + batchSize + ", " + epochs + " epoch(s), seed " + seed);
        out.println(KernelOptions.describe(kernels));

        Files.createDirectories(dir);
        Trainer<int[]> trainer;
        try {
            trainer = new Trainer<>(net, new SoftmaxCrossEntropy(net), opt).epochs(epochs).batchSize(batchSize).shuffleSeed(seed)
                    .schedule(rates).checkpointTo(files.checkpoint());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        runOptions(trainer, dataSet, splits);
        List<EpochMetrics> history = new ArrayList<>();
        if (resume) {
            try {
                trainer.resumeFrom(files.checkpoint());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--resume: the run in " + dir + " was started with other settings; resume with the "
                        + "same options, or train into another --output: " + e.getMessage());
            }
            int done = trainer.completedEpochs();
            if (Files.isRegularFile(files.metrics())) {
                history.addAll(MetricsCsv.read(files.metrics()));
                history.removeIf(m -> m.epoch() > done);
            }
            out.println("Resuming after epoch " + done + " from " + files.checkpoint());
        }

        if (warmUp) {
            Sequential throwaway = Nets.mlp(inputs, hidden, dataSet.classes(), Initializers.pytorchDefault(), seed, DType.F32);
            throwaway.setKernels(kernels);
            WarmUp.Result w = WarmUp.run(throwaway, optimizer(throwaway), Scoring.dataset(splits.train()), batchSize, WARM_UP_BUDGET);
            out.printf(Locale.ROOT, "Warm-up: %d steps in %.2f s, then %,.0f samples/s%n", w.steps(), w.nanos() / 1e9,
                    w.lastStepSamplesPerSecond());
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
            LearningCurveChart.write(files.chart(), dataSet.name() + " " + network, history);
        }
        new RunSummary(dataSet.name(), network, opt.describe() + ", lr " + learningRate, schedule.name(),
                batchSize, epochs, seed, kernels.providerName(), kernels.describe(), kernels.threads(),
                Runtime.version().toString(), splits.train().count(), splits.validation().count(), splits.test().count(),
                history.isEmpty() ? Double.NaN : history.getLast().validationAccuracy(), test.loss(), test.accuracy(),
                trainSeconds, samplesPerSecond).write(files.summary());
        out.printf(Locale.ROOT, "Test accuracy: %.2f%% (%d images), test loss %.4f%n", 100 * test.accuracy(),
                splits.test().count(), test.loss());
        out.printf(Locale.ROOT, "Speed: %,.0f samples/s over %.1f s of training, on %s%n", samplesPerSecond, trainSeconds,
                KernelOptions.describe(kernels).substring("kernels: ".length()));
        out.println("Wrote " + files.model() + ", " + files.metrics() + ", " + files.chart() + ", " + files.summary());
        return 0;
    }

    /** The optimiser the options name; its hyper-parameters are checked where they are defined, in nn, once. */
    Optimizer optimizer(Sequential net) {
        try {
            return switch (optimizer) {
                case adam -> new Adam(net, learningRate, 0.9, 0.999, 1e-8, weightDecay);
                case sgd -> new Sgd(net, learningRate, momentum, weightDecay);
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    LearningRateSchedule schedule() {
        try {
            return switch (schedule) {
                case constant -> LearningRateSchedule.constant(learningRate);
                case step -> LearningRateSchedule.step(learningRate, lrStep, lrGamma);
                case cosine -> LearningRateSchedule.cosine(learningRate, epochs, 0);
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Whether the user gave an option (rather than its default) on the command line. */
    boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private List<Integer> sizes(int inputs, int classes) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(inputs);
        sizes.addAll(hidden);
        sizes.add(classes);
        return List.copyOf(sizes);
    }

    /**
     * What a resumed run must share with this one beyond the trainer's own configuration (network, optimiser
     * and its hyper-parameters, batch size, seed), which the checkpoint holds and the trainer compares: the
     * data and the learning-rate schedule.
     */
    private void runOptions(Trainer<int[]> trainer, DataSetSpec dataSet, DataSplits splits) {
        trainer.option("data", dataSet.name())
                .option("trainImages", Integer.toString(splits.train().count()))
                .option("validationImages", Integer.toString(splits.validation().count()))
                .option("pixels", splits.pixels().mean() + "/" + splits.pixels().std())
                .option("learningRate", Double.toString(learningRate))
                .option("schedule", switch (schedule) {
                    case constant -> "constant";
                    case step -> "step(" + lrStep + ", " + lrGamma + ")";
                    case cosine -> "cosine(" + epochs + " epochs)";
                });
    }

    void checkArguments() {
        for (int h : hidden) {
            if (h < 1) {
                throw new UsageException("--hidden sizes must be positive, got " + hidden);
            }
        }
        // The command's own policy: a run trains at least one epoch (the Trainer accepts 0, e.g. to evaluate a resume).
        // Every hyper-parameter is checked by nn, where it is defined, when the optimiser and trainer are built.
        positive("--epochs", epochs);
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
