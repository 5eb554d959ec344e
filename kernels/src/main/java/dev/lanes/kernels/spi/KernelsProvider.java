package dev.lanes.kernels.spi;

import java.util.Optional;

/**
 * A source of kernel implementations, found with {@link java.util.ServiceLoader}.
 *
 * <p>To add one, implement this interface, return from {@link #create(int)} a {@link KernelsBackend} that overrides
 * only the operation families you accelerate (everything else defaults to the scalar reference), and list the
 * provider class in {@code META-INF/services/dev.lanes.kernels.spi.KernelsProvider} of your jar. The conformance
 * suite in the {@code lanes-kernels} test-jar ({@code dev.lanes.kernels.conformance.KernelsConformanceSuite})
 * checks it against the reference. Lanes picks the provider with the
 * highest {@link #rank()} whose {@link #unavailableReason()} is empty, unless the system property
 * {@code lanes.kernels} names one.
 *
 * <p>A provider class must be loadable on any JVM: it may only touch optional APIs (such as
 * {@code jdk.incubator.vector}) inside {@link #create(int)}, after {@link #unavailableReason()} said it can.
 */
public interface KernelsProvider {

    /**
     * The name a user selects this provider by, e.g. {@code "scalar"}; lower case, no spaces.
     *
     * @return the provider's name, unique among the providers on the class path
     */
    String name();

    /**
     * Higher wins when no provider is named; the scalar reference has rank 0.
     *
     * @return this provider's priority; the vector provider's is above 0
     */
    int rank();

    /**
     * Empty when this provider can run in this JVM; otherwise what is missing and how to fix it.
     *
     * @return empty, or a message a user can act on (e.g. the JVM flag to add)
     */
    Optional<String> unavailableReason();

    /**
     * One line for the start-up log: the SIMD width and lanes this provider will use here.
     *
     * @return a short description, without a line break
     */
    String describe();

    /**
     * Creates a backend that may use up to {@code threads} threads per call (at least 1).
     * Only called when {@link #unavailableReason()} is empty.
     *
     * @param threads the most threads one call may use, ≥ 1
     * @return the backend; never {@code null}, nor may any of its families be
     */
    KernelsBackend create(int threads);
}
