package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.nn.datasets.DataLocator;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.spi.KernelsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** What would run here: the kernel providers found, the one selected, its vector width, threads, JDK, data. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the kernel providers found, the one selected, vector width, threads, JDK and where the data sets are.")
public final class InfoCommand implements Callable<Integer> {

    @Mixin
    KernelOptions kernelOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Kernels kernels = kernelOptions.kernels(); // a bad --provider is named before anything is printed
        InfoLines.println(out, "Java:      " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        InfoLines.println(out, "Vector API module: " + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "present" : "absent (start the JVM with --add-modules jdk.incubator.vector)"));
        InfoLines.println(out, "Processors: " + Runtime.getRuntime().availableProcessors());
        InfoLines.println(out, "Providers (highest rank first):");
        for (KernelsProvider provider : Kernels.providers()) {
            String state = provider.unavailableReason().map(r -> "unavailable: " + r).orElse("available: " + provider.describe());
            InfoLines.println(out, String.format(Locale.ROOT, "  %-8s rank %3d  %s", provider.name(), provider.rank(), state));
        }
        InfoLines.println(out, "Selected:  " + KernelOptions.describe(kernels));
        DataLocator locator = DataLocator.forThisMachine(null);
        for (DataSetSpec data : DataSetSpec.KNOWN) {
            String where;
            try {
                DataLocator.Location location = locator.locate(data, null);
                where = location.dir() + " (" + location.source() + ")";
            } catch (Exception e) {
                where = "not on this machine yet (downloaded to " + locator.cacheDir(data) + " on first use)";
            }
            InfoLines.println(out, String.format(Locale.ROOT, "Data %-14s %s", data.name() + ":", where));
        }
        return 0;
    }
}
