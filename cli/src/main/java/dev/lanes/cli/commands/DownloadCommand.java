package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Makes sure a data set is on this machine, downloading it (MD5-verified) if it is nowhere yet. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Find a data set, or download it from its official address (MD5-verified).",
                "Downloads are kept in ~/.cache/lanes/datasets."})
public final class DownloadCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        DataSetSpec dataSet = data.spec();
        DataLocator.Location location = data.locate(dataSet, out);
        InfoLines.println(out, dataSet.name() + ": " + location.dir() + " (" + location.source() + ")");
        return 0;
    }
}
