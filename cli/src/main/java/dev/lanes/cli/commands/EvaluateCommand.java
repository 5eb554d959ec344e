package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.cli.data.DataSplits;
import dev.lanes.cli.data.Examples;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.cli.train.Scoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.lanes.cli.model.TabularModel;
import dev.lanes.cli.report.TabularReport;
import dev.lanes.nn.tabular.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** A saved model's accuracy on its data set's test images: overall, per class, and the confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on the test set: accuracy, per-class accuracy, confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions data;

    @Option(names = "--test-limit", paramLabel = "N", description = "Evaluate on the first N test images only.")
    Integer testLimit;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "For a model trained with --csv: rows with the target column to evaluate on.")
    Path csv;

    @Mixin
    KernelOptions kernelOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (csv != null) {
            TabularModel tabular = TabularModel.load(modelOptions.file(), kernelOptions.kernels());
            Table rows = Table.read(csv);
            InfoLines.println(out, "Model: " + modelOptions.model + "; data: " + csv + ", " + rows.size() + " rows");
            TabularReport.print(out, tabular.net(), tabular.preprocessor(), rows);
            return 0;
        }
        TrainedModel model = modelOptions.load(kernelOptions.kernels());
        DataSetSpec dataSet = data.datasetGiven() ? data.spec() : model.dataSet();
        if (dataSet.classes() != model.classes()) {
            throw new UsageException("the model has " + model.classes() + " outputs but " + dataSet.name()
                    + " has " + dataSet.classes() + " classes");
        }
        DataLocator.Location location = data.locate(dataSet, out);
        Examples test = DataSplits.loadTest(dataSet, location, model.pixels(), testLimit == null ? Integer.MAX_VALUE : testLimit);
        if (test.width() != model.inputs()) {
            throw new UsageException("the model takes " + model.inputs() + " inputs but the images of "
                    + location.dir() + " have " + test.width() + " pixels");
        }
        InfoLines.println(out, "Model: " + modelOptions.model + " (" + model.network() + ", trained on " + model.dataSet().name() + ")");
        InfoLines.println(out, "Data: " + dataSet.name() + " test set from " + location.dir() + ", " + test.count() + " images");
        long start = System.nanoTime();
        Scoring.Scores result = Scoring.score(model.net(), test, dataSet.classes());
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = result.evaluation().accuracy();
        InfoLines.println(out, String.format(Locale.ROOT, "Test accuracy: %.2f%% (%d of %d), test loss %.4f, %,.0f images/s", 100 * accuracy,
                Math.round(accuracy * test.count()), test.count(), result.evaluation().loss(), 2 * test.count() / seconds));
        out.print(result.confusion().format(dataSet.classNames()));
        return 0;
    }
}
