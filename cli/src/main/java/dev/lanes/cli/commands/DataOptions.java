package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.Downloader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Which data set, and where it comes from. */
public final class DataOptions {

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "fashion-mnist or mnist (default: fashion-mnist; for a saved model, the one it was trained on).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder holding the four IDX files (gzipped or not). Default: $" + DataLocator.ENV_VAR
                    + ", then%n~/.cache/lanes/datasets/NAME, then%n/usr/share/datasets/NAME, then a download.")
    Path dataDir;

    @Option(names = "--no-download", description = "Never download: fail if the data set is not on this machine.")
    boolean noDownload;

    @Option(names = "--mirror", paramLabel = "URL", hidden = true,
            description = "Download from this address instead of the data set's official one.")
    URI mirror;

    /** Whether {@code --dataset} was given. */
    public boolean datasetGiven() {
        return dataset != null;
    }

    public DataSetSpec spec() {
        DataSetSpec spec;
        try {
            spec = DataSetSpec.byName(dataset == null ? DataSetSpec.FASHION_MNIST.name() : dataset);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--dataset: " + e.getMessage());
        }
        return mirror == null ? spec : spec.withBaseUrl(mirror);
    }

    public DataLocator.Location locate(DataSetSpec spec, PrintWriter log) throws IOException {
        Downloader downloader = noDownload ? null : new Downloader(Duration.ofSeconds(60), log::println);
        return DataLocator.forThisMachine(downloader).locate(spec, dataDir);
    }
}
