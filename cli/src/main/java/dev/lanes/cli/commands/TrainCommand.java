package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.cli.data.DataLocator;
import dev.lanes.cli.data.DataSetSpec;
import dev.lanes.cli.data.DataSplits;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.LearningCurveChart;
import dev.lanes.cli.report.MetricsCsv;
import dev.lanes.cli.report.ProgressBar;
import dev.lanes.cli.train.EpochLoop;
import dev.lanes.cli.train.Evaluation;
import dev.lanes.cli.train.RunSummary;
import dev.lanes.cli.model.Checkpoint;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.Sgd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]", defaultValue = "256,128",
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

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
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

    @Mixin
    KernelOptions kernelOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        checkArguments();
        Kernels kernels = kernelOptions.kernels();
        DataSetSpec dataSet = data.spec();
        Path dir = output != null ? output : Path.of("runs", dataSet.name());
        Path model = modelFile != null ? modelFile : dir.resolve("model.safetensors");
        RunFiles files = new RunFiles(dir, model);

        DataLocator.Location location = data.locate(dataSet, out);
        DataSplits splits = DataSplits.load(dataSet, location, validation,
                trainLimit == null ? Integer.MAX_VALUE : trainLimit, testLimit == null ? Integer.MAX_VALUE : testLimit, standardize);
        out.printf(Locale.ROOT, "Data: %s from %s (%s): %d train, %d validation, %d test images%n", dataSet.name(),
                location.dir(), location.source(), splits.train().count(), splits.validation().count(), splits.test().count());

        int inputs = splits.train().width();
        Sequential net = Nets.mlp(inputs, hidden, dataSet.classes(), Initializers.pytorchDefault(), seed, DType.F32, kernels);
        Optimizer opt = switch (optimizer) {
            case adam -> new Adam(net, learningRate, 0.9, 0.999, 1e-8, weightDecay);
            case sgd -> new Sgd(net, learningRate, momentum, weightDecay);
        };
        LearningRateSchedule rates = switch (schedule) {
            case constant -> LearningRateSchedule.constant(learningRate);
            case step -> LearningRateSchedule.step(learningRate, lrStep, lrGamma);
            case cosine -> LearningRateSchedule.cosine(learningRate, epochs, 0);
        };
        TrainedModel trained = new TrainedModel(net, TrainedModel.sizes(inputs, hidden, dataSet.classes()), dataSet, splits.pixels());
        String network = trained.network();
        String run = runSettings(dataSet, splits);
        out.println("Network: " + network + " (" + net.describe() + ")");
        out.println("Training: " + opt.describe() + ", " + schedule + " schedule, batch " + batchSize + ", " + epochs
                + " epoch(s), seed " + seed);
        out.println(KernelOptions.describe(kernels));

        Files.createDirectories(dir);
        List<EpochMetrics> history = new ArrayList<>();
        int firstEpoch = 0;
        if (resume) {
            if (!Files.isRegularFile(files.checkpoint())) {
                throw new UsageException("--resume: no checkpoint in " + dir + " (" + files.checkpoint().getFileName() + " is missing)");
            }
            firstEpoch = Checkpoint.restore(files.checkpoint(), trained, opt, run, kernels);
            int done = firstEpoch;
            if (Files.isRegularFile(files.metrics())) {
                history.addAll(MetricsCsv.read(files.metrics()));
                history.removeIf(m -> m.epoch() > done);
            }
            out.println("Resuming after epoch " + firstEpoch + " from " + files.checkpoint());
        }
        EpochLoop loop = new EpochLoop(net, opt, rates, batchSize, seed);
        PrintStream terminal = System.out;
        boolean bar = progress && ProgressBar.stdoutIsTerminal();
        for (int epoch = firstEpoch; epoch < epochs; epoch++) {
            String label = String.format(Locale.ROOT, "epoch %" + String.valueOf(epochs).length() + "d/%d", epoch + 1, epochs);
            ProgressBar progressBar = new ProgressBar(terminal, bar, label, splits.train().count());
            EpochLoop.Result result = loop.run(epoch, splits.train(), progressBar::update);
            progressBar.finish();
            Evaluation valid = Evaluation.of(net, splits.validation(), dataSet.classes(), 1000);
            EpochMetrics metrics = new EpochMetrics(epoch + 1, loop.learningRate(epoch), result.loss(), result.accuracy(),
                    valid.loss(), valid.accuracy(), result.seconds(), result.samplesPerSecond());
            history.add(metrics);
            out.printf(Locale.ROOT, "%s  loss %.4f  train acc %.2f%%  val loss %.4f  val acc %.2f%%  lr %.3g  %.1fs  %,.0f samples/s%n",
                    label, metrics.trainLoss(), 100 * metrics.trainAccuracy(), metrics.validationLoss(),
                    100 * metrics.validationAccuracy(), metrics.learningRate(), metrics.seconds(), metrics.samplesPerSecond());
            MetricsCsv.write(files.metrics(), history);
            Checkpoint.save(files.checkpoint(), trained, opt, epoch + 1, run);
        }

        Evaluation test = Evaluation.of(net, splits.test(), dataSet.classes(), 1000);
        double trainSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        long samples = history.stream().mapToLong(m -> Math.round(m.seconds() * m.samplesPerSecond())).sum();
        double samplesPerSecond = trainSeconds > 0 ? samples / trainSeconds : 0;
        trained.save(files.model());
        if (!history.isEmpty()) {
            LearningCurveChart.write(files.chart(), dataSet.name() + " " + network, history);
        }
        new RunSummary(dataSet.name(), network, opt.describe(), schedule.name(), batchSize,
                epochs, seed, kernels.providerName(), kernels.describe(), kernels.threads(), Runtime.version().toString(),
                splits.train().count(), splits.validation().count(), splits.test().count(),
                history.isEmpty() ? Double.NaN : history.getLast().validationAccuracy(), test.loss(), test.accuracy(),
                trainSeconds, samplesPerSecond).write(files.summary());
        out.printf(Locale.ROOT, "Test accuracy: %.2f%% (%d images), test loss %.4f%n", 100 * test.accuracy(),
                splits.test().count(), test.loss());
        out.printf(Locale.ROOT, "Speed: %,.0f samples/s over %.1f s of training, on %s%n", samplesPerSecond, trainSeconds,
                KernelOptions.describe(kernels).substring("kernels: ".length()));
        out.println("Wrote " + files.model() + ", " + files.metrics() + ", " + files.chart() + ", " + files.summary());
        return 0;
    }

    /** What must be the same for a resumed run to continue this one: everything but the epoch count. */
    private String runSettings(DataSetSpec dataSet, DataSplits splits) {
        return String.format(Locale.ROOT, "data=%s train=%d validation=%d pixels=%s/%s schedule=%s lr=%s step=%d gamma=%s epochs=%s batch=%d seed=%d",
                dataSet.name(), splits.train().count(), splits.validation().count(), splits.pixels().mean(), splits.pixels().std(),
                schedule, learningRate, lrStep, lrGamma, schedule == ScheduleName.cosine ? Integer.toString(epochs) : "-", batchSize, seed);
    }

    private void checkArguments() {
        for (int h : hidden) {
            if (h < 1) {
                throw new UsageException("--hidden sizes must be positive, got " + hidden);
            }
        }
        positive("--batch-size", batchSize);
        positive("--epochs", epochs);
        positive("--lr-step", lrStep);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new UsageException("--lr must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new UsageException("--weight-decay must be >= 0, got " + weightDecay);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new UsageException("--momentum must be in [0, 1), got " + momentum);
        }
        if (validation < 0) {
            throw new UsageException("--validation must be >= 0, got " + validation);
        }
        if (trainLimit != null) {
            positive("--limit", trainLimit);
        }
        if (testLimit != null) {
            positive("--test-limit", testLimit);
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new UsageException(option + " must be at least 1, got " + value);
        }
    }
}
