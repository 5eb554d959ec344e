package dev.lanes.cli.commands;

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
        Kernels kernels = provider == null ? Kernels.get() : Kernels.withProvider(provider);
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            kernels = kernels.withThreads(threads);
        }
        return kernels;
    }

    /** One line for a run's log: provider, what it uses here (vector width), threads. */
    public static String describe(Kernels kernels) {
        return "kernels: " + kernels.providerName() + " (" + kernels.describe() + "), " + kernels.threads() + " thread(s)";
    }
}
