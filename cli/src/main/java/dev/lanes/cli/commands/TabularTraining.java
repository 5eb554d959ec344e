package dev.lanes.cli.commands;

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
import dev.lanes.nn.train.Trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (o.resume) {
            throw new UsageException("--resume is not supported with --csv yet: train again (it takes seconds)");
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
        Table table = Table.read(o.csv);
        Table[] split;
        try {
            split = table.split(o.holdout, o.seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--holdout " + o.holdout + ": " + e.getMessage());
        }
        Table train = split[0], held = split[1];
        TabularPreprocessor pre = TabularPreprocessor.fit(train, o.target, o.task,
                o.missing == TrainCommand.MissingPolicy.fail ? TabularPreprocessor.MissingValues.FAIL
                        : TabularPreprocessor.MissingValues.IMPUTE);
        String name = o.csv.getFileName().toString();
        out.printf(Locale.ROOT, "Data: %s: %d rows, %d training, %d held out; %d input features; %s target '%s'%s%n",
                o.csv, table.size(), train.size(), held.size(), pre.width(), pre.task().name().toLowerCase(Locale.ROOT),
                o.target, pre.task() == Task.CLASSIFICATION ? " with classes " + pre.classNames() : "");

        Kernels kernels = o.kernelOptions.kernels();
        int outputs = pre.task() == Task.CLASSIFICATION ? pre.classNames().size() : 1;
        Sequential net = o.network.build(pre.width(), outputs, o.seed);
        net.setKernels(kernels);
        Optimizer opt = o.optimizer(net);
        LearningRateSchedule rates = o.schedule(opt);
        List<Integer> sizes = o.network.sizes(pre.width(), outputs);
        String network = String.join("-", sizes.stream().map(String::valueOf).toList());
        out.println("Network: " + network + " (" + net.describe() + ")");
        out.println("Training: " + opt.describe() + ", lr " + o.learningRate + " (" + o.schedule + " schedule), batch "
                + o.batchSize + ", " + o.epochs + " epoch(s), seed " + o.seed);
        out.println(KernelOptions.describe(kernels));

        Path dir = o.output != null ? o.output : Path.of("runs", name.replaceFirst("\\.[^.]*$", ""));
        RunFiles files = RunFiles.in(dir, o.modelFile);
        Files.createDirectories(dir);
        List<EpochMetrics> history = new ArrayList<>();
        ConsoleReport report = new ConsoleReport(out, System.out, o.progress && ProgressBar.stdoutIsTerminal(),
                train.size(), o.batchSize, files.metrics(), history);
        if (pre.task() == Task.CLASSIFICATION) {
            fit(new Trainer<>(net, o.crossEntropy(net, pre.classes(train), pre.classNames().size()), opt), pre.classificationData(train),
                    held.size() == 0 ? null : pre.classificationData(held), rates, report);
        } else {
            if (o.classWeights != null || o.labelSmoothing != 0) {
                throw new UsageException("--class-weights and --label-smoothing go with classification, not " + pre.task());
            }
            Loss<Tensor> loss = new MeanSquaredError(net);
            fit(new Trainer<>(net, loss, opt), pre.regressionData(train),
                    held.size() == 0 ? null : pre.regressionData(held), rates, report);
        }
        double trainSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        double samples = history.stream().mapToDouble(m -> m.seconds() * m.samplesPerSecond()).sum();
        new TabularModel(net, pre).save(files.model());
        List<Path> written = new ArrayList<>(List.of(files.model(), files.metrics()));
        if (pre.task() == Task.CLASSIFICATION) { // the chart's right panel is accuracy, which regression has not
            LearningCurveChart.write(files.chart(), name + " " + network, history);
            written.add(files.chart());
        }
        TabularReport.Headline headline = new TabularReport.Headline("none", Double.NaN);
        if (held.size() > 0) {
            out.println("Held-out rows (" + held.size() + "):");
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
        out.printf(Locale.ROOT, "Trained in %s; wrote %s%n", dev.lanes.nn.train.HumanUnits.seconds(trainSeconds),
                String.join(", ", written.stream().map(Path::toString).toList()));
        return 0;
    }

    private <T> void fit(Trainer<T> trainer, Dataset<T> train, Dataset<T> held, LearningRateSchedule rates,
                         ConsoleReport report) {
        TrainCommand o = options;
        try {
            // No checkpoint: a table's run takes seconds, and a checkpoint forced to disk after each of its many
            // short epochs would take most of them.
            trainer.epochs(o.epochs).batchSize(o.batchSize).shuffleSeed(o.seed).schedule(rates).listener(report);
            o.controls(trainer);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        trainer.fit(train, held);
    }
}
