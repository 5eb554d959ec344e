package dev.lanes.kernels;

/**
 * The main class {@link ProviderSelectionTest} runs in a fresh JVM (with or without the Vector API module, with
 * system properties): prints the provider {@link Kernels#get()} picks and its thread count, as
 * {@code provider=NAME threads=N}. Anything thrown propagates, so the test sees what a user would.
 * It must not touch jdk.incubator.vector itself.
 */
public final class SelectionProbe {
    private SelectionProbe() {
    }

    public static void main(String[] args) {
        if (Boolean.getBoolean("probe.twice")) {
            // An application that catches the first failure and tries again must see the same clear error,
            // not a follow-on one.
            for (int attempt = 1; attempt <= 2; attempt++) {
                try {
                    Kernels.get();
                    System.out.println("attempt " + attempt + ": ok");
                } catch (Throwable t) {
                    System.out.println("attempt " + attempt + ": " + t.getClass().getName() + ": " + t.getMessage());
                }
            }
            return;
        }
        Kernels kernels = args.length > 0 ? Kernels.withProvider(args[0]) : Kernels.get();
        // Use it once, so a provider that only fails when working would show.
        float[] c = new float[1];
        kernels.gemm(Transpose.NONE, Transpose.NONE, 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
        if (c[0] != 6f) {
            throw new AssertionError("2·3 = " + c[0]);
        }
        System.out.println("provider=" + kernels.providerName() + " threads=" + kernels.threads());
    }
}
