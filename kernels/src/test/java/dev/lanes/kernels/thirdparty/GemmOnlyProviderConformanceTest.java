package dev.lanes.kernels.thirdparty;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.conformance.KernelsConformanceSuite;

/**
 * A third party's provider that overrides only GEMM and inherits every other operation from the SPI's defaults
 * passes the conformance suite. Written as a third party would write it, in its own package, in a few lines.
 */
class GemmOnlyProviderConformanceTest extends KernelsConformanceSuite {
    @Override
    protected Kernels kernelsUnderTest() {
        return Kernels.withProvider(GemmOnlyThirdPartyProvider.NAME);
    }
}
