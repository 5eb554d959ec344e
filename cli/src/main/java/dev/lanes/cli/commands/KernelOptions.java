package dev.lanes.cli.commands;

import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.kernels.Kernels;
import picocli.CommandLine.Option;

/** The options that choose the kernels: which provider and how many threads. */
public final class KernelOptions {

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Kernel provider to use (e.g. vector, scalar); default: the best that can run here (scalar "
                    + "for a small table, see the README).")
    String provider;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per kernel call; default: the number of available processors (${sys:lanes.threads:-all}).")
    Integer threads;

    /**
     * Below this much work in a whole run, counted as rows × epochs × weights of the network (each a multiply-add
     * forward and two backward), the default {@code vector} kernels give way to {@code scalar} ones. The Vector
     * API's code is slow until the JIT's C2 compiler has compiled it, which takes one to two seconds of a run
     * whatever its size (the per-epoch times in metrics.csv fall from 0.9 s to 1 ms on the digits table), while
     * plain loops compile in milliseconds. Measured on scikit-learn's tables (cli/results/tables-2026-12-06.md),
     * scalar is faster from start to end below about 10^9 (breast cancer, 2.7·10^8: 1.2 s scalar against 2.8 s
     * vector) and slower above it (digits, 2·10^9: 3.5 s against 2.0 s).
     */
    static final long SCALAR_BELOW_WORK = 1_000_000_000L;

    /** Whether the last {@link #kernels(long)} gave scalar kernels because the run is small. */
    boolean pickedForSize;

    /** The kernels these options select. */
    public Kernels kernels() {
        return kernels(Long.MAX_VALUE);
    }

    /**
     * The kernels these options select for a run of this much work (see {@link #SCALAR_BELOW_WORK}): when neither
     * --provider nor the {@code lanes.kernels} property names a provider and the default is {@code vector}, a
     * small run gets {@code scalar}.
     *
     * @param work rows × epochs × weights of the run; {@link Long#MAX_VALUE} if unknown
     */
    public Kernels kernels(long work) {
        // Checked before a provider is picked, so that a bad value is reported before the provider's log line.
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be at least 1, got " + threads);
        }
        Kernels kernels;
        try {
            // The default provider is read off the list rather than created: creating the vector provider loads
            // the Vector API's classes, time a small run would spend for nothing.
            pickedForSize = provider == null && System.getProperty("lanes.kernels") == null && work < SCALAR_BELOW_WORK
                    && Kernels.providers().stream().filter(p -> p.unavailableReason().isEmpty()).findFirst()
                            .map(p -> p.name().equals("vector")).orElse(false);
            kernels = pickedForSize ? Kernels.withProvider("scalar") : provider == null ? Kernels.get() : Kernels.withProvider(provider);
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
