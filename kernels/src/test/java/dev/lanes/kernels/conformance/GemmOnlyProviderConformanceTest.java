package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.thirdparty.DelegatingThirdPartyProvider;

/**
 * A third party's provider that overrides only GEMM and inherits every other operation from the SPI's defaults
 * passes the conformance suite: written as a third party would write it, in a few lines.
 */
class GemmOnlyProviderConformanceTest extends KernelsConformanceSuite {
    @Override
    protected Kernels kernelsUnderTest() {
        return Kernels.withProvider(DelegatingThirdPartyProvider.NAME);
    }
}
