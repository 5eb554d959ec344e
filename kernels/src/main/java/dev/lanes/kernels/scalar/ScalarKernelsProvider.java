package dev.lanes.kernels.scalar;

import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;

import java.util.Optional;

/** The portable reference: plain Java loops that run on any JVM and define the expected results. */
public final class ScalarKernelsProvider implements KernelsProvider {
    public static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "portable scalar Java, no SIMD";
    }

    /**
     * Every family's defaults, which are {@link ScalarKernels}. The reference is single-threaded: clarity is its
     * purpose, so {@code threads} is not used.
     */
    @Override
    public KernelsBackend create(int threads) {
        return new KernelsBackend() { };
    }
}
