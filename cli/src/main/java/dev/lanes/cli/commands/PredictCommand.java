package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.IdxReader;
import dev.lanes.cli.model.TabularModel;
import dev.lanes.cli.model.ModelOutputs;
import dev.lanes.cli.model.TrainedModel;
import dev.lanes.nn.tabular.Table;
import dev.lanes.cli.data.PngImages;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.train.Predictor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** Class and probabilities for given images: by index in an IDX file, or PNG files. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict the class of images with a saved model, with the probabilities of the likeliest classes.",
                "Images are picked by index in an IDX file (default: the model's data set's test images) or given as PNG files.",
                "For a model trained with --csv: --csv FILE predicts each row (class and probabilities, or the value)."})
public final class PredictCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--index", split = ",", paramLabel = "INDICES", hideParamSyntax = true,
                description = "Indices of images in the IDX file, comma-separated, as in 0,5,7.")
        List<Integer> indices;

        @Option(names = "--png", split = ",", paramLabel = "FILES", hideParamSyntax = true,
                description = "PNG images, comma-separated (any size: converted to grey and scaled to the model's input size).")
        List<Path> pngs;

        @Option(names = "--csv", paramLabel = "FILE", description = "For a model trained with --csv: a table of rows to predict.")
        Path csv;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "For --csv: write the predictions there as CSV (default: standard output).")
    Path output;

    @Option(names = "--images", paramLabel = "FILE",
            description = "IDX image file for --index (default: the test images of the model's data set).")
    Path images;

    @Option(names = "--invert", description = "For --png: dark drawing on light paper (MNIST images are light on dark).")
    boolean invert;

    @Option(names = "--top", defaultValue = "3", description = "Show the K likeliest classes (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    DataOptions data;

    @Mixin
    KernelOptions kernelOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (source.csv != null) {
            TabularPrediction.write(TabularModel.load(modelOptions.file(), kernelOptions.kernels()), Table.read(source.csv), output, out);
            return 0;
        }
        if (output != null) {
            throw new UsageException("--output goes with --csv");
        }
        TrainedModel model = modelOptions.load(kernelOptions.kernels());
        int inputs = model.inputs();
        int classes = model.classes();
        if (top < 1) {
            throw new UsageException("--top must be at least 1, got " + top);
        }
        List<String> names = new ArrayList<>();
        float[] batch;
        int[] labels = null;
        if (source.indices != null) {
            Path file = images;
            Path labelFile = null;
            if (file == null) {
                DataSetSpec dataSet = data.datasetGiven() ? data.spec() : model.dataSet();
                DataLocator.Location location = data.locate(dataSet, out);
                file = location.file(DataSetSpec.Part.TEST_IMAGES);
                labelFile = location.file(DataSetSpec.Part.TEST_LABELS);
            }
            IdxReader.Images idx = IdxReader.readImages(file);
            if (idx.pixelsPerImage() != inputs) {
                throw new UsageException(file + " has " + idx.rows() + "×" + idx.columns() + " images but the model takes " + inputs + " inputs");
            }
            int[] allLabels = labelFile == null ? null : IdxReader.readLabels(labelFile, classes);
            batch = new float[source.indices.size() * inputs];
            labels = allLabels == null ? null : new int[source.indices.size()];
            for (int i = 0; i < source.indices.size(); i++) {
                int index = source.indices.get(i);
                if (index < 0 || index >= idx.count()) {
                    throw new UsageException("--index " + index + " is outside 0.." + (idx.count() - 1) + " (" + file + ")");
                }
                System.arraycopy(model.pixels().apply(idx, index, index + 1), 0, batch, i * inputs, inputs);
                if (labels != null) {
                    labels[i] = allLabels[index];
                }
                names.add(file.getFileName() + "[" + index + "]");
            }
        } else {
            int side = (int) Math.round(Math.sqrt(inputs));
            if (side * side != inputs) {
                throw new UsageException("the model takes " + inputs + " inputs, not a square image: --png cannot be used");
            }
            batch = new float[source.pngs.size() * inputs];
            for (int i = 0; i < source.pngs.size(); i++) {
                Path png = source.pngs.get(i);
                int[] pixels = PngImages.readGrey(png, side, side, invert);
                for (int p = 0; p < inputs; p++) {
                    batch[i * inputs + p] = model.pixels().apply(pixels[p]);
                }
                names.add(png.toString());
            }
        }
        int n = names.size();
        Tensor probabilities = new Predictor(model.net()).probabilities(Tensor.of(batch, n, inputs));
        ModelOutputs.requireFinite(probabilities, names);
        List<String> classNames = model.dataSet().classNames();
        int k = Math.min(top, classes);
        for (int i = 0; i < n; i++) {
            int row = i;
            List<Integer> ranked = IntStream.range(0, classes).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -probabilities.getFlat(row * classes + c))).toList();
            int best = ranked.getFirst();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %d %s", names.get(i), best, classNames.get(best)));
            if (labels != null) {
                line.append(labels[i] == best ? " (correct)" : " (true: " + labels[i] + " " + classNames.get(labels[i]) + ")");
            }
            line.append("  ");
            for (int r = 0; r < k; r++) {
                int c = ranked.get(r);
                line.append(String.format(Locale.ROOT, "%s%s %.2f%%", r == 0 ? "" : ", ", classNames.get(c),
                        100 * probabilities.getFlat(row * classes + c)));
            }
            out.println(line);
        }
        return 0;
    }
}
