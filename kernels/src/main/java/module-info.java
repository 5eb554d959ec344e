/**
 * Lanes kernels: the kernel API ({@link dev.lanes.kernels.Kernels}) and the provider SPI
 * ({@link dev.lanes.kernels.spi.KernelsProvider}). The scalar and Vector API implementations are not exported:
 * they are reached only through {@code Kernels}, as services.
 */
module dev.lanes.kernels {
    exports dev.lanes.kernels;
    exports dev.lanes.kernels.spi;

    // Static: the module must resolve and run without --add-modules jdk.incubator.vector. The vector provider
    // then reports itself unavailable (it checks the boot layer before touching a vector type) and the scalar
    // provider is chosen, with one warning.
    requires static jdk.incubator.vector;
    // The vector provider asks HotSpot whether C2 is on; it copes with a runtime image that lacks these modules.
    requires static java.management;
    requires static jdk.management;

    uses dev.lanes.kernels.spi.KernelsProvider;
    provides dev.lanes.kernels.spi.KernelsProvider with
            dev.lanes.kernels.scalar.ScalarKernelsProvider,
            dev.lanes.kernels.vector.VectorKernelsProvider;
}
