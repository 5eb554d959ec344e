package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.kernels.Kernels;
import picocli.CommandLine.Option;

/** The options that choose the kernels: which provider and how many threads. */
public final class KernelOptions {

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Kernel provider to use (e.g. vector, scalar); default: the best that can run here.")
    String provider;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per kernel call; default: the number of available processors (${sys:lanes.threads:-all}).")
    Integer threads;

    /** The kernels these options select. */
    public Kernels kernels() {
        // Checked before a provider is picked, so that a bad value is reported before the provider's log line.
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be at least 1, got " + threads);
        }
        Kernels kernels;
        try {
            kernels = provider == null ? Kernels.get() : Kernels.withProvider(provider);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--provider: " + e.getMessage());
        }
        return threads == null ? kernels : kernels.withThreads(threads);
    }

    /** One line for a run's log: provider, what it uses here (vector width), threads. */
    public static String describe(Kernels kernels) {
        return "kernels: " + kernels.providerName() + " (" + kernels.describe() + "), " + kernels.threads() + " thread(s)";
    }
}
