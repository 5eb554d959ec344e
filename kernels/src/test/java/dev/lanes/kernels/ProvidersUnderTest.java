package dev.lanes.kernels;

import dev.lanes.kernels.spi.KernelsProvider;

import java.util.List;

/**
 * The providers the suite checks: every provider on the class path that can run here, except the reference,
 * so a third party's provider is covered as soon as it is on the class path.
 */
final class ProvidersUnderTest {
    static final String REFERENCE = "scalar";

    private ProvidersUnderTest() {
    }

    static Kernels reference() {
        return Kernels.withProvider(REFERENCE);
    }

    /** The non-reference providers that can run here, with the default thread count. */
    static List<Kernels> fast() {
        return Kernels.providers().stream()
                .filter(p -> p.unavailableReason().isEmpty() && !p.name().equals(REFERENCE))
                .map(p -> Kernels.withProvider(p.name()))
                .toList();
    }

    /** Every provider that can run here, the reference included. */
    static List<Kernels> all() {
        return Kernels.providers().stream()
                .filter(p -> p.unavailableReason().isEmpty())
                .map(KernelsProvider::name)
                .map(Kernels::withProvider)
                .toList();
    }
}
