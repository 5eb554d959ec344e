package dev.lanes.kernels.conformance;

import java.util.SplittableRandom;

/**
 * Seeds for the randomised tests. Every case gets its own seed, derived from the base seed, the case family and
 * the case's index, and printed in any failure message together with the case's shape. The data of a case is a
 * pure function of its seed, so a failure replays exactly: rerun the same test (the base seed is fixed, so every
 * build runs the same cases), or construct the printed case (a {@code GemmCase} prints all its fields). Run with
 * {@code ./mvnw -pl kernels test -Dlanes.test.seed=N} (decimal or 0x-hex) to explore other cases; the base seed in
 * use is printed at start.
 */
final class TestSeeds {
    static final long BASE = parse(System.getProperty("lanes.test.seed", "0x1A4E5"));

    static {
        System.out.println("Lanes kernel tests: base seed 0x" + Long.toHexString(BASE)
                + " (replay others with -Dlanes.test.seed=...)");
    }

    private TestSeeds() {
    }

    /** A well-mixed seed for case {@code index} of the case family {@code family}. */
    static long of(String family, int index) {
        return mix(mix(BASE ^ family.hashCode()) + index);
    }

    static SplittableRandom random(long seed) {
        return new SplittableRandom(seed);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long parse(String s) {
        s = s.trim();
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    static String hex(long seed) {
        return "0x" + Long.toHexString(seed) + "L";
    }
}
