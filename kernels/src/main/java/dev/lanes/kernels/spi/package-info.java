/**
 * The provider SPI: what a third party implements to supply its own kernels, found with
 * {@link java.util.ServiceLoader} ({@code provides dev.lanes.kernels.spi.KernelsProvider with …} in a module, or
 * {@code META-INF/services/dev.lanes.kernels.spi.KernelsProvider} on the class path). Arguments are validated by
 * {@link dev.lanes.kernels.Kernels} before a backend is called.
 */
package dev.lanes.kernels.spi;
