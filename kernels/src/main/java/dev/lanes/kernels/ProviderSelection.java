package dev.lanes.kernels;

import dev.lanes.kernels.spi.KernelsProvider;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the kernel providers with {@link ServiceLoader} and picks one: the one the system property
 * {@value #PROVIDER_PROPERTY} names, else the highest-ranked one that can run here. The choice is logged once,
 * and so is each better provider that could not run, with its reason (for the Vector API: the missing
 * {@code --add-modules jdk.incubator.vector}).
 */
final class ProviderSelection {
    static final String PROVIDER_PROPERTY = "lanes.kernels";
    static final String THREADS_PROPERTY = "lanes.threads";

    private static final System.Logger LOG = System.getLogger("dev.lanes.kernels");

    private ProviderSelection() {
    }

    static List<KernelsProvider> all() {
        return ServiceLoader.load(KernelsProvider.class, ProviderSelection.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                // Ties in rank are broken by name so that the choice never depends on class-path order.
                .sorted(Comparator.comparingInt(KernelsProvider::rank).reversed().thenComparing(KernelsProvider::name))
                .toList();
    }

    static KernelsProvider selectDefault() {
        String forced = System.getProperty(PROVIDER_PROPERTY);
        KernelsProvider chosen;
        if (forced != null && !forced.isBlank()) {
            chosen = byName(forced.trim());
        } else {
            chosen = bestAvailable();
        }
        LOG.log(System.Logger.Level.INFO, "Lanes kernels: provider ''{0}'' ({1}), {2} thread(s){3}",
                chosen.name(), chosen.describe(), defaultThreads(),
                forced != null && !forced.isBlank() ? ", chosen by -D" + PROVIDER_PROPERTY : "");
        return chosen;
    }

    private static KernelsProvider bestAvailable() {
        for (KernelsProvider provider : all()) {
            Optional<String> reason = provider.unavailableReason();
            if (reason.isEmpty()) {
                return provider;
            }
            LOG.log(System.Logger.Level.WARNING, "Lanes kernels: provider ''{0}'' cannot run here: {1}",
                    provider.name(), reason.get());
        }
        throw new IllegalStateException("No Lanes kernel provider can run here; the 'scalar' provider of lanes-kernels "
                + "should always be on the class path. Providers found: " + names(all()));
    }

    static KernelsProvider byName(String name) {
        List<KernelsProvider> providers = all();
        for (KernelsProvider provider : providers) {
            if (provider.name().equals(name)) {
                Optional<String> reason = provider.unavailableReason();
                if (reason.isPresent()) {
                    throw new IllegalArgumentException("Lanes kernel provider '" + name + "' cannot run here: " + reason.get());
                }
                return provider;
            }
        }
        throw new IllegalArgumentException("No Lanes kernel provider is named '" + name + "'; found: " + names(providers));
    }

    static int defaultThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + " must be a whole number >= 1, got '" + value + "'");
    }

    private static String names(List<KernelsProvider> providers) {
        return providers.stream().map(KernelsProvider::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
