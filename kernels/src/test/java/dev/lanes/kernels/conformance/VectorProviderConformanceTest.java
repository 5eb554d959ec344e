package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.vector.VectorKernelsProvider;

/** The Vector API provider passes the conformance suite (Surefire starts the JVM with the Vector API module). */
class VectorProviderConformanceTest extends KernelsConformanceSuite {
    @Override
    protected Kernels kernelsUnderTest() {
        return Kernels.withProvider(VectorKernelsProvider.NAME);
    }
}
