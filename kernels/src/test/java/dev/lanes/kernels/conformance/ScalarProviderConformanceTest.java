package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.scalar.ScalarKernelsProvider;

/**
 * The reference passes the suite too: its agreement parts compare it with itself, but its argument checks, numerics,
 * gradients and thread behaviour are checked like any provider's.
 */
class ScalarProviderConformanceTest extends KernelsConformanceSuite {
    @Override
    protected Kernels kernelsUnderTest() {
        return Kernels.withProvider(ScalarKernelsProvider.NAME);
    }
}
