package dev.lanes.cli.launcher;

import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;

import java.util.Optional;

/**
 * A third-party kernel provider in its smallest form (the SPI's reference for every operation), which
 * {@link LauncherTest} packs into a jar of its own with its service registration. It is on the test class path
 * but registered nowhere else, so {@code ServiceLoader} finds it only when that jar is on the class path too.
 */
public final class LauncherTestProvider implements KernelsProvider {

    static final String NAME = "launcher-test";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return -10; // never the default choice
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "test-only provider from LANES_CLASSPATH";
    }

    @Override
    public KernelsBackend create(int threads) {
        return new Backend();
    }

    /** Every operation from the SPI's defaults. */
    static final class Backend implements KernelsBackend {
    }
}
