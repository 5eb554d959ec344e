package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.cli.model.TabularModel;
import dev.lanes.cli.report.ConsoleReport;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.LearningCurveChart;
import dev.lanes.cli.report.ProgressBar;
import dev.lanes.cli.report.TabularReport;
import dev.lanes.cli.train.RunSummary;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Nets;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.Loss;
import dev.lanes.nn.loss.MeanSquaredError;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.tabular.Table;
import dev.lanes.nn.tabular.TabularPreprocessor;
import dev.lanes.nn.tabular.TabularPreprocessor.Task;
import dev.lanes.nn.train.HumanUnits;
import dev.lanes.nn.train.Trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code lanes train --csv FILE --target COLUMN}: splits the table's rows (seeded) into training and held-out
 * rows, fits the preprocessing on the training rows, trains a network (softmax cross-entropy for a classification
 * target, mean squared error on the standardised target for regression), validates on the held-out rows after
 * each epoch, and writes the run folder as the image runs do. The defaults suit small tables (one hidden layer of
 * 100, batch 32, 200 epochs, as scikit-learn's MLP defaults) unless the options are given.
 */
final class TabularTraining {

    private final TrainCommand options;

    TabularTraining(TrainCommand options) {
        this.options = options;
    }

    int run(PrintWriter out) throws IOException {
        TrainCommand o = options;
        if (o.target == null) {
            throw new UsageException("--csv needs --target COLUMN: the column to predict");
        }
        if (!o.given("--hidden")) {
            o.network.hidden = List.of(100);
        }
        // The image defaults (TrainDefaults) are chosen for Fashion-MNIST; a table keeps the plain ones.
        if (!o.given("--dropout")) {
            o.network.dropout = 0;
        }
        if (!o.given("--batch-norm")) {
            o.network.batchNorm = false;
        }
        if (!o.given("--optimizer")) {
            o.optimizer = TrainCommand.OptimizerName.adam;
        }
        if (!o.given("--schedule")) {
            o.schedule = TrainCommand.ScheduleName.cosine;
        }
        if (!o.given("--validation")) {
            o.validation = 0; // unused: a table's held-out rows come from --holdout
        }
        if (o.given("--augment") && !o.augment.equals("none")) {
            throw new UsageException("--augment shifts images; it does not go with --csv");
        }
        if (!o.given("--epochs")) {
            o.epochs = 200;
        }
        if (!o.given("--batch-size")) {
            o.batchSize = 32;
        }
        o.checkArguments();
        String name = o.csv.getFileName().toString();
        Path dir = o.output != null ? o.output : Path.of("runs", name.replaceFirst("\\.[^.]*$", ""));
        RunFiles files = RunFiles.in(dir, o.modelFile);
        if (o.resume && !Files.isRegularFile(files.checkpoint())) {
            throw new UsageException("--resume: no checkpoint in " + dir + " (" + files.checkpoint().getFileName() + " is missing)");
        }
        Table table = Table.read(o.csv);
        Table[] split;
        try {
            split = table.split(o.holdout, o.seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--holdout " + o.holdout + ": " + e.getMessage());
        }
        Table train = split[0], held = split[1];
        // The training time reported is the wall clock from here (fitting the preprocessing, as scikit-learn's
        // pipeline.fit does) to the end of the last epoch: what a user waits for, every epoch's bookkeeping included.
        long trainingStart = System.nanoTime();
        TabularPreprocessor pre = TabularPreprocessor.fit(train, o.target, o.task,
                o.missing == TrainCommand.MissingPolicy.fail ? TabularPreprocessor.MissingValues.FAIL
                        : TabularPreprocessor.MissingValues.IMPUTE);
        InfoLines.println(out, String.format(Locale.ROOT, "Data: %s: %d rows, %d training, %d held out; %d input features; %s target '%s'%s",
                o.csv, table.size(), train.size(), held.size(), pre.width(), pre.task().name().toLowerCase(Locale.ROOT),
                o.target, pre.task() == Task.CLASSIFICATION ? " with classes " + pre.classNames() : ""));

        int outputs = pre.task() == Task.CLASSIFICATION ? pre.classNames().size() : 1;
        List<Integer> sizes = o.network.sizes(pre.width(), outputs);
        long weights = 0;
        for (int i = 1; i < sizes.size(); i++) {
            weights += (long) sizes.get(i - 1) * sizes.get(i);
        }
        long work = (long) train.size() * o.epochs * weights;
        Kernels kernels = o.kernelOptions.kernels(work);
        Sequential net = o.network.build(pre.width(), outputs, o.seed);
        net.setKernels(kernels);
        Optimizer opt = o.optimizer(net);
        LearningRateSchedule rates = o.schedule(opt);
        String network = String.join("-", sizes.stream().map(String::valueOf).toList());
        InfoLines.println(out, "Network: " + network + " (" + net.describe() + ")");
        InfoLines.println(out, "Training: " + opt.describe() + ", lr " + o.learningRate + " (" + o.schedule + " schedule), batch "
                + o.batchSize + ", " + o.epochs + " epoch(s), seed " + o.seed);
        InfoLines.println(out, KernelOptions.describe(kernels) + (o.kernelOptions.pickedForSize ? String.format(Locale.ROOT,
                "; picked for a small run (%d rows × %d epochs × %d weights < %.0e; --provider to choose)",
                train.size(), o.epochs, weights, (double) KernelOptions.SCALAR_BELOW_WORK) : ""));

        Files.createDirectories(dir);
        List<EpochMetrics> history = new ArrayList<>();
        ConsoleReport report = new ConsoleReport(out, System.out, o.progress && ProgressBar.stdoutIsTerminal(),
                train.size(), o.batchSize, files.metrics(), history);
        if (pre.task() == Task.CLASSIFICATION) {
            fit(new Trainer<>(net, o.crossEntropy(net, pre.classes(train), pre.classNames().size()), opt), pre.classificationData(train),
                    held.size() == 0 ? null : pre.classificationData(held), rates, report, files, history, out);
        } else {
            if (o.classWeights != null || o.labelSmoothing != 0) {
                throw new UsageException("--class-weights and --label-smoothing go with classification, not " + pre.task());
            }
            Loss<Tensor> loss = new MeanSquaredError(net);
            fit(new Trainer<>(net, loss, opt), pre.regressionData(train),
                    held.size() == 0 ? null : pre.regressionData(held), rates, report, files, history, out);
        }
        double wallSeconds = (System.nanoTime() - trainingStart) / 1e9;
        double trainSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        double samples = history.stream().mapToDouble(m -> m.seconds() * m.samplesPerSecond()).sum();
        new TabularModel(net, pre).save(files.model());
        List<Path> written = new ArrayList<>(List.of(files.model(), files.checkpoint(), files.metrics()));
        if (pre.task() == Task.CLASSIFICATION) { // the chart's right panel is accuracy, which regression has not
            LearningCurveChart.write(files.chart(), name + " " + network, history);
            written.add(files.chart());
        }
        TabularReport.Headline headline = new TabularReport.Headline("none", Double.NaN);
        if (held.size() > 0) {
            InfoLines.println(out, "Held-out rows (" + held.size() + "):");
            headline = TabularReport.print(out, net, pre, held);
        }
        new RunSummary(name, network, opt.describe() + ", lr " + o.learningRate, o.schedule.toString(), o.batchSize, o.epochs,
                o.seed, kernels.providerName(), kernels.describe(), kernels.threads(), Runtime.version().toString(),
                train.size(), held.size(), held.size(),
                history.isEmpty() ? Double.NaN : history.getLast().validationAccuracy(),
                history.isEmpty() ? Double.NaN : history.getLast().validationLoss(),
                headline.name().equals("accuracy") ? headline.value() : Double.NaN,
                trainSeconds, trainSeconds > 0 ? samples / trainSeconds : 0).write(files.summary());
        written.add(files.summary());
        InfoLines.println(out, String.format(Locale.ROOT, "Trained in %s (preprocessing and training, wall clock; the epochs "
                + "alone %s); wrote %s", HumanUnits.seconds(wallSeconds), HumanUnits.seconds(trainSeconds),
                String.join(", ", written.stream().map(Path::toString).toList())));
        return 0;
    }

    /**
     * The least time between two checkpoints of a table's run. A checkpoint is forced to disk (milliseconds),
     * and a small table's epoch takes about a millisecond: one per epoch would take most of the run. The last
     * epoch is always written, so a finished run can be trained further with --resume and a larger --epochs.
     */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private <T> void fit(Trainer<T> trainer, Dataset<T> train, Dataset<T> held, LearningRateSchedule rates,
                         ConsoleReport report, RunFiles files, List<EpochMetrics> history, PrintWriter out) throws IOException {
        TrainCommand o = options;
        try {
            trainer.epochs(o.epochs).batchSize(o.batchSize).shuffleSeed(o.seed).schedule(rates).listener(report)
                    .checkpointTo(files.checkpoint()).checkpointInterval(CHECKPOINT_INTERVAL);
            o.controls(trainer);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // The options (the --csv file among them) and the rows they gave: a resumed run must train on the same.
        ResumedOptions.record(o.spec, trainer);
        trainer.option("trainRows", Integer.toString(train.size()))
                .option("heldOutRows", Integer.toString(held == null ? 0 : held.size()));
        if (o.resume) {
            ResumedOptions.resumeRun(o.spec, trainer, files, o.epochs, history, out);
        }
        trainer.fit(train, held);
    }
}
