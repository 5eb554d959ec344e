package dev.lanes.kernels.vector;

import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The SIMD kernels on the JDK Vector API ({@code jdk.incubator.vector}), rank 100.
 *
 * <p>This class is loaded on every JVM, including one started without {@code --add-modules jdk.incubator.vector},
 * so it must not touch a Vector API type until it knows the module is there: it first looks for the module, then
 * for a JIT that compiles the Vector API (C2), and only then asks {@link PreferredSpecies} — the first class that
 * names a vector type — whether the hardware offers vectors wide enough to be worth it. Lucene's
 * {@code VectorizationProvider} makes the same checks in the same order.
 */
public final class VectorKernelsProvider implements KernelsProvider {
    public static final String NAME = "vector";

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Availability.REASON;
    }

    @Override
    public String describe() {
        return Availability.REASON.map(reason -> "not available here: " + reason).orElseGet(PreferredSpecies::describe);
    }

    @Override
    public KernelsBackend create(int threads) {
        Availability.REASON.ifPresent(reason -> {
            throw new IllegalStateException("The '" + NAME + "' kernel provider cannot run here: " + reason);
        });
        return new VectorKernels(threads);
    }

    /** The verdict is the same for the life of the JVM, so it is reached once. */
    private static final class Availability {
        static final Optional<String> REASON = findReason();
    }

    private static Optional<String> findReason() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return Optional.of("the JVM was started without the Vector API module; pass --add-modules "
                    + VECTOR_MODULE + " to java (and to every forked JVM: Surefire, JMH, exec) to use the SIMD kernels");
        }
        Optional<String> jit = slowJitReason();
        return jit.isPresent() ? jit : PreferredSpecies.unusableReason();
    }

    /**
     * Without C2 the Vector API is not compiled to SIMD instructions: every operation allocates a boxed vector and
     * runs far slower than plain scalar loops. C2 is off with {@code -Xint}, with {@code -XX:TieredStopAtLevel}
     * below 4 (the JVM reports the level-1 case as "emulated-client"), and when a JVMCI compiler replaces it.
     */
    static Optional<String> slowJitReason() {
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("interpreted mode")) {
            return Optional.of("the JIT is off (-Xint), and the Vector API interpreted is far slower than scalar code");
        }
        if (vmInfo.contains("emulated-client")) {
            return Optional.of("the C2 JIT compiler is disabled (client emulation, e.g. -XX:TieredStopAtLevel=1), "
                    + "and without C2 the Vector API is far slower than scalar code");
        }
        Optional<String> tieredStop = hotSpotOption("TieredStopAtLevel");
        if ("true".equals(hotSpotOption("TieredCompilation").orElse("false"))
                && tieredStop.isPresent() && !tieredStop.get().equals("4")) {
            return Optional.of("the C2 JIT compiler is disabled (-XX:TieredStopAtLevel=" + tieredStop.get()
                    + "), and without C2 the Vector API is far slower than scalar code");
        }
        if ("true".equals(hotSpotOption("UseJVMCICompiler").orElse("false"))) {
            return Optional.of("a JVMCI compiler (such as Graal) replaces C2; these kernels are written for C2's "
                    + "Vector API intrinsics");
        }
        return Optional.empty();
    }

    /** A HotSpot flag's value, or empty when this JVM has no such flag or no HotSpot management bean to ask. */
    private static Optional<String> hotSpotOption(String name) {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean == null ? Optional.empty() : Optional.of(bean.getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError notHotSpotOrNoSuchFlag) {
            // Not HotSpot, no jdk.management module in this runtime image, or a flag this VM does not have.
            return Optional.empty();
        }
    }
}
